// The paired statistics of docs/results.md (engine/metrics/paired.ts), checked against values derived here
// independently: brute-force enumeration of every sign pattern for the exact Wilcoxon p, textbook and SciPy
// documentation values, and the normal approximation's formula written out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bruteForceWilcoxonP as bruteForceP } from './wilcoxon-brute-force.js';
import { Rng } from '../../../engine/rng.js';
import { averageRanks, bootstrapMeanInterval, erfc, pairedComparison, winTieLoss, wilcoxonSignedRank } from '../../../engine/metrics/paired.js';

test('exact p equals brute-force enumeration of every sign pattern, with and without tied |d| and zeros', () => {
    const cases = [
        [1, 2, 3, 4, 5],
        [-1, 2, 3, 4, 5, 6, 7, 8],
        [1, -1, 2, 2, -2, 3, 5, -5, 5, 7],
        [0, 0, 0.5, -0.25, 0.25, 0.75, 0.5, 1, -1.5, 2, 0],
        [3, -3, 3, -3],
        [-0.1, -0.2, -0.3, 0.05, -0.4, -0.6, 0.7, -0.8, -0.9, -1, -1.1, -1.2, 0.13],
    ];
    for (const d of cases) {
        const r = wilcoxonSignedRank(d);
        assert.equal(r.method, 'exact');
        assert.ok(Math.abs(r.p - bruteForceP(d)) < 1e-12, `${d}: ${r.p} vs ${bruteForceP(d)}`);
    }
});

test('exact p: the textbook critical value (n = 10, two-sided 5 %: T = 8) and SciPy\'s documented Darwin example', () => {
    // n = 10, T = min(W+, W−) = 8: 25 of the 1,024 subsets of {1..10} sum to ≤ 8, so p = 2·25/1024.
    const d = [-1, -2, -5, 4, 6, 7, 8, 9, 10, 3];
    const r = wilcoxonSignedRank(d);
    assert.equal(r.wMinus, 8);
    assert.equal(r.p, 50 / 1024);
    // T = 9 is not significant at 5 % (33 subsets): the table's critical value is 8.
    assert.ok(wilcoxonSignedRank([-1, -3, -5, 2, 4, 6, 7, 8, 9, 10]).p > 0.05);
    // Darwin's Zea mays differences (Cox & Hinkley; SciPy's wilcoxon docs): statistic 24, p = 0.041259765625.
    const darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const w = wilcoxonSignedRank(darwin);
    assert.equal(Math.min(w.wPlus, w.wMinus), 24);
    assert.equal(w.p, 0.041259765625);
});

test('normal approximation: SciPy\'s documented value without continuity correction, and the corrected formula by hand', () => {
    const darwin = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    // SciPy: wilcoxon(d, method='approx') → p 0.04088813291185591 (no continuity correction by default).
    const plain = wilcoxonSignedRank(darwin, { method: 'normal', continuity: false });
    assert.ok(Math.abs(plain.p - 0.04088813291185591) < 1e-12, String(plain.p));
    // Mean 15·16/4 = 60, variance 15·16·31/24 = 310, z = (96 − 60 − 0.5)/√310; Python's math.erfc(z/√2) gives:
    const corrected = wilcoxonSignedRank(darwin, { method: 'normal' });
    assert.ok(Math.abs(corrected.z! - 35.5 / Math.sqrt(310)) < 1e-12);
    assert.ok(Math.abs(corrected.p - 0.043772323763041195) < 1e-12, String(corrected.p));
});

test('normal approximation with ties: the variance loses Σ(t³ − t)/48 over the tie groups of |d|', () => {
    // |d| = 1,1,1 (t = 3), 2,2 (t = 2), 3..8 singletons: n = 11, ranks 2,2,2 4.5,4.5 6..11.
    const d = [1, -1, 1, 2, 2, 3, 4, -5, 6, 7, 8];
    const r = wilcoxonSignedRank(d, { method: 'normal' });
    const wPlus = 2 + 2 + 4.5 + 4.5 + 6 + 7 + 9 + 10 + 11;
    assert.equal(r.wPlus, wPlus);
    const variance = (11 * 12 * 23) / 24 - (3 ** 3 - 3 + 2 ** 3 - 2) / 48;
    const z = (wPlus - 33 - 0.5) / Math.sqrt(variance);
    assert.ok(Math.abs(r.z! - z) < 1e-12);
    assert.ok(Math.abs(r.p - erfc(z / Math.SQRT2)) < 1e-15);
    // More than 50 non-zero differences: the normal approximation is used without asking.
    const many = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    assert.equal(wilcoxonSignedRank(many).method, 'normal');
    assert.throws(() => wilcoxonSignedRank(many, { method: 'exact' }), /n ≤ 50/);
});

test('edge cases: no differences, all ties, one difference, a symmetric sample, non-finite input', () => {
    assert.deepEqual(wilcoxonSignedRank([]), { n: 0, zeros: 0, wPlus: 0, wMinus: 0, p: 1, method: 'exact' });
    const allTies = wilcoxonSignedRank([0, 0, 0, 1e-12]);
    assert.equal(allTies.n, 0);
    assert.equal(allTies.zeros, 4);
    assert.equal(allTies.p, 1);
    assert.equal(wilcoxonSignedRank([2.5]).p, 1);
    // n = 5 all positive: the smallest possible two-sided p, 2/32.
    assert.equal(wilcoxonSignedRank([1, 2, 3, 4, 5]).p, 2 / 32);
    assert.equal(wilcoxonSignedRank([-1, -2, -3, -4, -5]).p, 2 / 32);
    // A sample symmetric about 0: W+ = W−, p = 1, and mirroring the signs changes nothing.
    const sym = [1, -1, 2, -2, 3, -3];
    assert.equal(wilcoxonSignedRank(sym).wPlus, wilcoxonSignedRank(sym).wMinus);
    assert.equal(wilcoxonSignedRank(sym).p, 1);
    const d = [0.3, -0.1, 0.4, 0.2, 0.7, -0.05];
    assert.equal(wilcoxonSignedRank(d).p, wilcoxonSignedRank(d.map((x) => -x)).p);
    assert.throws(() => wilcoxonSignedRank([1, NaN]), /not a finite number/);
});

