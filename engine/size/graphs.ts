/**
 * Sizes of NAS-Bench-101-style graph spaces.
 *
 * raw: the encoding a genotype can take: an upper-triangular adjacency matrix on exactly `maxNodes` nodes
 *   (any of the 2^(n(n-1)/2) bit patterns) times one op per inner node: 2^(n(n-1)/2) · k^(n-2). For NB101
 *   (7 nodes, 3 ops) that is 2^21 · 3^5 = 509,607,936, the "~510M" of the NB101 paper.
 * unique: the number of distinct valid graphs: pruned (every node on an input→output path, as NB101's
 *   ModelSpec), at most `maxEdges` edges after pruning, any node count from 2 to `maxNodes`, isomorphic
 *   labelled graphs (relabelling inner nodes) merged. For 7 / 9 / 3 this is NB101's 423,624.
 *
 * Method (no genotype enumeration): for every node count n, enumerate the "full" upper-triangular DAGs
 * (each non-output node has an out-edge and each non-input node an in-edge — exactly the pruned graphs)
 * with at most maxEdges edges, column by column; canonicalise each topology (smallest code over its
 * topological orders) and, once per class, find its automorphism group (the orders reaching that code).
 * The op labellings of a class up to its automorphisms are then counted with Burnside's lemma:
 *   orbits = (1/|Aut|) · Σ_{σ ∈ Aut} k^(cycles of σ on the inner nodes).
 */
import { log10Big } from './bigmath.js';
import type { SpaceSize } from './types.js';

export function graphRawSize(maxNodes: number, numOps: number): bigint {
    if (maxNodes < 2) return 0n;
    return 2n ** BigInt((maxNodes * (maxNodes - 1)) / 2) * BigInt(numOps) ** BigInt(maxNodes - 2);
}

/**
 * Steps (partial topologies and canonical-order steps) the unique-graph count may take by default, about
 * 10 s on a loaded 2-core machine: NB101 (7 nodes, 9 edges) takes 0.15 M steps, 10 nodes / 9 edges 1.7 M,
 * while 8 nodes with no edge bound run for minutes and 31 for longer than anyone waits. Beyond the budget
 * the count stops and the size says "too large to count" (unique only bounded by raw). A count of steps,
 * not a clock: the same space always gets the same answer.
 */
export const DEFAULT_GRAPH_WORK = 20_000_000;

/** The unique-graph count ran past its work budget. */
export class GraphCountTooLarge extends RangeError {}

/**
 * Recent graph sizes by shape and budget: the editor sizes one space up to three times (probe, probe with
 * more samples, estimate) and the graph count does not depend on samples, so it is counted once.
 */
const recentGraphSizes = new Map<string, SpaceSize>();

export function graphSize(maxNodes: number, maxEdges: number, numOps: number, workLimit = DEFAULT_GRAPH_WORK): SpaceSize {
    const key = `${maxNodes}:${maxEdges}:${numOps}:${workLimit}`;
    let size = recentGraphSizes.get(key);
    if (!size) {
        size = countGraphSize(maxNodes, maxEdges, numOps, workLimit);
        recentGraphSizes.set(key, size);
        if (recentGraphSizes.size > 64) recentGraphSizes.delete(recentGraphSizes.keys().next().value as string);
    }
    return size;
}

function countGraphSize(maxNodes: number, maxEdges: number, numOps: number, workLimit: number): SpaceSize {
    const raw = graphRawSize(maxNodes, numOps);
    let unique: bigint;
    try {
        unique = countUniqueGraphs(maxNodes, maxEdges, numOps, workLimit);
    } catch (error) {
        if (!(error instanceof GraphCountTooLarge)) throw error;
        const note = `unique graphs too large to count within the work budget (${workLimit.toLocaleString('en-US')} topologies): unique is only bounded by raw`;
        return { raw, unique: raw, exact: false, log10Raw: log10Big(raw), log10Unique: log10Big(raw), note };
    }
    return { raw, unique, exact: true, log10Raw: log10Big(raw), log10Unique: log10Big(unique) };
}

/**
 * Number of unique valid graphs (see the module comment). NB101: countUniqueGraphs(7, 9, 3) === 423624n.
 * Throws `GraphCountTooLarge` after `workLimit` topologies, and a `RangeError` beyond 31 nodes (the limit
 * of the bitmasks; the language refuses `max_nodes` over 31 before this is reached).
 */
export function countUniqueGraphs(maxNodes: number, maxEdges: number, numOps: number, workLimit = Infinity): bigint {
    if (maxNodes > 31) throw new RangeError(`a graph space has at most 31 nodes (max_nodes ${maxNodes})`);
    let total = 0n;
    const work = { left: workLimit };
    for (let n = 2; n <= maxNodes; n++) {
        for (const { automorphisms } of topologyClasses(n, maxEdges, work)) {
            let fixed = 0n;
            for (const cycles of automorphisms) fixed += BigInt(numOps) ** BigInt(cycles);
            total += fixed / BigInt(automorphisms.length);
        }
    }
    return total;
}

