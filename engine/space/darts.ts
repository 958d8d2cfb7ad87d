import type { Rng } from '../rng.js';
import type { DartsCellSpec } from '../spec.js';
import { canonicalGraph } from '../canonical/graph.js';
import { flatKey, neighbourhood } from './neighbourhood.js';
import type { Genotype, SearchSpace } from './types.js';

/**
 * DARTS style cell: `inputs` input nodes (0..inputs-1), then `nodes` intermediate nodes (ids inputs..);
 * intermediate node i picks `pick` distinct predecessors among the inputs and earlier intermediate nodes,
 * with one op per picked input; the cell output concatenates every intermediate node.
 *
 * Genotype: for each intermediate node in order, its picked predecessor ids in ascending order, then the op
 * index of each picked input in the same order: `pick` ids + `pick` ops per node.
 * One step: change one picked input's op, or replace one picked input by a predecessor it does not already
 * pick (the op stays with the slot). Distance: the length of the shortest such path, summed over nodes;
 * per node it is the cheapest matching of the two (input, op) pair sets, a matched pair costing
 * [inputs differ] + [ops differ] (see `assignmentCost`). It is the path metric of the moves, so
 * `neighbors(g, d)` (a walk to depth d) returns the exact ball. Sampling: each node picks a uniform subset and uniform ops: uniform.
 * `cell reduce = normal` is a second component of the product, not a special case here.
 * Format: like NB201 strings, one `+`-separated group per intermediate node: `|op~src|op~src|+|...|`.
 * Canonical: the cell as a node-labelled DAG (each picked edge becomes a node labelled by its op, the two
 * inputs stay distinguishable, intermediate nodes are sums, the output reads them all), canonicalised by
 * `canonicalGraph`; it merges relabellings of intermediate nodes and treats the concatenation as unordered.
 */
export class DartsSpace implements SearchSpace {
    readonly name: string;
    readonly size: bigint;
    readonly length: number;
    private readonly opCount: number;
    private readonly pick: number;
    private readonly opIndex: Map<string, number>;

    constructor(
        readonly spec: DartsCellSpec,
        name?: string,
    ) {
        this.name = name ?? spec.name;
        this.opCount = spec.ops.length;
        this.pick = spec.pick;
        if (this.opCount === 0) throw new Error(`darts cell ${spec.name}: needs at least one op`);
        if (!(spec.inputs >= 1 && spec.nodes >= 1 && spec.pick >= 1)) throw new Error(`darts cell ${spec.name}: inputs, nodes and pick must be >= 1`);
        if (spec.pick > spec.inputs) {
            throw new Error(`darts cell ${spec.name}: pick ${spec.pick} exceeds the ${spec.inputs} predecessor(s) of the first node`);
        }
        this.length = spec.nodes * 2 * spec.pick;
        let size = 1n;
        for (let i = 0; i < spec.nodes; i++) size *= binomial(spec.inputs + i, spec.pick) * BigInt(this.opCount) ** BigInt(spec.pick);
        this.size = size;
        this.opIndex = new Map(spec.ops.map((op, i) => [op.name, i]));
    }

    sample(rng: Rng): Genotype {
        const g: Genotype = [];
        for (let i = 0; i < this.spec.nodes; i++) {
            const preds = rng.shuffle(range(this.spec.inputs + i)).slice(0, this.pick).sort((a, b) => a - b);
            g.push(...preds);
            for (let k = 0; k < this.pick; k++) g.push(rng.int(this.opCount));
        }
        return g;
    }

    contains(g: Genotype): boolean {
        if (g.length !== this.length) return false;
        for (let i = 0; i < this.spec.nodes; i++) {
            const { inputs, ops } = this.node(g, i);
            for (let k = 0; k < this.pick; k++) {
                const x = inputs[k];
                if (!Number.isInteger(x) || x < 0 || x >= this.spec.inputs + i || (k > 0 && x <= inputs[k - 1])) return false;
                if (!Number.isInteger(ops[k]) || ops[k] < 0 || ops[k] >= this.opCount) return false;
            }
        }
        return true;
    }

    key(g: Genotype): string {
        return flatKey(g);
    }

    canonical(g: Genotype): string {
        const { inputs: nIn, nodes } = this.spec;
        // Topological layout: 0 a common source, 1..nIn the inputs, then per intermediate node its picked
        // edges (one node each, labelled by the op) followed by its sum node; the output last.
        const blockOf = (i: number): number => 1 + nIn + i * (this.pick + 1);
        const total = blockOf(nodes) + 1;
        const matrix = Array.from({ length: total }, () => new Array<number>(total).fill(0));
        const labels = new Array<number>(total).fill(0);
        const K = this.opCount;
        const idOf = (x: number): number => (x < nIn ? 1 + x : blockOf(x - nIn) + this.pick);
        for (let x = 0; x < nIn; x++) {
            matrix[0][1 + x] = 1;
            labels[1 + x] = K + 1 + x;
        }
        for (let i = 0; i < nodes; i++) {
            const { inputs, ops } = this.node(g, i);
            const sum = blockOf(i) + this.pick;
            labels[sum] = K;
            matrix[sum][total - 1] = 1;
            for (let k = 0; k < this.pick; k++) {
                const e = blockOf(i) + k;
                labels[e] = ops[k];
                matrix[idOf(inputs[k])][e] = 1;
                matrix[e][sum] = 1;
            }
        }
        return canonicalGraph(matrix, labels);
    }

