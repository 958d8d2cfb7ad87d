import type { Domain } from '../spec.js';
import { numberOf, type ImportedParam, type ImportedSpace, type ImportProblem } from './imported.js';
import { readYaml } from './yaml-source.js';

/**
 * A Katib Experiment (YAML) to lissnas parameters: `spec.parameters[*]` by `parameterType` — `int` an inclusive
 * randint (with `step`), `double` uniform/loguniform (quniform/qloguniform with `step`), `categorical` a choice
 * of strings, `discrete` a choice of numbers. Katib's `normal`/`logNormal` take a range, not mu/sigma: reported
 * and imported as mu = the middle, sigma = a sixth of the range. The objective, algorithm and trial template are
 * not part of a space: reported once, by line:col.
 */
export function importKatib(text: string, fallbackName: string): ImportedSpace {
    const src = readYaml(text);
    if (!src.data) return { name: fallbackName, params: [], problems: src.errors.map((e) => ({ location: e.split(': ')[0], message: `not YAML: ${e}` })) };
    const data = src.data as { kind?: unknown; metadata?: { name?: unknown }; spec?: { parameters?: unknown; objective?: unknown } };
    const name = typeof data.metadata?.name === 'string' ? data.metadata.name : fallbackName;
    const problems: ImportProblem[] = [];
    if (data.kind !== 'Experiment') problems.push({ location: src.at(['kind']), message: `kind is ${JSON.stringify(data.kind)}, not Experiment; reading spec.parameters anyway` });
    if (!Array.isArray(data.spec?.parameters)) return { name, params: [], problems: [...problems, { location: src.at(['spec', 'parameters']), message: 'a Katib Experiment needs spec.parameters (a list)' }] };
    if (data.spec?.objective !== undefined) {
        problems.push({ location: src.at(['spec', 'objective']), message: 'the objective, algorithm and trial template are not part of a search space (a .nas evaluator holds the metric); not imported' });
    }
    const params: ImportedParam[] = [];
    data.spec.parameters.forEach((p: unknown, i: number) => {
        const at = (...k: string[]): string => src.at(['spec', 'parameters', i, ...k]);
        const q = p as { name?: unknown; parameterType?: unknown; feasibleSpace?: Record<string, unknown> };
        if (typeof q?.name !== 'string' || typeof q.parameterType !== 'string' || typeof q.feasibleSpace !== 'object' || q.feasibleSpace === null) {
            problems.push({ location: at(), message: 'a parameter needs name, parameterType and feasibleSpace; skipped' });
            return;
        }
        const domain = katibDomain(q.name, q.parameterType, q.feasibleSpace, at, problems);
        if (domain) params.push({ name: q.name, domain });
    });
    return { name, params, problems };
}

function katibDomain(name: string, type: string, fs: Record<string, unknown>, at: (...k: string[]) => string, problems: ImportProblem[]): Domain | undefined {
    const min = numberOf(fs.min);
    const max = numberOf(fs.max);
    const step = numberOf(fs.step);
    const dist = typeof fs.distribution === 'string' ? fs.distribution : 'uniform';
    const list = Array.isArray(fs.list) ? fs.list : undefined;
    switch (type) {
        case 'categorical':
            if (!list) break;
            return { type: 'choice', values: list.map(String) };
        case 'discrete': {
            if (!list) break;
            const values = list.map(numberOf);
            if (values.some((v) => v === undefined)) {
                problems.push({ location: at('feasibleSpace', 'list'), message: `${name}: a discrete list holds numbers; skipped` });
                return undefined;
            }
            return { type: 'choice', values: values as number[] };
        }
        case 'int':
            if (min === undefined || max === undefined) break;
            if (dist !== 'uniform') problems.push({ location: at('feasibleSpace', 'distribution'), message: `${name}: an int with distribution ${dist} has no .nas equivalent; imported as a uniform randint` });
            return { type: 'randint', low: min, high: max, step: step ?? 1, highInclusive: true };
        case 'double': {
            if (min === undefined || max === undefined) break;
            if (dist === 'uniform') return step ? { type: 'quniform', low: min, high: max, q: step } : { type: 'uniform', low: min, high: max };
            if (dist === 'logUniform') return step ? { type: 'qloguniform', low: min, high: max, q: step } : { type: 'loguniform', low: min, high: max };
            if (dist === 'normal' || dist === 'logNormal') {
                const log = dist === 'logNormal';
                const lo = log ? Math.log(min) : min;
                const hi = log ? Math.log(max) : max;
                const mu = (lo + hi) / 2;
                const sigma = (hi - lo) / 6;
                problems.push({ location: at('feasibleSpace', 'distribution'), message: `${name}: Katib's ${dist} over [${min}, ${max}] has no exact .nas equivalent; imported as ${log ? 'lognormal' : 'normal'}(${mu}, ${sigma}) (mu the middle, sigma a sixth of the range)` });
                return log ? { type: 'lognormal', mu, sigma } : { type: 'normal', mu, sigma };
            }
            problems.push({ location: at('feasibleSpace', 'distribution'), message: `${name}: distribution '${dist}' has no .nas equivalent; skipped` });
            return undefined;
        }
        default:
            problems.push({ location: at('parameterType'), message: `${name}: parameterType '${type}' has no .nas equivalent; skipped` });
            return undefined;
    }
    problems.push({ location: at('feasibleSpace'), message: `${name}: feasibleSpace of a ${type} parameter needs ${type === 'categorical' || type === 'discrete' ? 'list' : 'min and max'}; skipped` });
    return undefined;
}
