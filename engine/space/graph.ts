import type { Rng } from '../rng.js';
import type { GraphSpec } from '../spec.js';
import { canonicalGraph } from '../canonical/graph.js';
import { flatKey, hammingBall } from './neighbourhood.js';
import type { Genotype, SearchSpace } from './types.js';

/** Rejection sampling gives up after this many draws and reports the space as (nearly) empty. */
const MAX_SAMPLE_TRIES = 100_000;
/** Counting valid matrices enumerates edge subsets; above this many subsets `size` is an upper bound instead. */
const MAX_COUNT_SUBSETS = 20_000_000;

/**
 * NAS-Bench-101 style graph space: the topology is searched on up to `maxNodes` nodes (node 0 the input,
 * the last node the output), and every inner node carries one op.
 *
 * Genotype (N = maxNodes, E = N(N-1)/2):
 *   g[0..E-1]   adjacency bits of the upper triangle, row by row: (0,1), (0,2), ..., (0,N-1), (1,2), ..., (N-2,N-1);
 *   g[E..E+N-3] op index of inner nodes 1..N-2.
 * Valid: the output is reachable from the input (NB101's pruning leaves a graph) and the matrix has at most
 * `maxEdges` edges (counted before pruning, like NB101's `is_valid`). Nodes off every input→output path
 * keep an op in the genotype; pruning drops them, so `canonical` (exact graph isomorphism of the pruned
 * graph) merges such genotypes.
 * Distance: Hamming on the genotype = |symmetric difference of the edge sets| + number of inner nodes whose
 * op differs. It is NOT isomorphism-invariant (relabelled copies of one graph can be far apart) and it counts
 * ops of pruned nodes.
 * One step: add or remove one edge, or change one inner node's op, keeping the result valid.
 * `neighbors(g, d)` is the exact valid Hamming ball (not a walk), so it includes genotypes reachable only
 * through invalid intermediates (e.g. moving an edge while at the edge limit).
 * Sampling: uniform adjacency bits and uniform ops, rejected until valid: uniform over valid genotypes.
 * Format: `op,op,...:row0|row1|...` with inner-node op names, then each row i's bits for columns i+1..N-1.
 */
export class GraphSpace implements SearchSpace {
    readonly name: string;
    readonly length: number;
    private readonly n: number;
    private readonly edgeSlots: number;
    private readonly opCount: number;
    /** Slot index of (i, j), i < j. */
    private readonly slot: number[][];
    private cachedSize: bigint | undefined;
    /** Whether `size` is exact (false: upper bound, too many edge subsets to count). */
    sizeIsExact = true;

    constructor(
        readonly spec: GraphSpec,
        name?: string,
    ) {
        if (!(spec.maxNodes >= 2)) throw new Error(`graph ${spec.name}: maxNodes must be at least 2`);
        if (spec.ops.length === 0 && spec.maxNodes > 2) throw new Error(`graph ${spec.name}: needs at least one op`);
        this.name = name ?? spec.name;
        this.n = spec.maxNodes;
        this.edgeSlots = (this.n * (this.n - 1)) / 2;
        this.opCount = spec.ops.length;
        this.length = this.edgeSlots + this.n - 2;
        this.slot = Array.from({ length: this.n }, () => new Array<number>(this.n).fill(-1));
        let k = 0;
        for (let i = 0; i < this.n; i++) for (let j = i + 1; j < this.n; j++) this.slot[i][j] = k++;
    }

    /** Number of valid genotypes: valid matrices (counted by enumeration) times opCount^(inner nodes). */
    get size(): bigint {
        this.cachedSize ??= this.countValid();
        return this.cachedSize;
    }

    /** The adjacency matrix and inner-node ops of a genotype. */
    decode(g: Genotype): { matrix: number[][]; ops: number[] } {
        const matrix = Array.from({ length: this.n }, () => new Array<number>(this.n).fill(0));
        for (let i = 0; i < this.n; i++) for (let j = i + 1; j < this.n; j++) matrix[i][j] = g[this.slot[i][j]] ? 1 : 0;
        return { matrix, ops: g.slice(this.edgeSlots) };
    }

    sample(rng: Rng): Genotype {
        for (let t = 0; t < MAX_SAMPLE_TRIES; t++) {
            const g = new Array<number>(this.length);
            for (let k = 0; k < this.edgeSlots; k++) g[k] = rng.int(2);
            for (let k = this.edgeSlots; k < this.length; k++) g[k] = rng.int(this.opCount);
            if (this.isValid(g)) return g;
        }
        throw new Error(`graph ${this.name}: no valid graph in ${MAX_SAMPLE_TRIES} random draws (maxEdges ${this.spec.maxEdges} too small?)`);
    }

    contains(g: Genotype): boolean {
        if (g.length !== this.length) return false;
        for (let k = 0; k < this.edgeSlots; k++) if (g[k] !== 0 && g[k] !== 1) return false;
        for (let k = this.edgeSlots; k < this.length; k++) if (!(Number.isInteger(g[k]) && g[k] >= 0 && g[k] < this.opCount)) return false;
        return this.isValid(g);
    }

