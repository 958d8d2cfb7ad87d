import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalGraph, pruneGraph, countEdges, DISCONNECTED_GRAPH } from '../../../engine/canonical/graph.js';
import { Rng } from '../../../engine/rng.js';

/** Applies a permutation of the inner nodes (perm[old] = new) to a graph given as edges + labels. */
function relabel(matrix: number[][], ops: number[], perm: number[]): { matrix: number[][]; ops: number[] } {
    const n = matrix.length;
    const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const o = new Array<number>(n);
    for (let i = 0; i < n; i++) {
        o[perm[i]] = ops[i];
        for (let j = 0; j < n; j++) if (matrix[i][j]) m[perm[i]][perm[j]] = 1;
    }
    return { matrix: m, ops: o };
}

function randomDag(rng: Rng, n: number, density: number, labels: number): { matrix: number[][]; ops: number[] } {
    const matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i < j && rng.next() < density ? 1 : 0)));
    const ops = Array.from({ length: n }, (_, i) => (i === 0 ? -1 : i === n - 1 ? -2 : rng.int(labels)));
    return { matrix, ops };
}

/** A random topological relabelling: keeps the matrix upper-triangular. */
function randomTopologicalPerm(rng: Rng, matrix: number[][]): number[] {
    const n = matrix.length;
    const placed = new Array<boolean>(n).fill(false);
    const perm = new Array<number>(n);
    perm[0] = 0;
    placed[0] = true;
    for (let pos = 1; pos < n - 1; pos++) {
        const ready: number[] = [];
        for (let v = 1; v < n - 1; v++) {
            if (placed[v]) continue;
            let ok = true;
            for (let u = 0; u < v; u++) if (matrix[u][v] && !placed[u]) ok = false;
            if (ok) ready.push(v);
        }
        const v = rng.pick(ready);
        placed[v] = true;
        perm[v] = pos;
    }
    perm[n - 1] = n - 1;
    return perm;
}

/** Reference canonical form: brute force over every permutation of inner nodes (any order, not only topological). */
function bruteCanonical(matrix: number[][], ops: number[]): string {
    const pruned = pruneGraph(matrix, ops);
    if (!pruned) return DISCONNECTED_GRAPH;
    const n = pruned.matrix.length;
    let best: string | undefined;
    const inner = Array.from({ length: n - 2 }, (_, i) => i + 1);
    const permute = (rest: number[], chosen: number[]): void => {
        if (rest.length === 0) {
            const perm = [0, ...chosen, n - 1]; // position -> node
            let s = perm.map((v) => pruned.ops[v]).join(',') + ':';
            for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) s += pruned.matrix[perm[a]][perm[b]];
            if (best === undefined || s < best) best = s;
            return;
        }
        rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...chosen, v]));
    };
    permute(inner, []);
    return best!;
}

describe('pruneGraph (NB101 ModelSpec semantics)', () => {
    test('removes nodes off every input->output path', () => {
        // 0->1->4, 0->2 (2 is a dead end), 3->4 (3 unreachable from input)
        const m = [
            [0, 1, 1, 0, 0],
            [0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0],
            [0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0],
        ];
        const pruned = pruneGraph(m, [-1, 7, 8, 9, -2]);
        assert.deepEqual(pruned, { matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], ops: [-1, 7, -2] });
        assert.deepEqual(pruneGraph(m, [7, 8, 9]), pruned); // inner-only op lists are accepted too
    });
    test('undefined when the output is unreachable', () => {
        assert.equal(pruneGraph([[0, 1, 0], [0, 0, 0], [0, 0, 0]], [-1, 0, -2]), undefined);
        assert.equal(canonicalGraph([[0, 1, 0], [0, 0, 0], [0, 0, 0]], [-1, 0, -2]), DISCONNECTED_GRAPH);
    });
    test('edge count', () => {
        assert.equal(countEdges([[0, 1, 1], [0, 0, 1], [0, 0, 0]]), 3);
    });
});

describe('canonicalGraph', () => {
    test('invariant under topological relabelling, over random graphs', () => {
        const rng = new Rng('graph-canon');
        for (let trial = 0; trial < 300; trial++) {
            const n = 3 + rng.int(5);
            const g = randomDag(rng, n, 0.5, 3);
            const h = relabel(g.matrix, g.ops, randomTopologicalPerm(rng, g.matrix));
            assert.equal(canonicalGraph(h.matrix, h.ops), canonicalGraph(g.matrix, g.ops));
        }
    });
    test('agrees with brute force over all permutations on every 5-node graph with 2 labels', () => {
        // Two graphs are equal under our form iff they are equal under the brute-force form.
        const ours = new Map<string, string>();
        const brute = new Map<string, string>();
        let graphs = 0;
        for (let bits = 0; bits < 1 << 10; bits++) {
            const m = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
            let k = 0;
            for (let j = 1; j < 5; j++) for (let i = 0; i < j; i++) m[i][j] = (bits >> k++) & 1;
            for (let lab = 0; lab < 8; lab++) {
                const ops = [-1, lab & 1, (lab >> 1) & 1, (lab >> 2) & 1, -2];
                const a = canonicalGraph(m, ops);
                const b = bruteCanonical(m, ops);
                if (ours.has(a)) assert.equal(ours.get(a), b);
                else ours.set(a, b);
                if (brute.has(b)) assert.equal(brute.get(b), a);
                else brute.set(b, a);
                graphs++;
            }
        }
        assert.equal(graphs, 8192);
        assert.equal(ours.size, brute.size);
    });
    test('different labels or shapes differ', () => {
        const chain = [[0, 1, 0], [0, 0, 1], [0, 0, 0]];
        assert.notEqual(canonicalGraph(chain, [-1, 0, -2]), canonicalGraph(chain, [-1, 1, -2]));
        assert.notEqual(canonicalGraph(chain, [-1, 0, -2]), canonicalGraph([[0, 1, 1], [0, 0, 1], [0, 0, 0]], [-1, 0, -2]));
    });
});
