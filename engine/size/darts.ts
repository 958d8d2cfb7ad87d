/**
 * Sizes of DARTS-style cells: `inputs` input nodes, `nodes` intermediate nodes; intermediate node i
 * (0-based) picks a SET of `pick` distinct predecessors among the inputs and the i earlier intermediate
 * nodes, and one op for each picked edge. The cell's output concatenates every intermediate node.
 *
 * raw = Π_i C(inputs + i, pick) · k^(pick · nodes). The picked predecessors are an unordered set (DARTS
 * lists the two (op, input) pairs of a node in some order, but a node sums them, so the order carries no
 * information): the standard DARTS cell (2, 4, 2, 7 ops) has 180 · 7^8 = 1,037,664,180 genotypes.
 * `cell normal` and `cell reduce` are two independent components of a space: its size multiplies them.
 *
 * unique = the number of classes under relabelling of the intermediate nodes (inputs stay fixed: they are
 * different tensors; the output concatenates all intermediates, so their order only permutes channels).
 * Op semantics (none, skip) are NOT used here: the DARTS search never keeps `none` edges in a genotype.
 *
 * Exact when the topologies (Π_i C(inputs + i, pick)) fit the work limit: canonicalise each topology over
 * its topological orders, and count its op labellings up to automorphisms with Burnside's lemma, where an
 * automorphism acts on the edges: orbits = (1/|Aut|) Σ_σ k^(edge cycles of σ). Otherwise estimated:
 * unique = raw · E[1/|class(x)|] with |class(x)| = (linear extensions of x's DAG) / |labelled Aut(x)|.
 */
import { Rng } from '../rng.js';
import { binomial, log10Big } from './bigmath.js';
import { DEFAULT_SAMPLES, DEFAULT_WORK_LIMIT, type SizeOptions, type SpaceSize } from './types.js';

export function dartsRawSize(inputs: number, nodes: number, pick: number, numOps: number): bigint {
    let topologies = 1n;
    for (let i = 0; i < nodes; i++) topologies *= binomial(inputs + i, pick);
    return topologies * BigInt(numOps) ** BigInt(pick * nodes);
}

export function dartsSize(inputs: number, nodes: number, pick: number, numOps: number, options: SizeOptions = {}): SpaceSize {
    const raw = dartsRawSize(inputs, nodes, pick, numOps);
    if (raw === 0n) return { raw, unique: 0n, exact: true, log10Raw: -Infinity, log10Unique: -Infinity };
    const topologies = raw / BigInt(numOps) ** BigInt(pick * nodes);
    if (topologies <= BigInt(options.workLimit ?? DEFAULT_WORK_LIMIT)) {
        const unique = countUniqueDarts(inputs, nodes, pick, numOps);
        return { raw, unique, exact: true, log10Raw: log10Big(raw), log10Unique: log10Big(unique) };
    }
    return estimateUniqueDarts(inputs, nodes, pick, numOps, raw, options);
}

/** Exact number of classes (see the module comment). */
/** Labelled canonical key of one genotype (ops[i][slot] is the op on edge preds[i][slot]); exported for tests. */
export function dartsCanonicalKey(inputs: number, preds: number[][], ops: number[][], numOps: number): string {
    return canonicalDarts(inputs, preds, (node, slot) => ops[node][slot] + 1, numOps + 1).key;
}

export function countUniqueDarts(inputs: number, nodes: number, pick: number, numOps: number): bigint {
    const classes = new Map<string, number[]>();
    const preds: number[][] = [];
    const visit = (i: number): void => {
        if (i === nodes) {
            const { key, orders } = canonicalDarts(inputs, preds, () => 1, 2);
            if (!classes.has(key)) classes.set(key, edgeCycles(inputs, preds, orders));
            return;
        }
        for (const subset of subsets(inputs + i, pick)) {
            preds[i] = subset;
            visit(i + 1);
        }
        preds.length = i;
    };
    visit(0);
    let total = 0n;
    for (const cycles of classes.values()) {
        let fixed = 0n;
        for (const c of cycles) fixed += BigInt(numOps) ** BigInt(c);
        total += fixed / BigInt(cycles.length);
    }
    return total;
}

function estimateUniqueDarts(inputs: number, nodes: number, pick: number, numOps: number, raw: bigint, options: SizeOptions): SpaceSize {
    const samples = options.samples ?? DEFAULT_SAMPLES;
    const rng = new Rng(options.seed ?? 'sizes');
    if ((numOps + 1) ** (inputs + nodes) > Number.MAX_SAFE_INTEGER || nodes > 20) {
        return { raw, unique: raw, exact: false, log10Raw: log10Big(raw), log10Unique: log10Big(raw), interval: [1, Number(raw)], note: 'cell too large to estimate its classes: unique is only bounded by raw' };
    }
    let sum = 0;
    let sumSquares = 0;
    for (let s = 0; s < samples; s++) {
        const preds: number[][] = [];
        const ops: number[][] = [];
        for (let i = 0; i < nodes; i++) {
            preds.push(rng.shuffle(Array.from({ length: inputs + i }, (_, k) => k)).slice(0, pick).sort((a, b) => a - b));
            ops.push(preds[i].map(() => rng.int(numOps)));
        }
        // Labelled code: a node's value sums (op + 1) · (k + 1)^(predecessor position).
        const { orders } = canonicalDarts(inputs, preds, (node, slot) => ops[node][slot] + 1, numOps + 1);
        const members = linearExtensions(inputs, preds) / orders.length;
        sum += 1 / members;
        sumSquares += 1 / (members * members);
    }
    const mean = sum / samples;
    const variance = Math.max(0, sumSquares / samples - mean * mean) * (samples / Math.max(1, samples - 1));
    const half = 1.96 * Math.sqrt(variance / samples);
    const rawNumber = Number(raw);
    const estimate = rawNumber * mean;
    return {
        raw,
        unique: BigInt(Math.round(estimate)),
        exact: false,
        log10Raw: log10Big(raw),
        log10Unique: Math.log10(estimate),
        interval: [rawNumber * (mean - half), Math.min(rawNumber, rawNumber * (mean + half))],
        note: `unique estimated from ${samples} uniform samples (raw × mean of 1/class size)`,
    };
}

