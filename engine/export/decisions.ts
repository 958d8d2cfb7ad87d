import type { CellSpec, Condition, DartsCellSpec, Domain, GraphSpec, ParamSpec, Scalar, SpaceSpec } from '../spec.js';

/**
 * A space as the flat list of decisions every HPO tool understands: one named hyperparameter per choice the
 * space makes. Every export format (nni.ts, optuna.ts, ray.ts, wandb.ts, katib.ts) prints this list; none of
 * them reads the spec's architecture components itself, so what each format loses is decided here once.
 *
 * Names are paths joined with `.`: a subspace factor prefixes its own (`arch.cell.edge_0_1`), a chain layer
 * its index (`layers.3.kernel`). Architecture components become categoricals:
 * - NB201 cell: one choice of op per edge, `<cell>.edge_<from>_<to>` (exact: every assignment is a member).
 * - DARTS cell: per intermediate node, one choice over the sets of `pick` predecessors (`"0,1"`), and one op
 *   per picked input (`<cell>.node_<n>.inputs`, `.op_<k>`): exact, distinct inputs by construction.
 * - Graph (NB101): one 0/1 choice per adjacency bit and one op per inner node: NOT exact, most assignments
 *   are not valid graphs (disconnected or over max_edges); the Python decoders check it.
 * Isomorphism (cells computing the same network) is lost in every format: they count raw genotypes.
 */

/** A decision after flattening: its full name, domain, and its condition over full names. */
export interface Decision {
    name: string;
    domain: Domain;
    when?: Condition;
    /** The architecture component it encodes, when it is not a plain hyperparameter. */
    component?: ArchComponent;
}

/** Where architecture decisions come from: what a decoder needs to turn assignments back into a network. */
export type ArchComponent =
    | { kind: 'cell'; prefix: string; spec: CellSpec }
    | { kind: 'darts'; prefix: string; spec: DartsCellSpec }
    | { kind: 'graph'; prefix: string; spec: GraphSpec }
    /** A shrunk space: one categorical over the base space's architecture strings. */
    | { kind: 'members'; prefix: string; base: string; baseKind: 'cell' | 'darts' | 'other' };

/** What an export could not carry, with the construct it comes from (a name path) and why. */
export interface ExportWarning {
    construct: string;
    message: string;
}

export interface FlatSpace {
    name: string;
    decisions: Decision[];
    components: ArchComponent[];
    warnings: ExportWarning[];
}

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** Flattens a space; `warnings` lists what no format can carry (constraints, graph validity, isomorphism). */
export function flattenSpace(spec: SpaceSpec): FlatSpace {
    const out: FlatSpace = { name: spec.name, decisions: [], components: [], warnings: [] };
    addSpace(spec, '', undefined, out);
    return out;
}

function addSpace(spec: SpaceSpec, prefix: string, guard: Condition | undefined, out: FlatSpace): void {
    for (const c of spec.constraints) {
        out.warnings.push({
            construct: join(prefix, `constraint ${c.metric} ${c.op} ${c.value}`) ,
            message: `space ${spec.name}: constraint ${c.metric} ${c.op} ${c.value} is not exported (no HPO format can measure ${c.metric}); the exported space is the unconstrained one`,
        });
    }
    const names = new Set(spec.components.filter((c) => c.kind === 'param').map((c) => c.name));
    const qualify = (cond: Condition | undefined): Condition | undefined => (cond === undefined ? undefined : renameCondition(cond, (n) => (names.has(n) ? join(prefix, n) : n)));
    for (const c of spec.components) {
        switch (c.kind) {
            case 'param':
                out.decisions.push(param(join(prefix, c.name), c, both(guard, qualify(c.when))));
                break;
            case 'subspace':
                addSpace(c.space, join(prefix, c.name), both(guard, qualify(c.when)), out);
                break;
            case 'chain': {
                const layerNames = new Set(c.params.map((p) => p.name));
                for (let layer = 0; layer < c.layers; layer++) {
                    const lp = join(join(prefix, c.name), String(layer));
                    for (const p of c.params) {
                        const when = p.when ? renameCondition(p.when, (n) => (layerNames.has(n) ? join(lp, n) : n)) : undefined;
                        out.decisions.push(param(join(lp, p.name), p, both(guard, when)));
                    }
                }
                break;
            }
            case 'cell': {
                const component: ArchComponent = { kind: 'cell', prefix: join(prefix, c.name), spec: c };
                out.components.push(component);
                for (const [from, to] of c.edges) {
                    out.decisions.push({ name: `${component.prefix}.edge_${from}_${to}`, domain: { type: 'choice', values: c.ops.map((o) => o.name) }, when: guard, component });
                }
                out.warnings.push({ construct: component.prefix, message: `cell ${component.prefix}: exported as one op choice per edge; isomorphic cells are not merged (the format counts ${c.ops.length}^${c.edges.length} raw cells)` });
                break;
            }
            case 'darts': {
                const component: ArchComponent = { kind: 'darts', prefix: join(prefix, c.name), spec: c };
                out.components.push(component);
                for (let i = 0; i < c.nodes; i++) {
                    const node = c.inputs + i;
                    const np = `${component.prefix}.node_${node}`;
                    out.decisions.push({ name: `${np}.inputs`, domain: { type: 'choice', values: subsets(node, c.pick).map((s) => s.join(',')) }, when: guard, component });
                    for (let k = 0; k < c.pick; k++) out.decisions.push({ name: `${np}.op_${k}`, domain: { type: 'choice', values: c.ops.map((o) => o.name) }, when: guard, component });
                }
                out.warnings.push({ construct: component.prefix, message: `DARTS cell ${component.prefix}: exported as one predecessor-set choice and ${c.pick} op choices per node; isomorphic cells are not merged` });
                break;
            }
            case 'graph': {
                const component: ArchComponent = { kind: 'graph', prefix: join(prefix, c.name), spec: c };
                out.components.push(component);
                for (let i = 0; i < c.maxNodes; i++) {
                    for (let j = i + 1; j < c.maxNodes; j++) out.decisions.push({ name: `${component.prefix}.edge_${i}_${j}`, domain: { type: 'choice', values: [0, 1] }, when: guard, component });
                }
                for (let n = 1; n < c.maxNodes - 1; n++) out.decisions.push({ name: `${component.prefix}.node_${n}`, domain: { type: 'choice', values: c.ops.map((o) => o.name) }, when: guard, component });
                out.warnings.push({
                    construct: component.prefix,
                    message: `graph ${component.prefix}: exported as one 0/1 choice per adjacency bit and one op per inner node; graph validity (output reachable from the input, at most ${c.maxEdges} edges) and isomorphism are lost: the Python decoders reject invalid graphs, JSON/YAML formats cannot`,
                });
                break;
            }
        }
    }
}

