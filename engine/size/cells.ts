/**
 * Sizes of NAS-Bench-201-style cell spaces: raw = ops^edges; unique = number of classes of
 * `canonicalCell` (NB201's unique-string rule), exact when affordable, else estimated by sampling.
 *
 * Exact count: a dynamic programme over the nodes in index order. The state after node v is the tuple of
 * expressions of the nodes that still feed later nodes (the "frontier"); distinct tuples are kept once, so
 * cells whose prefixes compute the same thing are explored once. The distinct output expressions are the
 * classes. Work = number of (state, distinct term combination) pairs visited, capped by `workLimit`.
 *
 * Estimate: unique = Σ_x 1/|class(x)| = raw · E[1/|class(x)|] for x uniform, so the mean of 1/|class(x)|
 * over uniform samples, times raw, is unbiased; its 95% interval is the normal one (mean ± 1.96·sd/√n).
 * |class(x)| is counted exactly by the same DP run against the target expression T = canonical(x): a node
 * whose expression is not a substring of T can never feed the output of a member of the class (anything
 * built on it contains it), so all such expressions collapse into one "bad" state, which keeps the DP small.
 */
import { edgeTerm, isDigest, nodeExpression, ZERO, canonicalCell, type CellShape, type OpRoles } from '../canonical/cell.js';
import { Rng } from '../rng.js';
import { log10Big } from './bigmath.js';
import { DEFAULT_SAMPLES, DEFAULT_WORK_LIMIT, type SizeOptions, type SpaceSize } from './types.js';

const SEPARATOR = '\n'; // never inside an expression
const BAD = '!'; // never an expression either

/**
 * Memo of whole cell sizes (estimates are seeded, hence deterministic): the language server asks for the
 * same shapes on every keystroke, and an estimate (2,000 DP runs) costs hundreds of milliseconds.
 */
const sizeMemo = new Map<string, SpaceSize>();

export function cellSize(cell: CellShape, numOps: number, roles: OpRoles, options: SizeOptions = {}): SpaceSize {
    const key = JSON.stringify([cell.nodes, cell.edges, numOps, roles.none, roles.identity, options.workLimit, options.samples, options.seed]);
    const known = sizeMemo.get(key);
    if (known) return { ...known };
    const size = computeCellSize(cell, numOps, roles, options);
    if (sizeMemo.size >= 512) sizeMemo.clear();
    sizeMemo.set(key, size);
    return { ...size };
}

function computeCellSize(cell: CellShape, numOps: number, roles: OpRoles, options: SizeOptions): SpaceSize {
    const raw = BigInt(numOps) ** BigInt(cell.edges.length);
    const workLimit = options.workLimit ?? DEFAULT_WORK_LIMIT;
    const exact = countUniqueCells(cell, numOps, roles, workLimit);
    if (exact !== undefined) {
        return { raw, unique: exact, exact: true, log10Raw: log10Big(raw), log10Unique: log10Big(exact) };
    }
    return estimateUniqueCells(cell, numOps, roles, raw, options);
}

/**
 * Memo of exact counts: a pure function of small plain inputs, asked for again on every edit by the
 * language server (validation, hover, inlay hints) for the same few cell shapes (~6 ms each for NB201).
 */
const uniqueMemo = new Map<string, bigint | undefined>();

/** Exact number of classes, or undefined when the DP would exceed `workLimit` steps. */
export function countUniqueCells(cell: CellShape, numOps: number, roles: OpRoles, workLimit = DEFAULT_WORK_LIMIT): bigint | undefined {
    const key = JSON.stringify([cell.nodes, cell.edges, numOps, roles.none, roles.identity, workLimit]);
    if (uniqueMemo.has(key)) return uniqueMemo.get(key);
    const count = computeUniqueCells(cell, numOps, roles, workLimit);
    if (uniqueMemo.size >= 512) uniqueMemo.clear();
    uniqueMemo.set(key, count);
    return count;
}

function computeUniqueCells(cell: CellShape, numOps: number, roles: OpRoles, workLimit: number): bigint | undefined {
    if (numOps === 0) return cell.edges.length === 0 ? 1n : 0n;
    const plan = planOf(cell);
    let states = new Set<string>(['0']);
    let work = 0;
    for (let node = 1; node < cell.nodes; node++) {
        const next = new Set<string>();
        const keep = plan.frontierAfter[node];
        for (const state of states) {
            const exprs = expand(plan, node - 1, state);
            // Distinct terms each incoming edge can contribute (several ops often give the same term).
            const options = plan.incoming[node].map((edge) => {
                const source = exprs[plan.edges[edge][0]];
                const terms = new Set<string>();
                for (let op = 0; op < numOps; op++) terms.add(edgeTerm(source, op, roles));
                return [...terms];
            });
            const done = forEachCombination(options, (terms) => {
                if (++work > workLimit) return false;
                exprs[node] = nodeExpression(terms);
                // After the output node the frontier is empty: the state is the output expression itself.
                next.add(node === cell.nodes - 1 ? exprs[node] : keep.map((v) => exprs[v]).join(SEPARATOR));
                return true;
            });
            if (!done) return undefined;
        }
        states = next;
    }
    return BigInt(states.size);
}

