import { Document, isScalar, isSeq, visit } from 'yaml';
import type { Domain } from '../spec.js';
import { conditionText, randintMax, type ExportWarning } from './decisions.js';
import { formatHint, type ExportInput } from './input.js';

/**
 * A Katib `Experiment` (kubeflow.org/v1beta1, YAML): `spec.objective` from the evaluator, `spec.algorithm`
 * random, `spec.parameters` with `parameterType` (int, double, categorical, discrete) and `feasibleSpace`
 * (values as strings, as Katib's API types them), and a `trialTemplate` whose `trialParameters` reference every
 * parameter. The trial's container runs a `command(...)` evaluator's command line when the evaluator is one
 * (`{param}` placeholders become `${trialParameters.param}`), else `python3 train.py --param=...`; its image
 * is a placeholder to replace. Katib has no conditional parameters (comment + warning, as W&B).
 */
export function exportKatib(input: ExportInput): { text: string; warnings: ExportWarning[] } {
    const warnings: ExportWarning[] = [...input.flat.warnings];
    const parameters = input.flat.decisions.map((d) => {
        const { parameterType, feasibleSpace, warning } = katibDomain(d.name, d.domain);
        if (warning) warnings.push({ construct: d.name, message: warning });
        return { name: d.name, parameterType, feasibleSpace };
    });
    const trialNames = new Map(input.flat.decisions.map((d) => [d.name, trialParameterName(d.name)]));
    const objective = input.objective ?? { metric: 'metric', goal: 'maximize' as const, additional: [] };
    if (!input.objective) warnings.push({ construct: input.flat.name, message: `no evaluator measures space ${input.flat.name}: objectiveMetricName is the placeholder 'metric'` });
    const ref = (name: string): string => `\${trialParameters.${trialNames.get(name)}}`;
    const command = input.objective?.command
        ? ['sh', '-c', input.objective.command.replace(/\{([^{}]+)\}/g, (all, name: string) => (trialNames.has(name) ? ref(name) : all))]
        : ['python3', 'train.py', ...input.flat.decisions.map((d) => `--${d.name}=${ref(d.name)}`)];
    const spec: Record<string, unknown> = {
        objective: {
            type: objective.goal,
            objectiveMetricName: objective.metric,
            ...(objective.additional.length > 0 ? { additionalMetricNames: objective.additional } : {}),
        },
        algorithm: { algorithmName: 'random' },
        parallelTrialCount: 2,
        maxTrialCount: 20,
        maxFailedTrialCount: 3,
        parameters,
        trialTemplate: {
            primaryContainerName: 'training-container',
            trialParameters: input.flat.decisions.map((d) => ({ name: trialNames.get(d.name), description: d.name, reference: d.name })),
            trialSpec: {
                apiVersion: 'batch/v1',
                kind: 'Job',
                spec: { template: { spec: { containers: [{ name: 'training-container', image: 'docker.io/REPLACE/trainer:latest', command }], restartPolicy: 'Never' } } },
            },
        },
    };
    const doc = new Document({ apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment', metadata: { name: dnsName(input.flat.name), namespace: 'kubeflow' }, spec });
    const header = [`Katib Experiment for ${input.flat.name}, exported by lissnas from ${input.source}.`, 'Replace the trial image; trial parameters are passed on the command line.'];
    for (const c of input.flat.components) if (c.kind === 'members') header.push(`Decode '${c.prefix}': ${formatHint(c.baseKind)}.`);
    if (input.flat.components.some((c) => c.kind === 'graph')) header.push('Graph components: most adjacency assignments are not valid graphs; check validity in the trial.');
    input.flat.decisions.forEach((d, i) => {
        if (!d.when) return;
        warnings.push({ construct: d.name, message: `${d.name}: Katib cannot express 'when ${conditionText(d.when)}'; exported unconditionally` });
        const node = doc.getIn(['spec', 'parameters', i], true) as { commentBefore?: string } | undefined;
        if (node) node.commentBefore = ` Katib has no conditional parameters: lissnas uses ${d.name} only when ${conditionText(d.when)}`;
    });
    doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
    // Short lists of scalars on one line (`values: [64, 128, 256]`), as such files are written by hand.
    visit(doc, {
        Seq(_key, node) {
            if (isSeq(node) && node.items.every((item) => isScalar(item)) && node.items.reduce((n, item) => n + String((item as { value: unknown }).value).length + 2, 0) <= 100) node.flow = true;
        },
    });
    return { text: doc.toString({ lineWidth: 0 }), warnings };
}

/** Katib names trial parameters in `${trialParameters.NAME}`: letters, digits and `_` only. */
export function trialParameterName(name: string): string {
    return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A Kubernetes object name (DNS-1123 label): lowercase letters, digits and `-`, at most 63 characters. */
export function dnsName(name: string): string {
    const s = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
    return s === '' ? 'lissnas-space' : s;
}

const str = (x: number): string => String(x);

export function katibDomain(name: string, d: Domain): { parameterType: string; feasibleSpace: Record<string, unknown>; warning?: string } {
    switch (d.type) {
        case 'choice':
            if (d.values.some((v) => typeof v === 'boolean')) {
                return { parameterType: 'categorical', feasibleSpace: { list: d.values.map(String) }, warning: `${name}: Katib has no booleans; ${d.values.map(String).join(', ')} exported as categorical strings` };
            }
            return d.values.every((v) => typeof v === 'number')
                ? { parameterType: 'discrete', feasibleSpace: { list: d.values.map(String) } }
                : { parameterType: 'categorical', feasibleSpace: { list: d.values.map(String) } };
        case 'randint':
            return { parameterType: 'int', feasibleSpace: { min: str(d.low), max: str(randintMax(d)), ...(d.step !== 1 ? { step: str(d.step) } : {}) } };
        case 'uniform':
            return { parameterType: 'double', feasibleSpace: { min: str(d.low), max: str(d.high), distribution: 'uniform' } };
        case 'loguniform':
            return { parameterType: 'double', feasibleSpace: { min: str(d.low), max: str(d.high), distribution: 'logUniform' } };
        case 'quniform':
            return { parameterType: 'double', feasibleSpace: { min: str(d.low), max: str(d.high), step: str(d.q), distribution: 'uniform' } };
        case 'qloguniform':
            return { parameterType: 'double', feasibleSpace: { min: str(d.low), max: str(d.high), step: str(d.q), distribution: 'logUniform' } };
        case 'normal':
        case 'qnormal':
        case 'lognormal':
        case 'qlognormal': {
            const log = d.type === 'lognormal' || d.type === 'qlognormal';
            const lo = d.mu - 3 * d.sigma;
            const hi = d.mu + 3 * d.sigma;
            return {
                parameterType: 'double',
                feasibleSpace: { min: str(log ? Math.exp(lo) : lo), max: str(log ? Math.exp(hi) : hi), ...('q' in d ? { step: str(d.q) } : {}), distribution: log ? 'logNormal' : 'normal' },
                warning: `${name}: Katib's ${log ? 'logNormal' : 'normal'} takes a range, not mu and sigma; ${d.type}(${d.mu}, ${d.sigma}) exported over mu ± 3 sigma`,
            };
        }
    }
}
