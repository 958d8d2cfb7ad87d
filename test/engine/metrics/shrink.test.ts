import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { shrinkMetrics, mean, median } from '../../../engine/metrics/shrink.js';
import { referenceFromFunction, topByReport, referenceFromEntries } from '../../../engine/metrics/reference.js';
import { pocketsByComponents } from '../../../engine/space/shrunk.js';
import { meanPairwiseDistance } from '../../../engine/metrics/diversity.js';
import { LineSpace } from './line-space.js';

// The full space: points 0..999 on a line, report(i) = i, metric(i) = i (so the best is 999).
const line = new LineSpace(1000);
const reference = referenceFromFunction(line.all(), line, (g) => ({ metric: g[0], report: g[0] }));
// Kept: the five best (995..999) and the five worst (0..4).
const kept = [0, 1, 2, 3, 4, 995, 996, 997, 998, 999].map((i) => [i]);

describe('shrink metrics on a 1000-point line', () => {
    const m = shrinkMetrics({ space: line, members: [...kept, [999]], reference, queries: 42 });

    test('size and fraction kept (the duplicate [999] counts once): 10 / 1000', () => {
        assert.equal(m.size, 10);
        assert.equal(m.fullSize, 1000);
        assert.equal(m.fractionKept, 0.01);
        assert.equal(m.queries, 42);
        assert.equal(m.missing, 0);
    });

    test('global optimum (999) kept', () => {
        assert.equal(m.globalOptimumKept, true);
        assert.equal(m.globalOptimumReport, 999);
        const lowOnly = shrinkMetrics({ space: line, members: kept.slice(0, 5), reference });
        assert.equal(lowOnly.globalOptimumKept, false);
    });

    test('recall: top 0.1% = {999} -> 1; top 1% = 990..999 -> 5/10; top 5% = 950..999 -> 5/50', () => {
        assert.equal(m.recallTop01, 1);
        assert.equal(m.recallTop1, 0.5);
        assert.equal(m.recallTop5, 0.1);
    });

    test('shrink index = recallTop1 / fraction = 0.5 / 0.01 = 50', () => {
        assert.ok(Math.abs(m.shrinkIndex - 50) < 1e-9);
    });

    test('mean report = (0+1+2+3+4 + 995+...+999) / 10 = 4995/10 = 499.5; median = (4 + 995)/2 = 499.5', () => {
        assert.equal(m.meanReport, 499.5);
        assert.equal(m.medianReport, 499.5);
    });

    test('kendall tau inside: metric = report -> 1', () => {
        assert.equal(m.kendallTau, 1);
    });

    test('diversity: within-group sums 20 + 20, cross 25 pairs averaging 995 -> (40 + 24875) / 45', () => {
        assert.equal(m.diversity.exact, true);
        assert.equal(m.diversity.pairs, 45);
        assert.ok(Math.abs(m.diversity.meanDistance - 24915 / 45) < 1e-9);
    });

    test('pockets: 2 components at distance 1; 1 once d reaches the gap 995 - 4 = 991', () => {
        assert.equal(m.pockets, 2);
        assert.equal(pocketsByComponents(line, kept, 990).length, 2);
        assert.equal(pocketsByComponents(line, kept, 991).length, 1);
        assert.equal(pocketsByComponents(line, [[0], [2], [3], [7]], 1).length, 3);
    });
});

describe('metric helpers', () => {
    test('top set keeps ties at the threshold: reports [5,5,3,1], top 25% -> both 5s', () => {
        const ref = referenceFromEntries([5, 5, 3, 1].map((r, i) => ({ genotype: [i], key: String(i), metric: 0, report: r })));
        assert.deepEqual([...topByReport(ref, 0.25)].sort(), ['0', '1']);
    });

    test('kendall tau with a metric that disagrees: metric = -report on 3 members -> -1', () => {
        const ref = referenceFromFunction(line.all(), line, (g) => ({ metric: -g[0], report: g[0] }));
        assert.equal(shrinkMetrics({ space: line, members: [[1], [5], [9]], reference: ref }).kendallTau, -1);
    });

    test('members missing from the reference are counted and excluded', () => {
        const small = referenceFromFunction([[0], [1]], line, (g) => ({ metric: g[0], report: g[0] }));
        const m = shrinkMetrics({ space: line, members: [[1], [500]], reference: small });
        assert.equal(m.missing, 1);
        assert.equal(m.meanReport, 1);
    });

    test('sampled diversity above the pair limit is reproducible and close to exact', () => {
        // All 1000 points: exact mean |i-j| over pairs = (n+1)/3 = 333.67.
        const sampled = meanPairwiseDistance(line, line.all(), { exactPairLimit: 1000, sampledPairs: 50_000, seed: 3 });
        const again = meanPairwiseDistance(line, line.all(), { exactPairLimit: 1000, sampledPairs: 50_000, seed: 3 });
        assert.equal(sampled.exact, false);
        assert.equal(sampled.meanDistance, again.meanDistance);
        assert.ok(Math.abs(sampled.meanDistance - 1001 / 3) < 5, String(sampled.meanDistance));
    });

    test('mean and median', () => {
        assert.equal(mean([1, 2, 6]), 3);
        assert.equal(median([5, 1, 3]), 3);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        assert.ok(Number.isNaN(mean([])));
    });
});
