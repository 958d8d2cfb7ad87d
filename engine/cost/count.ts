import { canonicalCell, opRolesFor } from '../canonical/cell.js';
import { Rng } from '../rng.js';
import type { CellSpec, ConstraintSpec } from '../spec.js';
import { compare, satisfies } from './constraints.js';
import type { CellCostTable } from './network.js';

/**
 * How many cells of a cell space satisfy cost constraints. Three methods, cheapest exact one first:
 *
 * 1. Enumeration, when the cell space has at most `workLimit` genotypes: exact, and also counts unique
 *    cells (distinct `canonicalCell` forms among the satisfying ones).
 * 2. Dynamic programming over edges, exact: the cost is additive over edges (docs/cost-model.md), so it
 *    suffices to track how many partial cells reach each (flops, params) pair. A partial cell that cannot
 *    satisfy a constraint whatever the remaining edges pick is dropped, and one that satisfies every
 *    constraint whatever they pick is counted at once (times the number of completions). Work is the
 *    number of (state, op) expansions; it is abandoned past `workLimit`.
 * 3. Monte Carlo: `samples` uniform cells, the satisfying fraction, and a 95% Wilson score interval, both
 *    scaled by the number of cells. Not exact.
 */
export interface CellCountOptions {
    /** Largest enumeration (genotypes) or DP (expansions) attempted; default 2,000,000. */
    workLimit?: number;
    /** Monte Carlo samples; default 20,000. */
    samples?: number;
    /** Monte Carlo seed; default 0. */
    seed?: number;
}

export type CellCountMethod = 'enumeration' | 'dynamic-programming' | 'monte-carlo';

export interface CellCount {
    /** Cells before constraints: ops^edges. */
    total: bigint;
    /** Cells satisfying every constraint; the rounded estimate when `exact` is false. */
    satisfying: bigint;
    /** Distinct canonical cells among them (enumeration only). */
    unique?: bigint;
    exact: boolean;
    /** Monte Carlo only: the estimate and its 95% interval, in cells. */
    estimate?: number;
    interval?: [number, number];
    samples?: number;
    hits?: number;
    method: CellCountMethod;
}

export const DEFAULT_WORK_LIMIT = 2_000_000;
export const DEFAULT_SAMPLES = 20_000;

type Shape = Pick<CellSpec, 'nodes' | 'edges' | 'ops'>;

/**
 * Counts already made, by their inputs: the editor sizes every constrained space again after each
 * keystroke (a new AST each time), and an enumeration takes tens of milliseconds, so a 5,000-line file
 * spent seconds per edit recounting the same cells. The count is a pure function of its inputs (Monte
 * Carlo is seeded), so a remembered answer is exactly the one a recount would give. Bounded: the oldest
 * entry goes first.
 */
const counted = new Map<string, CellCount>();
const COUNTED_MAX = 512;

export function countCellsByCost(
    cell: Shape,
    table: CellCostTable,
    constraints: readonly ConstraintSpec[],
    options: CellCountOptions = {},
): CellCount {
    const key = JSON.stringify([cell.nodes, cell.edges, cell.ops, table, constraints, options.workLimit, options.samples, options.seed]);
    const known = counted.get(key);
    if (known) return { ...known, ...(known.interval ? { interval: [...known.interval] as [number, number] } : {}) };
    const count = countOnce(cell, table, constraints, options);
    if (counted.size >= COUNTED_MAX) counted.delete(counted.keys().next().value!);
    counted.set(key, count);
    return { ...count, ...(count.interval ? { interval: [...count.interval] as [number, number] } : {}) };
}

function countOnce(cell: Shape, table: CellCostTable, constraints: readonly ConstraintSpec[], options: CellCountOptions): CellCount {
    const workLimit = options.workLimit ?? DEFAULT_WORK_LIMIT;
    const total = BigInt(cell.ops.length) ** BigInt(cell.edges.length);
    if (total <= BigInt(Math.floor(workLimit))) return enumerate(cell, table, constraints, total);
    const dp = dynamicProgramming(table, constraints, workLimit);
    if (dp !== undefined) return { total, satisfying: dp, exact: true, method: 'dynamic-programming' };
    return monteCarlo(table, constraints, total, options.samples ?? DEFAULT_SAMPLES, options.seed ?? 0);
}

