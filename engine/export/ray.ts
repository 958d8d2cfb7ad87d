import type { Domain } from '../spec.js';
import { randintMax, randintValues, type ExportWarning } from './decisions.js';
import type { ExportInput } from './input.js';
import { py, pyCondition, pyDecoder, pyList } from './python.js';

/**
 * A Ray Tune module: `param_space`, a dict for `tune.Tuner(..., param_space=param_space)`, with Ray's own
 * sampling functions (`tune.choice`, `tune.randint`, `tune.qrandint`, `tune.uniform`, `tune.loguniform`,
 * `tune.quniform`, `tune.qloguniform`, `tune.randn`, `tune.qrandn`). Ray has no conditional domains: a
 * parameter with a `when` is a `tune.sample_from` that reads the other parameters from `spec.config` and is
 * None when its condition is false. Architecture components come with `decode(config)` (python.ts).
 */
export function exportRay(input: ExportInput): { text: string; warnings: ExportWarning[] } {
    const warnings: ExportWarning[] = input.flat.warnings.filter((w) => !w.message.includes('graph validity'));
    const entries: string[] = [];
    for (const d of input.flat.decisions) {
        if (d.when) {
            const cond = pyCondition(d.when, (n) => `_get(spec, ${py(n)})`);
            entries.push(`    ${py(d.name)}: tune.sample_from(lambda spec: ${randomExpr(d.domain)} if ${cond} else None),`);
        } else {
            entries.push(`    ${py(d.name)}: ${tuneExpr(d.domain)},`);
        }
    }
    for (const c of input.flat.components) {
        if (c.kind === 'graph') warnings.push({ construct: c.prefix, message: `graph ${c.prefix}: Ray samples adjacency bits independently; decode(config) raises InvalidArchitecture for invalid graphs; isomorphism is lost` });
    }
    const text = [
        `"""Search space ${input.flat.name} for Ray Tune, exported by lissnas from ${input.source}.`,
        '',
        'Use: tune.Tuner(trainable, param_space=param_space).fit(); a conditional parameter is None when',
        'its condition is false."""',
        'import math',
        'import random',
        '',
        'from ray import tune',
        '',
        '',
        'def _get(spec, name):',
        '    """Another parameter of the trial (None when it is inactive). Attribute access: Tune\'s guard raises for one',
        '    not resolved yet and retries this function after it; dotted names work too."""',
        '    return getattr(spec.config, name)',
        '',
        '',
        'param_space = {',
        ...entries,
        '}',
        '',
        pyDecoder(input.flat.components),
    ].join('\n');
    return { text: text.replace(/\n+$/, '\n'), warnings };
}

function tuneExpr(d: Domain): string {
    switch (d.type) {
        case 'choice':
            return `tune.choice(${pyList(d.values, '    ')})`;
        case 'randint': {
            const max = randintMax(d);
            if (d.step === 1) return `tune.randint(${d.low}, ${max + 1})`;
            // qrandint rounds to multiples of q (upper inclusive): the same set only when low is one.
            return d.low % d.step === 0 ? `tune.qrandint(${d.low}, ${max}, ${d.step})` : `tune.choice(${py(randintValues(d))})`;
        }
        case 'uniform':
            return `tune.uniform(${d.low}, ${d.high})`;
        case 'loguniform':
            return `tune.loguniform(${d.low}, ${d.high})`;
        case 'quniform':
            return `tune.quniform(${d.low}, ${d.high}, ${d.q})`;
        case 'qloguniform':
            return `tune.qloguniform(${d.low}, ${d.high}, ${d.q})`;
        case 'normal':
            return `tune.randn(${d.mu}, ${d.sigma})`;
        case 'qnormal':
            return `tune.qrandn(${d.mu}, ${d.sigma}, ${d.q})`;
        case 'lognormal':
        case 'qlognormal':
            return `tune.sample_from(lambda spec: ${randomExpr(d)})`;
    }
}

/** A Python expression drawing from the domain with the standard `random` module (for `sample_from`). */
function randomExpr(d: Domain): string {
    const q = (x: string, step: number): string => `round(${x} / ${step}) * ${step}`;
    switch (d.type) {
        case 'choice':
            return `random.choice(${py(d.values)})`;
        case 'randint':
            return `random.randrange(${d.low}, ${randintMax(d) + 1}, ${d.step})`;
        case 'uniform':
            return `random.uniform(${d.low}, ${d.high})`;
        case 'loguniform':
            return `math.exp(random.uniform(math.log(${d.low}), math.log(${d.high})))`;
        case 'quniform':
            return q(`random.uniform(${d.low}, ${d.high})`, d.q);
        case 'qloguniform':
            return q(`math.exp(random.uniform(math.log(${d.low}), math.log(${d.high})))`, d.q);
        case 'normal':
            return `random.gauss(${d.mu}, ${d.sigma})`;
        case 'qnormal':
            return q(`random.gauss(${d.mu}, ${d.sigma})`, d.q);
        case 'lognormal':
            return `math.exp(random.gauss(${d.mu}, ${d.sigma}))`;
        case 'qlognormal':
            return q(`math.exp(random.gauss(${d.mu}, ${d.sigma}))`, d.q);
    }
}