interface TopologyClass {
    /** For each automorphism: its number of cycles on the inner nodes. */
    automorphisms: number[];
}

/** The isomorphism classes of full DAGs on exactly n nodes with at most maxEdges edges. */
export function topologyClasses(n: number, maxEdges: number, work: { left: number } = { left: Infinity }): TopologyClass[] {
    if (n < 2 || maxEdges < n - 1) return []; // every non-input node needs an in-edge
    if (n === 2) return [{ automorphisms: [0] }];
    const classes = new Map<string, TopologyClass>();
    const preds = new Array<number>(n).fill(0);
    const all = (1 << (n - 1)) - 1; // nodes 0..n-2 must each have an out-edge

    const column = (j: number, edges: number, outMask: number): void => {
        if (--work.left < 0) throw new GraphCountTooLarge('unique-graph count over its work budget');
        if (j === n) {
            if (outMask !== all) return;
            const { key, orders } = canonicalTopology(preds, n, work);
            if (!classes.has(key)) classes.set(key, { automorphisms: cyclesOf(orders, n) });
            return;
        }
        // Later columns need at least one edge each.
        const budget = maxEdges - edges - (n - 1 - j);
        for (let mask = 1; mask < 1 << j; mask++) {
            const bits = popcount(mask);
            if (bits > budget) continue;
            preds[j] = mask;
            column(j + 1, edges + bits, outMask | mask);
        }
    };
    column(1, 0, 0);
    return [...classes.values()];
}

/**
 * Smallest code over the topological orders of the inner nodes (input first, output last), and every order
 * that reaches it (their pairwise differences are the automorphisms). Code per position: the mask of
 * positions of the node's predecessors; then the output's mask.
 */
function canonicalTopology(preds: number[], n: number, work: { left: number }): { key: string; orders: number[][] } {
    const inner = n - 2;
    const position = new Array<number>(n).fill(-1);
    position[0] = 0;
    const order: number[] = [0];
    const code: number[] = [];
    let best: number[] | undefined;
    let bestOrders: number[][] = [];
    let placed = 1; // bitmask of placed nodes

    const positionMask = (predMask: number): number => {
        let mask = 0;
        for (let rest = predMask; rest; rest &= rest - 1) mask |= 1 << position[31 - Math.clz32(rest & -rest)];
        return mask;
    };
    const comparePrefix = (length: number): number => {
        if (!best) return -1;
        for (let k = 0; k < length; k++) if (code[k] !== best[k]) return code[k] < best[k] ? -1 : 1;
        return 0;
    };
    const search = (pos: number): void => {
        if (--work.left < 0) throw new GraphCountTooLarge('unique-graph count over its work budget');
        if (pos > inner) {
            code.push(positionMask(preds[n - 1]));
            const cmp = comparePrefix(inner + 1);
            if (cmp < 0) {
                best = code.slice();
                bestOrders = [order.slice()];
            } else if (cmp === 0) bestOrders.push(order.slice());
            code.pop();
            return;
        }
        const prefix = comparePrefix(pos - 1);
        if (prefix > 0) return;
        const candidates: Array<[number, number]> = [];
        for (let v = 1; v < n - 1; v++) {
            if (position[v] >= 0 || (preds[v] & ~placed) !== 0) continue;
            candidates.push([v, positionMask(preds[v])]);
        }
        candidates.sort((a, b) => a[1] - b[1]);
        for (const [v, value] of candidates) {
            // Ties must be explored too: they are the automorphisms.
            if (comparePrefix(pos - 1) === 0 && best && value > best[pos - 1]) return;
            if (comparePrefix(pos - 1) > 0) return;
            position[v] = pos;
            placed |= 1 << v;
            order.push(v);
            code.push(value);
            search(pos + 1);
            code.pop();
            order.pop();
            placed &= ~(1 << v);
            position[v] = -1;
        }
    };
    search(1);
    return { key: best!.join(','), orders: bestOrders };
}

/** Cycle counts (on inner nodes) of the automorphisms order_0[p] -> order_k[p]. */
function cyclesOf(orders: number[][], n: number): number[] {
    const base = orders[0];
    return orders.map((other) => {
        const image = new Array<number>(n);
        for (let p = 1; p < n - 1; p++) image[base[p]] = other[p];
        const seen = new Array<boolean>(n).fill(false);
        let cycles = 0;
        for (let v = 1; v < n - 1; v++) {
            if (seen[v]) continue;
            cycles++;
            for (let u = v; !seen[u]; u = image[u]) seen[u] = true;
        }
        return cycles;
    });
}

function popcount(x: number): number {
    let count = 0;
    for (; x; x &= x - 1) count++;
    return count;
}
