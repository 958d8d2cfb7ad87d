import type { Domain, Scalar } from '../spec.js';
import { numberOf, type ImportedParam, type ImportedSpace, type ImportProblem } from './imported.js';

/**
 * Optuna distributions as JSON: an object from parameter name to what `optuna.distributions.distribution_to_json`
 * writes (a JSON string, or the same object unparsed): `{"name": "FloatDistribution", "attributes": {...}}`.
 * `{"distributions": {...}}` (a trial's `distributions` dumped with its key) is accepted too. Float/Int
 * distributions with `log`/`step`, Categorical, and the pre-3.0 Uniform, LogUniform, DiscreteUniform,
 * IntUniform, IntLogUniform names are read. An int distribution on a log scale has no .nas equivalent: its
 * values are kept (a randint), its log prior is reported as lost.
 */
export function importOptunaJson(text: string, name: string): ImportedSpace {
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (error) {
        return { name, params: [], problems: [{ location: 'file', message: `not JSON: ${(error as Error).message}` }] };
    }
    if (isObject(data) && isObject(data.distributions)) data = data.distributions;
    if (!isObject(data)) return { name, params: [], problems: [{ location: 'file', message: 'expected a JSON object from parameter names to Optuna distributions' }] };
    const params: ImportedParam[] = [];
    const problems: ImportProblem[] = [];
    for (const [key, raw] of Object.entries(data)) {
        let dist: unknown = raw;
        if (typeof raw === 'string') {
            try {
                dist = JSON.parse(raw);
            } catch {
                dist = undefined;
            }
        }
        if (!isObject(dist) || typeof dist.name !== 'string' || !isObject(dist.attributes)) {
            problems.push({ location: key, message: 'not an Optuna distribution ({"name": ..., "attributes": {...}}); skipped' });
            continue;
        }
        const domain = optunaDomain(key, dist.name, dist.attributes, problems);
        if (domain) params.push({ name: key, domain });
    }
    return { name, params, problems };
}

function optunaDomain(key: string, kind: string, a: Record<string, unknown>, problems: ImportProblem[]): Domain | undefined {
    const low = numberOf(a.low);
    const high = numberOf(a.high);
    const step = numberOf(a.step) ?? numberOf(a.q);
    const log = a.log === true || kind === 'LogUniformDistribution' || kind === 'IntLogUniformDistribution';
    const range = (): boolean => {
        if (low !== undefined && high !== undefined) return true;
        problems.push({ location: key, message: `${kind} needs low and high; skipped` });
        return false;
    };
    switch (kind) {
        case 'CategoricalDistribution': {
            const choices = Array.isArray(a.choices) ? a.choices : [];
            const bad = choices.findIndex((c) => !(typeof c === 'string' || typeof c === 'boolean' || typeof c === 'number'));
            if (bad >= 0 || choices.length === 0) {
                problems.push({ location: `${key}.attributes.choices`, message: 'choices must be numbers, strings or booleans (None has no .nas equivalent); skipped' });
                return undefined;
            }
            return { type: 'choice', values: choices as Scalar[] };
        }
        case 'FloatDistribution':
        case 'UniformDistribution':
        case 'LogUniformDistribution':
        case 'DiscreteUniformDistribution':
            if (!range()) return undefined;
            if (step !== undefined) return log ? { type: 'qloguniform', low: low!, high: high!, q: step } : { type: 'quniform', low: low!, high: high!, q: step };
            return log ? { type: 'loguniform', low: low!, high: high! } : { type: 'uniform', low: low!, high: high! };
        case 'IntDistribution':
        case 'IntUniformDistribution':
        case 'IntLogUniformDistribution':
            if (!range()) return undefined;
            if (log) problems.push({ location: `${key}.attributes.log`, message: 'an integer on a log scale has no .nas equivalent: its values are kept (randint), its log prior is lost' });
            return { type: 'randint', low: low!, high: high!, step: step ?? 1, highInclusive: true };
        default:
            problems.push({ location: `${key}.name`, message: `distribution '${kind}' has no .nas equivalent; skipped` });
            return undefined;
    }
}

function isObject(x: unknown): x is Record<string, unknown> {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