    distance(a: Genotype, b: Genotype): number {
        let d = 0;
        for (let i = 0; i < this.spec.nodes; i++) d += assignmentCost(this.node(a, i), this.node(b, i));
        return d;
    }

    /** One step: per node, every other op on every picked input, and every replacement of one picked input. */
    step(g: Genotype): Genotype[] {
        const out: Genotype[] = [];
        for (let i = 0; i < this.spec.nodes; i++) {
            const base = i * 2 * this.pick;
            const { inputs, ops } = this.node(g, i);
            for (let k = 0; k < this.pick; k++) {
                for (let o = 0; o < this.opCount; o++) {
                    if (o === ops[k]) continue;
                    const n = g.slice();
                    n[base + this.pick + k] = o;
                    out.push(n);
                }
            }
            const picked = new Set(inputs);
            for (let k = 0; k < this.pick; k++) {
                for (let p = 0; p < this.spec.inputs + i; p++) {
                    if (picked.has(p)) continue;
                    const pairs = inputs.map((inp, j) => [j === k ? p : inp, ops[j]] as [number, number]).sort((a, b) => a[0] - b[0]);
                    const n = g.slice();
                    pairs.forEach(([inp, op], j) => {
                        n[base + j] = inp;
                        n[base + this.pick + j] = op;
                    });
                    out.push(n);
                }
            }
        }
        return out;
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        if (d === 1) return this.step(g);
        return neighbourhood(g, d, (x) => this.step(x), flatKey, (a, b) => this.distance(a, b));
    }

    format(g: Genotype): string {
        return range(this.spec.nodes)
            .map((i) => {
                const { inputs, ops } = this.node(g, i);
                return '|' + inputs.map((inp, k) => `${this.spec.ops[ops[k]]?.name ?? `?${ops[k]}`}~${inp}`).join('|') + '|';
            })
            .join('+');
    }

    parse(text: string): Genotype {
        const t = text.trim();
        const groups = t.split('+');
        if (groups.length !== this.spec.nodes) {
            throw new Error(`darts cell ${this.name}: '${t}' has ${groups.length} node group(s), expected ${this.spec.nodes}`);
        }
        const g: Genotype = [];
        groups.forEach((group, i) => {
            const node = this.spec.inputs + i;
            if (!group.startsWith('|') || !group.endsWith('|') || group.length < 2) {
                throw new Error(`darts cell ${this.name}: group '${group}' of node ${node} must look like |op~src|op~src|`);
            }
            const items = group.slice(1, -1).split('|');
            if (items.length !== this.pick) {
                throw new Error(`darts cell ${this.name}: group '${group}' of node ${node} has ${items.length} input(s), expected ${this.pick}`);
            }
            const pairs = items.map((item): [number, number] => {
                const tilde = item.lastIndexOf('~');
                const src = tilde < 0 ? NaN : Number(item.slice(tilde + 1));
                if (tilde < 0 || !Number.isInteger(src) || src < 0 || src >= node) {
                    throw new Error(`darts cell ${this.name}: '${item}' in '${group}' should be 'op~src' with src in 0..${node - 1}`);
                }
                const op = this.opIndex.get(item.slice(0, tilde));
                if (op === undefined) {
                    throw new Error(`darts cell ${this.name}: unknown op '${item.slice(0, tilde)}' in '${item}'; known ops: ${this.spec.ops.map((o) => o.name).join(', ')}`);
                }
                return [src, op];
            });
            pairs.sort((a, b) => a[0] - b[0]);
            for (let k = 1; k < pairs.length; k++) {
                if (pairs[k][0] === pairs[k - 1][0]) throw new Error(`darts cell ${this.name}: group '${group}' picks input ${pairs[k][0]} twice`);
            }
            g.push(...pairs.map((p) => p[0]), ...pairs.map((p) => p[1]));
        });
        return g;
    }

    private node(g: Genotype, i: number): { inputs: number[]; ops: number[] } {
        const base = i * 2 * this.pick;
        return { inputs: g.slice(base, base + this.pick), ops: g.slice(base + this.pick, base + 2 * this.pick) };
    }
}

function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
}

function binomial(n: number, k: number): bigint {
    if (k < 0 || k > n) return 0n;
    let r = 1n;
    for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
    return r;
}

/**
 * Fewest moves turning one node's picked (input, op) pairs into another's: a cheapest one-to-one matching of
 * the pairs, each matched pair costing [inputs differ] + [ops differ]. Every move changes one pair by one
 * unit, so no path is shorter; conversely a matching is realisable (replacements along chains are done
 * from the free end, and a cycle of replacements is never cheaper than changing ops in place).
 * Bitmask DP over the second node's pairs: O(pick · 2^pick).
 */
function assignmentCost(x: { inputs: number[]; ops: number[] }, y: { inputs: number[]; ops: number[] }): number {
    const n = x.inputs.length;
    const dp = new Array<number>(1 << n).fill(Infinity);
    dp[0] = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
        if (dp[mask] === Infinity) continue;
        const k = popcount(mask);
        if (k === n) continue;
        for (let j = 0; j < n; j++) {
            if (mask & (1 << j)) continue;
            const c = (x.inputs[k] !== y.inputs[j] ? 1 : 0) + (x.ops[k] !== y.ops[j] ? 1 : 0);
            const next = mask | (1 << j);
            if (dp[mask] + c < dp[next]) dp[next] = dp[mask] + c;
        }
    }
    return dp[(1 << n) - 1];
}

function popcount(x: number): number {
    let c = 0;
    for (; x; x &= x - 1) c++;
    return c;
}