/** Sampling estimate of the number of classes (see the module comment). */
export function estimateUniqueCells(cell: CellShape, numOps: number, roles: OpRoles, raw: bigint, options: SizeOptions = {}): SpaceSize {
    const samples = options.samples ?? DEFAULT_SAMPLES;
    const rng = new Rng(options.seed ?? 'sizes');
    const seen = new Set<string>();
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < samples; i++) {
        const ops = cell.edges.map(() => rng.int(numOps));
        const target = canonicalCell(cell, ops, roles);
        seen.add(target);
        const members = isDigest(target) ? undefined : classSize(cell, numOps, roles, target);
        if (members === undefined || !(members >= 1)) {
            const rawNumber = Number(raw);
            return {
                raw,
                unique: raw,
                exact: false,
                log10Raw: log10Big(raw),
                log10Unique: log10Big(raw),
                interval: [seen.size, rawNumber],
                note: 'cell too deep to size its classes: unique is only bounded by raw',
            };
        }
        sum += 1 / members;
        sumSquares += 1 / (members * members);
    }
    const mean = sum / samples;
    const variance = Math.max(0, sumSquares / samples - mean * mean) * (samples / Math.max(1, samples - 1));
    const half = 1.96 * Math.sqrt(variance / samples);
    const rawNumber = Number(raw);
    const estimate = rawNumber * mean;
    const low = Math.max(seen.size, rawNumber * (mean - half));
    const high = Math.min(rawNumber, rawNumber * (mean + half));
    const unique = BigInt(Math.max(seen.size, Math.round(estimate)));
    return {
        raw,
        unique,
        exact: false,
        log10Raw: log10Big(raw),
        log10Unique: Math.log10(Math.max(1, estimate)),
        interval: [low, high],
        note: `unique estimated from ${samples} uniform samples (raw × mean of 1/class size)`,
    };
}

/** Number of op vectors whose canonical form is `target` (a float: class sizes may pass 2^53). */
export function classSize(cell: CellShape, numOps: number, roles: OpRoles, target: string): number {
    const plan = planOf(cell);
    let states = new Map<string, number>([['0', 1]]);
    for (let node = 1; node < cell.nodes; node++) {
        const next = new Map<string, number>();
        const keep = plan.frontierAfter[node];
        const isOutput = node === cell.nodes - 1;
        for (const [state, count] of states) {
            const exprs = expand(plan, node - 1, state);
            // Per edge, the distinct good terms and how many ops give each. A term that is not zero and not a
            // substring of the target makes the node bad whatever the other edges do, so bad combinations are
            // counted by complement instead of being enumerated.
            const options = plan.incoming[node].map((edge) => {
                const source = exprs[plan.edges[edge][0]];
                const terms = new Map<string, number>();
                for (let op = 0; op < numOps; op++) {
                    if (source === BAD && !roles.none[op]) continue;
                    const term = edgeTerm(source, op, roles);
                    if (term !== ZERO && !target.includes(term)) continue;
                    terms.set(term, (terms.get(term) ?? 0) + 1);
                }
                return [...terms];
            });
            let goodWays = 0;
            forEachCombination(options, (chosen) => {
                let ways = count;
                const terms: string[] = [];
                for (const [term, multiplicity] of chosen) {
                    ways *= multiplicity;
                    terms.push(term);
                }
                goodWays += ways;
                let expression = nodeExpression(terms);
                if (expression !== ZERO && !target.includes(expression)) expression = BAD;
                if (isOutput) {
                    if (expression === target) next.set('', (next.get('') ?? 0) + ways);
                    return true;
                }
                exprs[node] = expression;
                const key = keep.map((v) => exprs[v]).join(SEPARATOR);
                next.set(key, (next.get(key) ?? 0) + ways);
                return true;
            });
            const badWays = count * numOps ** plan.incoming[node].length - goodWays;
            if (!isOutput && badWays > 0) {
                exprs[node] = BAD;
                const key = keep.map((v) => exprs[v]).join(SEPARATOR);
                next.set(key, (next.get(key) ?? 0) + badWays);
            }
        }
        states = next;
    }
    let total = 0;
    for (const count of states.values()) total += count;
    return total;
}

interface CellPlan {
    edges: Array<[number, number]>;
    incoming: number[][];
    /** Nodes <= v that still feed a node > v, in increasing order: the DP state after node v. */
    frontierAfter: number[][];
}

const plans = new WeakMap<CellShape, CellPlan>();

function planOf(cell: CellShape): CellPlan {
    const cached = plans.get(cell);
    if (cached) return cached;
    const incoming: number[][] = Array.from({ length: cell.nodes }, () => []);
    const lastUse = new Array<number>(cell.nodes).fill(-1);
    cell.edges.forEach(([from, to], i) => {
        incoming[to].push(i);
        lastUse[from] = Math.max(lastUse[from], to);
    });
    const frontierAfter: number[][] = [];
    for (let v = 0; v < cell.nodes; v++) {
        const keep: number[] = [];
        for (let u = 0; u <= v; u++) if (lastUse[u] > v) keep.push(u);
        frontierAfter.push(keep);
    }
    const plan = { edges: cell.edges, incoming, frontierAfter };
    plans.set(cell, plan);
    return plan;
}

/** Expressions by node index from a state key after node `after` (nodes off the frontier stay undefined). */
function expand(plan: CellPlan, after: number, state: string): string[] {
    const exprs = new Array<string>(plan.incoming.length);
    const parts = state.split(SEPARATOR);
    plan.frontierAfter[after].forEach((v, i) => (exprs[v] = parts[i]));
    if (after === 0) exprs[0] = '0';
    return exprs;
}

/** Calls visit with one element of each option list (a fresh array each time); stops when it returns false. */
function forEachCombination<T>(options: T[][], visit: (chosen: T[]) => boolean): boolean {
    const index = new Array<number>(options.length).fill(0);
    if (options.some((list) => list.length === 0)) return true;
    for (;;) {
        if (!visit(options.map((list, i) => list[index[i]]))) return false;
        let k = options.length - 1;
        while (k >= 0 && ++index[k] === options[k].length) index[k--] = 0;
        if (k < 0) return true;
    }
}
