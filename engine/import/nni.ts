import type { Condition, Domain, Scalar } from '../spec.js';
import { numberOf, type ImportedParam, type ImportedSpace, type ImportProblem } from './imported.js';

/**
 * NNI search-space JSON to lissnas parameters. `_type`s map one to one (NNI shares the vocabulary; `randint`
 * is [lower, upper)); a nested `choice` (`_value` items with `_name`) becomes the choice of the `_name`s, and
 * each branch's parameters get `when parent == name`. A parameter that appears with the same domain in
 * several branches is one parameter with `when parent in [...]`; with different domains, one per branch
 * (`name@branch`), reported. Unknown `_type`s and values that are not scalars are reported with their JSON path.
 */
export function importNni(text: string, name: string): ImportedSpace {
    const problems: ImportProblem[] = [];
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (error) {
        return { name, params: [], problems: [{ location: 'file', message: `not JSON: ${(error as Error).message}` }] };
    }
    if (!isObject(data)) return { name, params: [], problems: [{ location: 'file', message: 'an NNI search space is a JSON object of parameters' }] };
    const params: ImportedParam[] = [];
    readLevel(data, '', undefined, params, problems);
    return { name, params: mergeBranches(params, problems), problems };
}

type Branchy = ImportedParam & { branch?: string; path: string };

function readLevel(obj: Record<string, unknown>, path: string, when: Condition | undefined, out: ImportedParam[], problems: ImportProblem[]): void {
    for (const [key, spec] of Object.entries(obj)) {
        if (key === '_name') continue;
        const at = path === '' ? key : `${path}.${key}`;
        if (!isObject(spec) || typeof spec._type !== 'string' || !Array.isArray(spec._value)) {
            problems.push({ location: at, message: 'not a parameter ({"_type": ..., "_value": [...]}); skipped' });
            continue;
        }
        const values = spec._value;
        if (spec._type === 'choice' && values.some(isObject)) {
            const names: Scalar[] = [];
            values.forEach((v, i) => {
                const n = isObject(v) ? v._name : v;
                if (!isScalar(n)) problems.push({ location: `${at}._value[${i}]`, message: 'a nested choice item needs a scalar _name; skipped' });
                else names.push(n);
            });
            out.push(withWhen({ name: key, domain: { type: 'choice', values: names }, path: at } as Branchy, when));
            values.forEach((v, i) => {
                if (!isObject(v) || !isScalar(v._name)) return;
                const cond: Condition = { op: '==', param: key, value: v._name };
                const before = out.length;
                readLevel(v, `${at}._value[${i}]`, when ? { op: 'and', left: when, right: cond } : cond, out, problems);
                for (const p of out.slice(before) as Branchy[]) p.branch ??= `${key}=${String(v._name)}`;
            });
            continue;
        }
        const domain = nniDomain(spec._type, values, at, problems);
        if (domain) out.push(withWhen({ name: key, domain, path: at } as Branchy, when));
    }
}

function withWhen(p: Branchy, when: Condition | undefined): Branchy {
    if (when) p.when = when;
    return p;
}

function nniDomain(type: string, v: unknown[], at: string, problems: ImportProblem[]): Domain | undefined {
    const n = v.map(numberOf);
    const need = (count: number): boolean => {
        if (n.length >= count && n.slice(0, count).every((x) => x !== undefined)) return true;
        problems.push({ location: at, message: `${type} needs ${count} numbers in _value; skipped` });
        return false;
    };
    const [a, b, c] = n as number[];
    switch (type) {
        case 'choice': {
            const bad = v.findIndex((x) => !isScalar(x));
            if (bad >= 0) {
                problems.push({ location: `${at}._value[${bad}]`, message: 'a choice of lists or objects has no .nas equivalent (choices hold numbers, strings, booleans); skipped' });
                return undefined;
            }
            return { type: 'choice', values: v as Scalar[] };
        }
        case 'randint':
            return need(2) ? { type: 'randint', low: a, high: b, step: 1, highInclusive: false } : undefined;
        case 'uniform':
        case 'loguniform':
            return need(2) ? { type, low: a, high: b } : undefined;
        case 'quniform':
        case 'qloguniform':
            return need(3) ? { type, low: a, high: b, q: c } : undefined;
        case 'normal':
        case 'lognormal':
            return need(2) ? { type, mu: a, sigma: b } : undefined;
        case 'qnormal':
        case 'qlognormal':
            return need(3) ? { type, mu: a, sigma: b, q: c } : undefined;
        default:
            problems.push({ location: at, message: `_type '${type}' has no .nas equivalent; skipped` });
            return undefined;
    }
}

/** Parameters of the same name from several branches: one with `in [...]` when their domains agree. */
function mergeBranches(params: ImportedParam[], problems: ImportProblem[]): ImportedParam[] {
    const byName = new Map<string, Branchy[]>();
    for (const p of params as Branchy[]) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    const out: ImportedParam[] = [];
    const done = new Set<string>();
    for (const p of params as Branchy[]) {
        if (done.has(p.name)) continue;
        done.add(p.name);
        const group = byName.get(p.name)!;
        const clean = (x: Branchy): ImportedParam => (x.when ? { name: x.name, domain: x.domain, when: x.when } : { name: x.name, domain: x.domain });
        if (group.length === 1) {
            out.push(clean(p));
            continue;
        }
        const sameDomain = group.every((g) => JSON.stringify(g.domain) === JSON.stringify(p.domain));
        const simple = group.every((g) => g.when?.op === '==' && (p.when as { param?: string }).param === g.when.param);
        if (sameDomain && simple) {
            const values = group.map((g) => (g.when as { value: Scalar }).value);
            out.push({ name: p.name, domain: p.domain, when: { op: 'in', param: (p.when as { param: string }).param, values } });
            continue;
        }
        problems.push({ location: group.map((g) => g.path).join(', '), message: `'${p.name}' appears in several branches with different domains or conditions: imported once per branch as '${p.name}@<branch>'` });
        for (const g of group) out.push({ ...clean(g), name: `${g.name}@${g.branch ?? 'top'}` });
    }
    return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isScalar(x: unknown): x is Scalar {
    return typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
}
