import { Document, isScalar, isSeq, visit } from 'yaml';
import type { Domain } from '../spec.js';
import { conditionText, randintMax, randintValues, type ExportWarning } from './decisions.js';
import { formatHint, type ExportInput } from './input.js';

/**
 * A W&B sweep configuration (YAML): `method`, `metric` (from the evaluator), `parameters` with `values` or
 * `distribution` + `min`/`max`/`q`/`mu`/`sigma`. W&B has no conditional parameters: a parameter with a
 * `when` is exported unconditionally, with a YAML comment on it and a warning. A shrunk space's decoder is a
 * comment at the top.
 */
export function exportWandb(input: ExportInput): { text: string; warnings: ExportWarning[] } {
    const warnings: ExportWarning[] = [...input.flat.warnings];
    const parameters: Record<string, Record<string, unknown>> = {};
    for (const d of input.flat.decisions) parameters[d.name] = wandbDomain(d.domain);
    const config: Record<string, unknown> = {
        name: input.flat.name,
        description: `exported by lissnas from ${input.source}`,
        method: 'random',
    };
    if (input.objective) config.metric = { name: input.objective.metric, goal: input.objective.goal };
    else warnings.push({ construct: input.flat.name, message: `no evaluator measures space ${input.flat.name}: the sweep has no metric (add one for method bayes)` });
    config.parameters = parameters;
    const doc = new Document(config);
    const header = [`W&B sweep for ${input.flat.name}, exported by lissnas from ${input.source}.`];
    for (const c of input.flat.components) if (c.kind === 'members') header.push(`Decode '${c.prefix}': ${formatHint(c.baseKind)}.`);
    for (const d of input.flat.decisions) {
        if (!d.when) continue;
        const text = `W&B has no conditional parameters: lissnas uses ${d.name} only when ${conditionText(d.when)}; ignore it otherwise`;
        warnings.push({ construct: d.name, message: `${d.name}: W&B cannot express 'when ${conditionText(d.when)}'; exported unconditionally` });
        const node = doc.getIn(['parameters', d.name], true) as { commentBefore?: string } | undefined;
        if (node) node.commentBefore = ` ${text}`;
    }
    if (input.flat.components.some((c) => c.kind === 'graph')) header.push('Graph components: most adjacency assignments are not valid graphs; check validity in the training script.');
    doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
    // Short lists of scalars on one line (`values: [64, 128, 256]`), as such files are written by hand.
    visit(doc, {
        Seq(_key, node) {
            if (isSeq(node) && node.items.every((item) => isScalar(item)) && node.items.reduce((n, item) => n + String((item as { value: unknown }).value).length + 2, 0) <= 100) node.flow = true;
        },
    });
    return { text: doc.toString({ lineWidth: 0 }), warnings };
}

export function wandbDomain(d: Domain): Record<string, unknown> {
    switch (d.type) {
        case 'choice':
            return { values: d.values.slice() };
        case 'randint':
            return d.step === 1 ? { distribution: 'int_uniform', min: d.low, max: randintMax(d) } : { values: randintValues(d) };
        case 'uniform':
            return { distribution: 'uniform', min: d.low, max: d.high };
        case 'loguniform':
            return { distribution: 'log_uniform_values', min: d.low, max: d.high };
        case 'quniform':
            return { distribution: 'q_uniform', min: d.low, max: d.high, q: d.q };
        case 'qloguniform':
            return { distribution: 'q_log_uniform_values', min: d.low, max: d.high, q: d.q };
        case 'normal':
            return { distribution: 'normal', mu: d.mu, sigma: d.sigma };
        case 'qnormal':
            return { distribution: 'q_normal', mu: d.mu, sigma: d.sigma, q: d.q };
        case 'lognormal':
            return { distribution: 'log_normal', mu: d.mu, sigma: d.sigma };
        case 'qlognormal':
            return { distribution: 'q_log_normal', mu: d.mu, sigma: d.sigma, q: d.q };
    }
}
