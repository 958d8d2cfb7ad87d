import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { kendallTauB, kendallTauBNaive } from '../../../engine/metrics/kendall.js';
import { Rng } from '../../../engine/rng.js';

describe('kendall tau-b', () => {
    test('no ties: x = 1..5, y = [3,4,1,2,5]: C = 6, D = 4 of 10 pairs -> 0.2', () => {
        assert.ok(Math.abs(kendallTauB([1, 2, 3, 4, 5], [3, 4, 1, 2, 5]) - 0.2) < 1e-12);
    });

    test('perfect agreement and reversal', () => {
        assert.equal(kendallTauB([1, 2, 3, 4], [10, 20, 30, 40]), 1);
        assert.equal(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    });

    test('ties (SciPy documentation example): x = [12,2,1,12,2], y = [1,4,7,1,0] -> -0.4714045', () => {
        // Pairs: n0 = 10; x ties: (12,12), (2,2) -> n1 = 2; y ties: (1,1) -> n2 = 1; joint tie (12,1)x2 -> counted in both.
        // The 8 other pairs minus one tied only in x: C = 2 ((0,4), (3,4)), D = 6; tau_b = (C - D) / sqrt((10-2)(10-1)) = -4/sqrt(72) = -0.4714045.
        assert.ok(Math.abs(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) < 1e-12);
    });

    test('x all tied: undefined (NaN); fewer than two items: NaN', () => {
        assert.ok(Number.isNaN(kendallTauB([1, 1, 1], [1, 2, 3])));
        assert.ok(Number.isNaN(kendallTauB([1], [1])));
    });

    test('O(n log n) agrees with the O(n^2) definition on random data with many ties', () => {
        const rng = new Rng(7);
        for (let trial = 0; trial < 20; trial++) {
            const n = 2 + rng.int(300);
            const x = Array.from({ length: n }, () => rng.int(8));
            const y = Array.from({ length: n }, () => rng.int(5) + x[0] * 0.5);
            assert.ok(Math.abs(kendallTauB(x, y) - kendallTauBNaive(x, y)) < 1e-12, `trial ${trial}`);
        }
    });
});
