import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { GraphSpace } from '../../../engine/space/graph.js';
import { countEdges, pruneGraph } from '../../../engine/canonical/graph.js';

const OPS = [{ name: 'conv', args: {} }, { name: 'pool', args: {} }];
const small = new GraphSpace({ kind: 'graph', name: 'G4', maxNodes: 4, maxEdges: 4, ops: OPS });

/** Every genotype of G4 (6 bits, 2 ops) that the canonical module's own pruning calls valid. */
function allValid(): number[][] {
    const out: number[][] = [];
    for (let bits = 0; bits < 64; bits++) {
        for (let o = 0; o < 4; o++) {
            const g = [0, 1, 2, 3, 4, 5].map((k) => (bits >> k) & 1).concat([o & 1, (o >> 1) & 1]);
            const { matrix, ops } = small.decode(g);
            if (pruneGraph(matrix, ops) && countEdges(matrix) <= 4) out.push(g);
        }
    }
    return out;
}

const hamming = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + (x !== b[i] ? 1 : 0), 0);

describe('graph (NB101-style) space', () => {
    const valid = allValid();

    test('size and contains agree with brute force', () => {
        assert.equal(small.size, BigInt(valid.length));
        assert.equal(valid.length, 160); // 40 valid matrices x 4 op labellings
        const keys = new Set(valid.map((g) => small.key(g)));
        let members = 0;
        for (let bits = 0; bits < 256; bits++) {
            const g = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => (bits >> k) & 1);
            assert.equal(small.contains(g), keys.has(small.key(g)));
            if (small.contains(g)) members++;
        }
        assert.equal(members, 160);
    });

    test('neighbours are exactly the valid Hamming balls', () => {
        for (const g of valid) {
            for (const d of [1, 2]) {
                const expected = valid.filter((x) => hamming(g, x) >= 1 && hamming(g, x) <= d).map((x) => x.join()).sort();
                const got = small.neighbors(g, d).map((x) => x.join()).sort();
                assert.deepEqual(got, expected);
            }
        }
    });

    test('NB101 space: neighbours stay valid, sampling is deterministic', () => {
        const nb101 = new GraphSpace({ kind: 'graph', name: 'NB101', maxNodes: 7, maxEdges: 9, ops: [...OPS, { name: 'conv1', args: {} }] });
        assert.equal(nb101.length, 21 + 5);
        const rng = new Rng(3);
        const again = new Rng(3);
        for (let i = 0; i < 30; i++) {
            const g = nb101.sample(rng);
            assert.deepEqual(nb101.sample(again), g);
            assert.ok(nb101.contains(g));
            const n = nb101.neighbors(g);
            assert.ok(n.length > 0);
            for (const x of n) {
                assert.ok(nb101.contains(x));
                assert.equal(nb101.distance(g, x), 1);
            }
            assert.deepEqual(nb101.parse(nb101.format(g)), g);
        }
    });

    test('uniform sampling over valid genotypes (chi-square)', () => {
        const rng = new Rng(8);
        const counts = new Map<string, number>();
        const n = 32000;
        for (let i = 0; i < n; i++) {
            const k = small.key(small.sample(rng));
            counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        assert.equal(counts.size, 160);
        const expected = n / 160;
        const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
        // 159 degrees of freedom: the 0.999 quantile is about 220 (Wilson-Hilferty).
        assert.ok(chi2 < 220, `chi2 ${chi2}`);
    });

    test('canonical merges relabelled and pruned graphs; format/parse', () => {
        // 0->1->3 and 0->2->3, node 1 conv, node 2 pool, versus the same with nodes 1 and 2 swapped.
        const a = small.parse('conv,pool:110|01|1');
        const b = small.parse('pool,conv:110|01|1');
        assert.equal(small.format(a), 'conv,pool:110|01|1');
        assert.equal(small.canonical(a), small.canonical(b));
        assert.equal(small.distance(a, b), 2);
        // Output straight from the input: inner ops are pruned away, so all labellings are one class.
        assert.equal(small.canonical(small.parse('conv,conv:001|00|0')), small.canonical(small.parse('pool,conv:001|00|0')));
        assert.notEqual(small.canonical(a), small.canonical(small.parse('conv,conv:110|01|1')));
        assert.throws(() => small.parse('conv,pool:100|00|0'), /is not valid/);
        assert.throws(() => small.parse('conv,relu:110|01|1'), /unknown op 'relu'/);
        assert.throws(() => small.parse('conv,pool:11|01|1'), /row 0 '11' should be 3 binary digit/);
        const classes = new Set(valid.map((g) => small.canonical(g)));
        assert.ok(classes.size < valid.length);
    });
});
