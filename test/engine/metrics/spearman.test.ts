import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ranks, spearman } from '../../../engine/metrics/spearman.js';

test('ranks: 0-based, ties share the mean of their positions, -Infinity lowest', () => {
    assert.deepEqual(ranks([5, 6, 7, 8, 7, 1]), [1, 2, 3.5, 5, 3.5, 0]);
    assert.deepEqual(ranks([2, -Infinity, 0, -Infinity]), [3, 0.5, 2, 0.5]);
});

test('spearman: +1 and -1 for monotone samples, Pearson of the ranks with ties', () => {
    assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 1000]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, -Infinity]), -1);
    // Ranks [0..5] against [1, 2, 3.5, 5, 3.5, 0]: deviations multiply to 0.5, squares sum to 17.5 and 17.
    assert.ok(Math.abs(spearman([1, 2, 3, 4, 5, 6], [5, 6, 7, 8, 7, 1]) - 0.5 / Math.sqrt(17.5 * 17)) < 1e-12);
    assert.ok(Number.isNaN(spearman([1, 2, 3], [4, 4, 4])));
    assert.throws(() => spearman([1, 2], [1]), /differ in length/);
});