function param(name: string, p: ParamSpec, when: Condition | undefined): Decision {
    return when === undefined ? { name, domain: p.domain } : { name, domain: p.domain, when };
}

function both(a: Condition | undefined, b: Condition | undefined): Condition | undefined {
    if (a === undefined) return b;
    if (b === undefined) return a;
    return { op: 'and', left: a, right: b };
}

export function renameCondition(c: Condition, rename: (name: string) => string): Condition {
    switch (c.op) {
        case 'and':
        case 'or':
            return { op: c.op, left: renameCondition(c.left, rename), right: renameCondition(c.right, rename) };
        case '==':
        case '!=':
            return { op: c.op, param: rename(c.param), value: c.value };
        default:
            return { op: c.op, param: rename(c.param), values: c.values };
    }
}

/** Sorted `k`-subsets of 0..n-1, in lexicographic order (the DARTS genotype's ascending predecessor ids). */
export function subsets(n: number, k: number): number[][] {
    const out: number[][] = [];
    const rec = (start: number, acc: number[]): void => {
        if (acc.length === k) {
            out.push(acc.slice());
            return;
        }
        for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
    };
    rec(0, []);
    return out;
}

/** The values of a randint domain (low, low+step, ... below or up to high). */
export function randintValues(d: Extract<Domain, { type: 'randint' }>): number[] {
    const out: number[] = [];
    for (let x = d.low; d.highInclusive ? x <= d.high : x < d.high; x += d.step) out.push(x);
    return out;
}

/** The largest value of a randint domain (inclusive upper end). */
export function randintMax(d: Extract<Domain, { type: 'randint' }>): number {
    const n = Math.floor((d.high - d.low) / d.step);
    const last = d.low + n * d.step;
    return !d.highInclusive && last >= d.high ? last - d.step : last;
}

/** The condition as "parameter P takes one of these values", when it is that simple (==, !=, in, not in on a choice). */
export function conditionAsValueSet(c: Condition, domainOf: (name: string) => Domain | undefined): { param: string; values: Scalar[] } | undefined {
    if (c.op === 'and' || c.op === 'or') return undefined;
    const leaf = c as Exclude<Condition, { op: 'and' | 'or' }>;
    const d = domainOf(leaf.param);
    if (!d || d.type !== 'choice') return undefined;
    const has = (v: Scalar): boolean => ('value' in leaf ? v === leaf.value : leaf.values.includes(v));
    const positive = c.op === '==' || c.op === 'in';
    return { param: leaf.param, values: d.values.filter((v) => has(v) === positive) };
}

/** Source text of a condition in `.nas` syntax (also readable in warnings). */
export function conditionText(c: Condition): string {
    const v = (x: Scalar): string => (typeof x === 'string' ? JSON.stringify(x) : String(x));
    switch (c.op) {
        case 'and':
        case 'or': {
            const side = (s: Condition): string => (s.op === 'or' && c.op === 'and' ? `(${conditionText(s)})` : conditionText(s));
            return `${side(c.left)} ${c.op} ${side(c.right)}`;
        }
        case '==':
        case '!=':
            return `${c.param} ${c.op} ${v(c.value)}`;
        default:
            return `${c.param} ${c.op} [${c.values.map(v).join(', ')}]`;
    }
}