const decided = new Map<string, boolean | undefined>();

/** Exact yes/no within `workLimit`, undefined when that is not enough to decide. Remembered like the counts. */
export function anyCellSatisfies(table: CellCostTable, constraints: readonly ConstraintSpec[], workLimit = 200_000): boolean | undefined {
    if (constraints.length === 0) return true;
    const key = JSON.stringify([table, constraints, workLimit]);
    if (decided.has(key)) return decided.get(key);
    const answer = decideOnce(table, constraints, workLimit);
    if (decided.size >= COUNTED_MAX) decided.delete(decided.keys().next().value!);
    decided.set(key, answer);
    return answer;
}

function decideOnce(table: CellCostTable, constraints: readonly ConstraintSpec[], workLimit: number): boolean | undefined {
    const { lo, hi } = restBounds(table);
    // A constraint that no completion of the empty cell can meet: decided without search.
    for (const c of constraints) if (!feasible(c, { flops: 0, params: 0 }, lo[0], hi[0])) return false;
    const dp = dynamicProgramming(table, constraints, workLimit);
    if (dp !== undefined) return dp > 0n;
    const mc = monteCarlo(table, constraints, 1n, 2_000, 0);
    return mc.hits! > 0 ? true : undefined;
}

function enumerate(cell: Shape, table: CellCostTable, constraints: readonly ConstraintSpec[], total: bigint): CellCount {
    const edges = table.edges.length;
    const opCount = cell.ops.length;
    const roles = opRolesFor(cell.ops);
    const ops = new Array<number>(edges).fill(0);
    let flops = table.base.flops;
    let params = table.base.params;
    for (let e = 0; e < edges; e++) {
        flops += table.edges[e][0].flops;
        params += table.edges[e][0].params;
    }
    let satisfying = 0;
    const unique = new Set<string>();
    const cost = { flops, params };
    for (;;) {
        cost.flops = flops;
        cost.params = params;
        if (satisfies(cost, constraints)) {
            satisfying++;
            unique.add(canonicalCell(cell, ops, roles));
        }
        // Odometer step, updating the running cost by the digits that change.
        let e = 0;
        while (e < edges && ops[e] === opCount - 1) {
            flops += table.edges[e][0].flops - table.edges[e][opCount - 1].flops;
            params += table.edges[e][0].params - table.edges[e][opCount - 1].params;
            ops[e] = 0;
            e++;
        }
        if (e === edges) break;
        flops += table.edges[e][ops[e] + 1].flops - table.edges[e][ops[e]].flops;
        params += table.edges[e][ops[e] + 1].params - table.edges[e][ops[e]].params;
        ops[e]++;
    }
    return { total, satisfying: BigInt(satisfying), unique: BigInt(unique.size), exact: true, method: 'enumeration' };
}

interface Bound {
    flops: number;
    params: number;
}

/** lo[e] / hi[e]: smallest / largest cost edges e.. can still add, per metric independently. */
function restBounds(table: CellCostTable): { lo: Bound[]; hi: Bound[] } {
    const n = table.edges.length;
    const lo: Bound[] = new Array(n + 1);
    const hi: Bound[] = new Array(n + 1);
    lo[n] = { flops: table.base.flops, params: table.base.params };
    hi[n] = { ...lo[n] };
    for (let e = n - 1; e >= 0; e--) {
        const row = table.edges[e];
        lo[e] = { flops: lo[e + 1].flops + Math.min(...row.map((c) => c.flops)), params: lo[e + 1].params + Math.min(...row.map((c) => c.params)) };
        hi[e] = { flops: hi[e + 1].flops + Math.max(...row.map((c) => c.flops)), params: hi[e + 1].params + Math.max(...row.map((c) => c.params)) };
    }
    return { lo, hi };
}

/** Whether some completion in [partial + lo, partial + hi] may satisfy `c` (sound: false means none can). */
function feasible(c: ConstraintSpec, partial: Bound, lo: Bound, hi: Bound): boolean {
    const min = partial[c.metric] + lo[c.metric];
    const max = partial[c.metric] + hi[c.metric];
    switch (c.op) {
        case '<=':
        case '<':
            return compare(min, c);
        case '>=':
        case '>':
            return compare(max, c);
        case '==':
            return compare(min, { ...c, op: '<=' }) && compare(max, { ...c, op: '>=' });
    }
}