test('ties within the tolerance: float noise of a subtraction is a tie, and |d| that close share a rank', () => {
    const noisy = 93.5 - 93.37; // 0.12999999999999545
    assert.notEqual(noisy, 0.13);
    assert.deepEqual(averageRanks([noisy, 0.13, 0.2]).ranks, [1.5, 1.5, 3]);
    assert.deepEqual(winTieLoss([93.37 - 93.37, 1e-12, -1e-12, 0.01, -0.01, 0.5]), { wins: 2, ties: 3, losses: 1 });
});

test('bootstrap interval: deterministic, inside the range of the data, shrinks with more data, narrower at a lower level', () => {
    const d = [0.213, -0.117, 0.402, 0.331, 0, 0.109, 0.547, -0.238, 0.251, 0.163];
    const a = bootstrapMeanInterval(d);
    assert.deepEqual(bootstrapMeanInterval(d), a);
    assert.equal(a.resamples, 10_000);
    const mean = d.reduce((x, y) => x + y, 0) / d.length;
    assert.ok(a.low < mean && mean < a.high, `${a.low} < ${mean} < ${a.high}`);
    assert.ok(a.low >= Math.min(...d) && a.high <= Math.max(...d));
    // Another seed moves the ends a little, not much (10,000 resamples).
    const other = bootstrapMeanInterval(d, { seed: 7 });
    assert.notDeepEqual(other, a);
    assert.ok(Math.abs(other.low - a.low) < 0.03 && Math.abs(other.high - a.high) < 0.03);
    const narrow = bootstrapMeanInterval(d, { level: 0.5 });
    assert.ok(narrow.low > a.low && narrow.high < a.high);
    // The percentile interval of a sample's mean is near mean ± 1.96·sd/√n for a large sample.
    const big = Array.from({ length: 400 }, (_, i) => Math.sin(i * 12.9898) * 2);
    const m = big.reduce((x, y) => x + y, 0) / big.length;
    const sd = Math.sqrt(big.reduce((x, y) => x + (y - m) ** 2, 0) / (big.length - 1));
    const ci = bootstrapMeanInterval(big);
    const half = (1.96 * sd) / Math.sqrt(big.length);
    assert.ok(Math.abs(ci.low - (m - half)) < 0.15 * half && Math.abs(ci.high - (m + half)) < 0.15 * half, `${ci.low} ${ci.high} vs ${m} ± ${half}`);
    // Constant differences: the interval is that constant; none: NaN.
    assert.deepEqual([bootstrapMeanInterval([0.5, 0.5, 0.5]).low, bootstrapMeanInterval([0.5, 0.5, 0.5]).high], [0.5, 0.5]);
    assert.ok(Number.isNaN(bootstrapMeanInterval([]).low));
    assert.throws(() => bootstrapMeanInterval(d, { level: 1 }), /level/);
});

test('bootstrap interval: the documented procedure (Rng(seed) indices, sorted means, ⌊B·α/2⌋ and ⌈B·(1−α/2)⌉ − 1) replayed by hand', () => {
    const d = [0.5, -0.25, 1.75, 0.125, 2, -1];
    const rng = new Rng(3);
    const means = Array.from({ length: 20 }, () => d.map(() => d[rng.int(d.length)]).reduce((a, b) => a + b, 0) / d.length).sort((a, b) => a - b);
    // B = 20, level 0.9: the 2nd and the 19th smallest of the 20 resample means.
    assert.deepEqual(bootstrapMeanInterval(d, { resamples: 20, level: 0.9, seed: 3 }), { low: means[1], high: means[18], level: 0.9, resamples: 20 });
});

test('pairedComparison pairs by seed, ignores the order the runs came in, and leaves out seeds missing on one side', () => {
    const a = new Map([
        [3, 94.1],
        [1, 94.0],
        [2, 93.5],
        [0, 93.9],
        [4, NaN],
    ]);
    const b = new Map([
        [0, 93.9],
        [1, 93.8],
        [2, 93.7],
        [3, 93.6],
        [4, 93.0],
        [5, 94.0],
    ]);
    const c = pairedComparison(a, b);
    assert.deepEqual(c.seeds, [0, 1, 2, 3]);
    assert.deepEqual(c.unpaired, [4, 5]);
    assert.deepEqual(
        c.differences.map((x) => Number(x.toFixed(6))),
        [0, 0.2, -0.2, 0.5],
    );
    assert.deepEqual([c.wins, c.ties, c.losses], [2, 1, 1]);
    assert.ok(Math.abs(c.meanDifference - 0.125) < 1e-12);
    // The same pairs read in another order give the same interval.
    const reversed = pairedComparison(new Map([...a].reverse()), new Map([...b].reverse()));
    assert.deepEqual(reversed.interval, c.interval);
    // W+ over |d| = 0.2, 0.2, 0.5 (zero dropped): ranks 1.5, 1.5, 3 → W+ = 4.5.
    assert.equal(c.wilcoxon.n, 3);
    assert.equal(c.wilcoxon.zeros, 1);
    assert.equal(c.wilcoxon.wPlus, 4.5);
    const none = pairedComparison(new Map(), new Map());
    assert.ok(Number.isNaN(none.meanDifference));
    assert.equal(none.wilcoxon.p, 1);
});