/**
 * Smallest code over the topological orders of the intermediate nodes, and all orders reaching it.
 * preds[i] lists node i's predecessors as global indices (inputs 0..inputs-1, intermediate j at inputs + j).
 * The code of an intermediate node is Σ_slots label(node, slot) · base^(position of that predecessor).
 */
function canonicalDarts(
    inputs: number,
    preds: number[][],
    label: (node: number, slot: number) => number,
    base: number,
): { key: string; orders: number[][] } {
    const nodes = preds.length;
    const position = new Array<number>(inputs + nodes).fill(-1);
    for (let k = 0; k < inputs; k++) position[k] = k;
    const order: number[] = [];
    const code: number[] = [];
    let best: number[] | undefined;
    let bestOrders: number[][] = [];
    const valueOf = (i: number): number => {
        let value = 0;
        preds[i].forEach((p, slot) => (value += label(i, slot) * base ** position[p]));
        return value;
    };
    const comparePrefix = (length: number): number => {
        if (!best) return -1;
        for (let k = 0; k < length; k++) if (code[k] !== best[k]) return code[k] < best[k] ? -1 : 1;
        return 0;
    };
    const search = (pos: number): void => {
        if (pos === nodes) {
            const cmp = comparePrefix(nodes);
            if (cmp < 0) {
                best = code.slice();
                bestOrders = [order.slice()];
            } else if (cmp === 0) bestOrders.push(order.slice());
            return;
        }
        const candidates: Array<[number, number]> = [];
        for (let i = 0; i < nodes; i++) {
            if (position[inputs + i] >= 0 || preds[i].some((p) => position[p] < 0)) continue;
            candidates.push([i, valueOf(i)]);
        }
        candidates.sort((a, b) => a[1] - b[1]);
        for (const [i, value] of candidates) {
            const prefix = comparePrefix(pos);
            if (prefix > 0 || (prefix === 0 && best && value > best[pos])) return;
            position[inputs + i] = inputs + pos;
            order.push(i);
            code.push(value);
            search(pos + 1);
            code.pop();
            order.pop();
            position[inputs + i] = -1;
        }
    };
    search(0);
    return { key: best!.join(','), orders: bestOrders };
}

/** Edge-cycle counts of the automorphisms order_0[p] -> order_k[p] (inputs fixed). */
function edgeCycles(inputs: number, preds: number[][], orders: number[][]): number[] {
    const edges: Array<[number, number]> = [];
    preds.forEach((list, i) => list.forEach((p) => edges.push([p, inputs + i])));
    const edgeIndex = new Map(edges.map(([a, b], e) => [`${a}>${b}`, e]));
    const base = orders[0];
    return orders.map((other) => {
        const image = new Map<number, number>();
        for (let k = 0; k < inputs; k++) image.set(k, k);
        base.forEach((node, p) => image.set(inputs + node, inputs + other[p]));
        const seen = new Array<boolean>(edges.length).fill(false);
        let cycles = 0;
        for (let e = 0; e < edges.length; e++) {
            if (seen[e]) continue;
            cycles++;
            for (let f = e; !seen[f]; ) {
                seen[f] = true;
                const [a, b] = edges[f];
                f = edgeIndex.get(`${image.get(a)}>${image.get(b)}`)!;
            }
        }
        return cycles;
    });
}

/** Number of orders of the intermediate nodes in which every node follows its predecessors. */
function linearExtensions(inputs: number, preds: number[][]): number {
    const nodes = preds.length;
    const need = preds.map((list) => list.reduce((mask, p) => (p >= inputs ? mask | (1 << (p - inputs)) : mask), 0));
    const ways = new Float64Array(1 << nodes);
    ways[0] = 1;
    for (let set = 0; set < 1 << nodes; set++) {
        if (!ways[set]) continue;
        for (let i = 0; i < nodes; i++) {
            if (set & (1 << i) || (need[i] & ~set) !== 0) continue;
            ways[set | (1 << i)] += ways[set];
        }
    }
    return ways[(1 << nodes) - 1];
}

/** All k-subsets of 0..n-1, increasing. */
function subsets(n: number, k: number): number[][] {
    const out: number[][] = [];
    const current: number[] = [];
    const go = (start: number): void => {
        if (current.length === k) {
            out.push(current.slice());
            return;
        }
        for (let v = start; v < n; v++) {
            current.push(v);
            go(v + 1);
            current.pop();
        }
    };
    go(0);
    return out;
}