/** Whether every completion satisfies `c`. */
function certain(c: ConstraintSpec, partial: Bound, lo: Bound, hi: Bound): boolean {
    const min = partial[c.metric] + lo[c.metric];
    const max = partial[c.metric] + hi[c.metric];
    switch (c.op) {
        case '<=':
        case '<':
            return compare(max, c);
        case '>=':
        case '>':
            return compare(min, c);
        case '==':
            return compare(min, c) && compare(max, c);
    }
}

/** Exact count of satisfying cells, or undefined past `workLimit` expansions. Costs are non-negative. */
function dynamicProgramming(table: CellCostTable, constraints: readonly ConstraintSpec[], workLimit: number): bigint | undefined {
    const n = table.edges.length;
    const { lo, hi } = restBounds(table);
    // Number of completions of edges e..n-1.
    const completions: bigint[] = new Array(n + 1);
    completions[n] = 1n;
    for (let e = n - 1; e >= 0; e--) completions[e] = completions[e + 1] * BigInt(table.edges[e].length);
    // lo/hi include the base; partial sums below exclude it.
    const zero: Bound = { flops: 0, params: 0 };
    let states = new Map<string, { cost: Bound; count: bigint }>([['0|0', { cost: zero, count: 1n }]]);
    let accepted = 0n;
    let work = 0;
    for (let e = 0; e <= n; e++) {
        const next = new Map<string, { cost: Bound; count: bigint }>();
        for (const state of states.values()) {
            if (!constraints.every((c) => feasible(c, state.cost, lo[e], hi[e]))) continue;
            if (constraints.every((c) => certain(c, state.cost, lo[e], hi[e]))) {
                accepted += state.count * completions[e];
                continue;
            }
            if (e === n) continue; // unreachable: with no edge left, every constraint is certain or infeasible
            work += table.edges[e].length;
            if (work > workLimit) return undefined;
            for (const op of table.edges[e]) {
                const cost = { flops: state.cost.flops + op.flops, params: state.cost.params + op.params };
                const key = `${cost.flops}|${cost.params}`;
                const existing = next.get(key);
                if (existing) existing.count += state.count;
                else next.set(key, { cost, count: state.count });
            }
        }
        states = next;
    }
    return accepted;
}

function monteCarlo(table: CellCostTable, constraints: readonly ConstraintSpec[], total: bigint, samples: number, seed: number): CellCount {
    if (!(Number.isInteger(samples) && samples > 0)) throw new RangeError(`samples must be a positive integer, got ${samples}`);
    const rng = new Rng(seed);
    let hits = 0;
    const cost = { flops: 0, params: 0 };
    for (let s = 0; s < samples; s++) {
        cost.flops = table.base.flops;
        cost.params = table.base.params;
        for (const row of table.edges) {
            const op = row[rng.int(row.length)];
            cost.flops += op.flops;
            cost.params += op.params;
        }
        if (satisfies(cost, constraints)) hits++;
    }
    return { total, ...monteCarloEstimate(total, hits, samples), exact: false, samples, hits, method: 'monte-carlo' };
}

/** `hits` of `samples` uniform draws of `total` members satisfied the constraints: the count, its estimate and 95% interval. */
export function monteCarloEstimate(total: bigint, hits: number, samples: number): { satisfying: bigint; estimate: number; interval: [number, number] } {
    const size = Number(total);
    const [low, high] = wilson(hits, samples);
    return {
        // Rounded in bigint arithmetic: `total` may exceed what a double holds exactly.
        satisfying: (total * BigInt(hits) * 2n + BigInt(samples)) / (2n * BigInt(samples)),
        estimate: (hits / samples) * size,
        interval: [low * size, high * size],
    };
}

/** 95% Wilson score interval for a binomial proportion. */
export function wilson(hits: number, n: number, z = 1.959963984540054): [number, number] {
    const p = hits / n;
    const z2 = z * z;
    const denominator = 1 + z2 / n;
    const centre = (p + z2 / (2 * n)) / denominator;
    const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
