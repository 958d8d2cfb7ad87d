import type { Domain, Scalar } from '../spec.js';
import { conditionAsValueSet, conditionText, randintMax, randintValues, type ExportWarning } from './decisions.js';
import { formatHint, type ExportInput } from './input.js';

/**
 * NNI search-space JSON (`search_space.json`): `{name: {"_type": ..., "_value": [...]}}`. Conditionals become
 * NNI's nested choices: the parent's `_value` holds `{"_name": value, child: {...}}` objects, one per value, and
 * a child guarded by `parent == v` / `in [...]` / `!=` sits in the branches of the values that enable it.
 * Conditions NNI cannot nest (`and`/`or`, a condition on a non-choice parameter) are dropped with a warning:
 * the child is exported unconditionally. JSON has no comments: a shrunk space's decoder hint is a warning.
 */

type NniNode = { _type: string; _value: unknown[] };
type Container = Record<string, NniNode>;

export function exportNni(input: ExportInput): { text: string; warnings: ExportWarning[] } {
    const warnings: ExportWarning[] = [...input.flat.warnings];
    const root: Container = {};
    /** Every place a parameter was put: conditional parameters may sit in several branches. */
    const places = new Map<string, Container[]>();
    const domains = new Map(input.flat.decisions.map((d) => [d.name, d.domain]));
    for (const d of input.flat.decisions) {
        const node = nniDomain(d.domain);
        let targets: Container[] = [root];
        if (d.when) {
            const set = conditionAsValueSet(d.when, (n) => domains.get(n));
            const parents = set ? places.get(set.param) : undefined;
            if (set && parents) {
                targets = parents.flatMap((container) => set.values.map((v) => branch(container, set.param, v)));
            } else {
                warnings.push({ construct: d.name, message: `${d.name}: NNI cannot express 'when ${conditionText(d.when)}' (only conditions on one earlier choice nest); exported unconditionally` });
            }
        }
        for (const t of targets) t[leaf(d.name)] = structuredClone(node);
        places.set(d.name, targets);
    }
    for (const c of input.flat.components) {
        if (c.kind === 'members') warnings.push({ construct: c.prefix, message: `decode '${c.prefix}' with ${formatHint(c.baseKind)}` });
    }
    return { text: compactJson(root) + '\n', warnings };
}

/** The key of a parameter inside its container: NNI nests by object, so the full dotted name stays the key. */
function leaf(name: string): string {
    return name;
}

/** The branch object of `param == value` inside `container`, turning a plain choice into a nested one. */
function branch(container: Container, param: string, value: Scalar): Container {
    const node = container[param];
    node._value = node._value.map((v) => (typeof v === 'object' && v !== null ? v : { _name: v }));
    const found = node._value.find((v) => (v as { _name: Scalar })._name === value) as Record<string, unknown>;
    return found as unknown as Container;
}

export function nniDomain(d: Domain): NniNode {
    switch (d.type) {
        case 'choice':
            return { _type: 'choice', _value: d.values.slice() };
        case 'randint':
            // NNI's randint is [lower, upper) with step 1; other steps are listed.
            return d.step === 1 ? { _type: 'randint', _value: [d.low, randintMax(d) + 1] } : { _type: 'choice', _value: randintValues(d) };
        case 'uniform':
        case 'loguniform':
            return { _type: d.type, _value: [d.low, d.high] };
        case 'quniform':
        case 'qloguniform':
            return { _type: d.type, _value: [d.low, d.high, d.q] };
        case 'normal':
        case 'lognormal':
            return { _type: d.type, _value: [d.mu, d.sigma] };
        case 'qnormal':
        case 'qlognormal':
            return { _type: d.type, _value: [d.mu, d.sigma, d.q] };
    }
}

/** Indented JSON with arrays of scalars on one line (`"_value": [0.8, 0.99]`), as people write search spaces. */
export function compactJson(value: unknown): string {
    return JSON.stringify(value, null, 2).replace(/\[\n([^[\]{}]*?)\n\s*\]/g, (all: string, items: string) => {
        const line = `[${items.split(',\n').map((x) => x.trim()).join(', ')}]`;
        // A shrunk space's architecture strings stay one per line.
        return line.length <= 120 ? line : all;
    });
}
