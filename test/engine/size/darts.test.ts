import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { countUniqueDarts, dartsCanonicalKey, dartsRawSize, dartsSize } from '../../../engine/size/darts.js';
import { sizeOfSpace } from '../../../engine/size/space.js';
import type { DartsCellSpec, OpSpec } from '../../../engine/spec.js';

const DARTS_OPS: OpSpec[] = ['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'].map((name) => ({ name, args: {} }));

/** Brute force: every genotype's labelled canonical key. */
function bruteUnique(inputs: number, nodes: number, pick: number, k: number): { raw: number; unique: number } {
    const keys = new Set<string>();
    let raw = 0;
    const subsets = (n: number): number[][] => {
        const out: number[][] = [];
        const go = (start: number, current: number[]): void => {
            if (current.length === pick) return void out.push(current.slice());
            for (let v = start; v < n; v++) go(v + 1, [...current, v]);
        };
        go(0, []);
        return out;
    };
    const preds: number[][] = [];
    const ops: number[][] = [];
    const visit = (i: number): void => {
        if (i === nodes) {
            raw++;
            keys.add(dartsCanonicalKey(inputs, preds, ops, k));
            return;
        }
        for (const subset of subsets(inputs + i)) {
            preds[i] = subset;
            for (let c = 0; c < k ** pick; c++) {
                ops[i] = subset.map((_, j) => Math.floor(c / k ** j) % k);
                visit(i + 1);
            }
        }
    };
    visit(0);
    return { raw, unique: keys.size };
}

describe('DARTS cell sizes', () => {
    test('standard DARTS cell: 1·3·6·10 · 7^8 = 1,037,664,180 raw', () => {
        assert.equal(dartsRawSize(2, 4, 2, 7), 1037664180n);
        const size = dartsSize(2, 4, 2, 7);
        assert.equal(size.raw, 1037664180n);
        assert.equal(size.exact, true);
        // Relabelling the 4 intermediate nodes merges genotypes (regression value, brute-force-checked method).
        assert.equal(size.unique, 382128166n);
    });

    test('normal and reduce cells multiply', () => {
        const normal: DartsCellSpec = { kind: 'darts', name: 'normal', inputs: 2, nodes: 4, pick: 2, ops: DARTS_OPS };
        const size = sizeOfSpace({ name: 'DARTS', components: [normal, { ...normal, name: 'reduce' }], constraints: [] });
        assert.equal(size.raw, 1037664180n ** 2n);
        assert.equal(size.unique, 382128166n ** 2n);
        assert.ok(Math.abs(size.log10Raw - 18.0321) < 1e-3);
    });

    test('exact count agrees with brute force on small cells', () => {
        for (const [inputs, nodes, pick, k] of [[2, 3, 2, 2], [1, 3, 1, 2], [2, 4, 2, 2], [1, 4, 1, 3], [2, 3, 1, 3]]) {
            const brute = bruteUnique(inputs, nodes, pick, k);
            assert.equal(dartsRawSize(inputs, nodes, pick, k), BigInt(brute.raw));
            assert.equal(countUniqueDarts(inputs, nodes, pick, k), BigInt(brute.unique), `${inputs}/${nodes}/${pick}/${k}`);
        }
    });

    test('beyond the work limit: estimate with an interval holding the exact count', () => {
        const size = dartsSize(2, 4, 2, 7, { workLimit: 10, samples: 1500, seed: 3 });
        assert.equal(size.exact, false);
        const [low, high] = size.interval!;
        assert.ok(low <= 382128166 && 382128166 <= high, `${low}..${high}`);
    });

    test('impossible picks give zero', () => {
        assert.equal(dartsRawSize(1, 3, 2, 5), 0n); // node 0 cannot pick 2 of 1 input
        assert.equal(dartsSize(1, 3, 2, 5).unique, 0n);
    });
});