    key(g: Genotype): string {
        return flatKey(g);
    }

    canonical(g: Genotype): string {
        const { matrix, ops } = this.decode(g);
        return canonicalGraph(matrix, ops);
    }

    distance(a: Genotype, b: Genotype): number {
        let d = 0;
        for (let k = 0; k < this.length; k++) if (a[k] !== b[k]) d++;
        return d;
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        return hammingBall(
            g,
            d,
            (p, current) => (p < this.edgeSlots ? [1 - current] : range(this.opCount).filter((o) => o !== current)),
            (x) => this.isValid(x),
        );
    }

    format(g: Genotype): string {
        const ops = g.slice(this.edgeSlots).map((o) => this.spec.ops[o]?.name ?? `?${o}`);
        const rows: string[] = [];
        for (let i = 0; i < this.n - 1; i++) {
            let row = '';
            for (let j = i + 1; j < this.n; j++) row += g[this.slot[i][j]] ? '1' : '0';
            rows.push(row);
        }
        return `${ops.join(',')}:${rows.join('|')}`;
    }

    parse(text: string): Genotype {
        const t = text.trim();
        const colon = t.indexOf(':');
        if (colon < 0) throw new Error(`graph ${this.name}: '${t}' should look like 'op,op,...:row|row|...'`);
        const opText = t.slice(0, colon);
        const opNames = opText === '' ? [] : opText.split(',');
        if (opNames.length !== this.n - 2) throw new Error(`graph ${this.name}: '${opText}' names ${opNames.length} op(s), expected ${this.n - 2}`);
        const g = new Array<number>(this.length).fill(0);
        opNames.forEach((name, k) => {
            const o = this.spec.ops.findIndex((op) => op.name === name.trim());
            if (o < 0) throw new Error(`graph ${this.name}: unknown op '${name}'; known ops: ${this.spec.ops.map((op) => op.name).join(', ')}`);
            g[this.edgeSlots + k] = o;
        });
        const rows = t.slice(colon + 1).split('|');
        if (rows.length !== this.n - 1) throw new Error(`graph ${this.name}: '${t.slice(colon + 1)}' has ${rows.length} row(s), expected ${this.n - 1}`);
        rows.forEach((row, i) => {
            if (!new RegExp(`^[01]{${this.n - 1 - i}}$`).test(row)) {
                throw new Error(`graph ${this.name}: row ${i} '${row}' should be ${this.n - 1 - i} binary digit(s)`);
            }
            for (let j = i + 1; j < this.n; j++) g[this.slot[i][j]] = Number(row[j - i - 1]);
        });
        if (!this.isValid(g)) throw new Error(`graph ${this.name}: '${t}' is not valid (output unreachable or more than ${this.spec.maxEdges} edges)`);
        return g;
    }

    /** Edge count within the limit and the output reachable from the input. */
    isValid(g: Genotype): boolean {
        let edges = 0;
        for (let k = 0; k < this.edgeSlots; k++) edges += g[k];
        if (edges > this.spec.maxEdges) return false;
        return this.reaches(g);
    }

    private reaches(g: Genotype): boolean {
        // Slots are row-major and rows only point forward, so one pass in node order propagates reachability.
        const reached = new Array<boolean>(this.n).fill(false);
        reached[0] = true;
        for (let i = 0; i < this.n - 1; i++) {
            if (!reached[i]) continue;
            for (let j = i + 1; j < this.n; j++) if (g[this.slot[i][j]]) reached[j] = true;
        }
        return reached[this.n - 1];
    }

    private countValid(): bigint {
        const opsFactor = BigInt(this.opCount) ** BigInt(this.n - 2);
        const limit = Math.min(this.spec.maxEdges, this.edgeSlots);
        let subsets = 0;
        for (let k = 0; k <= limit; k++) subsets += binomial(this.edgeSlots, k);
        if (subsets > MAX_COUNT_SUBSETS) {
            this.sizeIsExact = false;
            return BigInt(Math.round(subsets)) * opsFactor;
        }
        // Reachability as bitmasks: reach[j] set when some chosen edge (i, j) has i reached. Edges are taken in
        // slot order (row-major), so deciding edge (i, j) after all edges into i keeps masks final per row.
        const pairs: Array<[number, number]> = [];
        for (let i = 0; i < this.n; i++) for (let j = i + 1; j < this.n; j++) pairs.push([i, j]);
        let count = 0;
        const rec = (k: number, used: number, reached: number): void => {
            if (k === pairs.length) {
                if (reached & (1 << (this.n - 1))) count++;
                return;
            }
            rec(k + 1, used, reached);
            if (used < limit) {
                const [i, j] = pairs[k];
                rec(k + 1, used + 1, reached & (1 << i) ? reached | (1 << j) : reached);
            }
        };
        rec(0, 0, 1);
        return BigInt(count) * opsFactor;
    }
}

function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
}

function binomial(n: number, k: number): number {
    let r = 1;
    for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
    return r;
}
