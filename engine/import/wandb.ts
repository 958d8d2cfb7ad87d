import type { Domain, Scalar } from '../spec.js';
import { numberOf, type ImportedParam, type ImportedSpace, type ImportProblem } from './imported.js';
import { readYaml } from './yaml-source.js';

/**
 * A W&B sweep configuration (YAML) to lissnas parameters: `values` / `value` are choices, `distribution`s map
 * to the shared vocabulary (`int_uniform` is an inclusive randint, `log_uniform_values` loguniform,
 * `log_uniform` takes exponents: loguniform(e^min, e^max)). Nested `parameters:` flatten to dotted names.
 * `probabilities`, `inv_log_uniform*` and unknown keys have no equivalent: reported with line:col.
 */
export function importWandb(text: string, fallbackName: string): ImportedSpace {
    const src = readYaml(text);
    if (!src.data) return { name: fallbackName, params: [], problems: src.errors.map((e) => ({ location: e.split(': ')[0], message: `not YAML: ${e}` })) };
    const problems: ImportProblem[] = [];
    const data = src.data as Record<string, unknown>;
    const name = typeof data.name === 'string' && data.name.trim() !== '' ? data.name : fallbackName;
    if (!isObject(data.parameters)) {
        return { name, params: [], problems: [{ location: src.at(['parameters']), message: 'a W&B sweep needs a `parameters` mapping' }] };
    }
    const params: ImportedParam[] = [];
    const read = (obj: Record<string, unknown>, path: string[], prefix: string): void => {
        for (const [key, spec] of Object.entries(obj)) {
            const at = [...path, key];
            const full = prefix === '' ? key : `${prefix}.${key}`;
            if (!isObject(spec)) {
                problems.push({ location: src.at(at), message: `${full}: a parameter is a mapping (values, value, distribution, min, max, ...); skipped` });
                continue;
            }
            if (isObject(spec.parameters)) {
                read(spec.parameters, [...at, 'parameters'], full);
                continue;
            }
            const domain = wandbDomain(spec, full, (k) => src.at(k === undefined ? at : [...at, k]), problems);
            if (domain) params.push({ name: full, domain });
        }
    };
    read(data.parameters, ['parameters'], '');
    return { name, params, problems };
}

const KNOWN = new Set(['values', 'value', 'distribution', 'min', 'max', 'q', 'mu', 'sigma', 'parameters']);

function wandbDomain(spec: Record<string, unknown>, name: string, at: (key?: string) => string, problems: ImportProblem[]): Domain | undefined {
    for (const key of Object.keys(spec)) {
        if (!KNOWN.has(key)) problems.push({ location: at(key), message: `${name}: '${key}' has no .nas equivalent; ignored` });
    }
    const dist = typeof spec.distribution === 'string' ? spec.distribution : undefined;
    if (Array.isArray(spec.values) && (dist === undefined || dist === 'categorical')) {
        const bad = spec.values.findIndex((v) => !isScalar(v));
        if (bad >= 0) {
            problems.push({ location: at('values'), message: `${name}: values must be numbers, strings or booleans; skipped` });
            return undefined;
        }
        return { type: 'choice', values: spec.values as Scalar[] };
    }
    if ('value' in spec && dist === undefined) {
        if (isScalar(spec.value)) return { type: 'choice', values: [spec.value] };
        problems.push({ location: at('value'), message: `${name}: a constant must be a number, string or boolean; skipped` });
        return undefined;
    }
    const num = (key: string): number | undefined => numberOf(spec[key]);
    const need = (...keys: string[]): number[] | undefined => {
        const xs = keys.map(num);
        if (xs.every((x) => x !== undefined)) return xs as number[];
        problems.push({ location: at(), message: `${name}: ${dist ?? 'a range'} needs ${keys.join(', ')}; skipped` });
        return undefined;
    };
    const inferred = dist ?? (Number.isInteger(num('min')) && Number.isInteger(num('max')) ? 'int_uniform' : 'uniform');
    let r: number[] | undefined;
    switch (inferred) {
        case 'int_uniform':
            return (r = need('min', 'max')) && { type: 'randint', low: r[0], high: r[1], step: 1, highInclusive: true };
        case 'uniform':
            return (r = need('min', 'max')) && { type: 'uniform', low: r[0], high: r[1] };
        case 'log_uniform_values':
            return (r = need('min', 'max')) && { type: 'loguniform', low: r[0], high: r[1] };
        case 'log_uniform':
            return (r = need('min', 'max')) && { type: 'loguniform', low: Math.exp(r[0]), high: Math.exp(r[1]) };
        case 'q_uniform':
            return (r = need('min', 'max')) && { type: 'quniform', low: r[0], high: r[1], q: num('q') ?? 1 };
        case 'q_log_uniform_values':
            return (r = need('min', 'max')) && { type: 'qloguniform', low: r[0], high: r[1], q: num('q') ?? 1 };
        case 'q_log_uniform':
            return (r = need('min', 'max')) && { type: 'qloguniform', low: Math.exp(r[0]), high: Math.exp(r[1]), q: num('q') ?? 1 };
        case 'normal':
            return (r = need('mu', 'sigma')) && { type: 'normal', mu: r[0], sigma: r[1] };
        case 'q_normal':
            return (r = need('mu', 'sigma')) && { type: 'qnormal', mu: r[0], sigma: r[1], q: num('q') ?? 1 };
        case 'log_normal':
            return (r = need('mu', 'sigma')) && { type: 'lognormal', mu: r[0], sigma: r[1] };
        case 'q_log_normal':
            return (r = need('mu', 'sigma')) && { type: 'qlognormal', mu: r[0], sigma: r[1], q: num('q') ?? 1 };
        default:
            problems.push({ location: at('distribution'), message: `${name}: distribution '${inferred}' has no .nas equivalent; skipped` });
            return undefined;
    }
}

function isObject(x: unknown): x is Record<string, unknown> {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isScalar(x: unknown): x is Scalar {
    return typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
}
