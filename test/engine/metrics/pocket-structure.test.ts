import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { pocketStructure, meanComponentGap, GAP_MEMBER_LIMIT } from '../../../engine/metrics/pocket-structure.js';
import { referenceFromFunction, topByReport } from '../../../engine/metrics/reference.js';
import { shrinkMetrics, shrinkMetricValues } from '../../../engine/metrics/shrink.js';
import { pocketsByComponents } from '../../../engine/space/shrunk.js';
import { LineSpace } from './line-space.js';

// 1000 points on a line. The landscape has two good regions: 100..104 (report 1000) and 500..504 (999); every
// other point reports i/1000 < 1. Top 1 % = ceil(10) cells = exactly those two regions.
const line = new LineSpace(1000);
const good = (i: number) => (i >= 100 && i <= 104 ? 1000 : i >= 500 && i <= 504 ? 999 : i / 1000);
const reference = referenceFromFunction(line.all(), line, (g) => ({ metric: good(g[0]), report: good(g[0]) }));
const top1 = topByReport(reference, 0.01);
const pts = (...xs: number[]) => xs.map((x) => [x]);

describe('pocket structure on a line with two good regions', () => {
    test('the landscape: top 1 % is 10 cells in 2 regions', () => {
        assert.equal(top1.size, 10);
        assert.equal(pocketStructure(line, pts(0), reference, top1, 1).topRegions, 2);
    });

    test('kept {100,101,102} {200} {503..506}: 3 pockets, sizes 1/3/4, gap (98 + 401 + 303) / 3, 2 good pockets, both regions', () => {
        const s = pocketStructure(line, pts(100, 101, 102, 200, 503, 504, 505, 506), reference, top1, 1);
        assert.equal(s.pockets, 3);
        assert.deepEqual([s.sizeMin, s.sizeMedian, s.sizeMax], [1, 3, 4]);
        assert.ok(Math.abs(s.gap - 802 / 3) < 1e-9, String(s.gap));
        assert.equal(s.goodPockets, 2);
        assert.equal(s.topRegionsKept, 2);
        assert.equal(s.topRegionShare, 1);
    });

    test('one blob over one region does not count as diverse: 1 pocket, gap NaN, 1 of 2 regions', () => {
        const s = pocketStructure(line, pts(98, 99, 100, 101, 102, 103, 104, 105), reference, top1, 1);
        assert.equal(s.pockets, 1);
        assert.ok(Number.isNaN(s.gap));
        assert.equal(s.goodPockets, 1);
        assert.equal(s.topRegionsKept, 1);
        assert.equal(s.topRegionShare, 0.5);
    });

    test('many pockets far from the good regions: pockets 3 but no good pocket and no region', () => {
        const s = pocketStructure(line, pts(10, 20, 30), reference, top1, 1);
        assert.equal(s.pockets, 3);
        assert.equal(s.goodPockets, 0);
        assert.equal(s.topRegionsKept, 0);
        assert.equal(s.gap, (10 + 20 + 10) / 3);
    });

    test('even sizes: the median is the mean of the two middle components ({1,2} {5} {8,9,10} {20,21,22,23} -> (2+3)/2)', () => {
        const s = pocketStructure(line, pts(1, 2, 5, 8, 9, 10, 20, 21, 22, 23), reference, top1, 1);
        assert.deepEqual([s.pockets, s.sizeMin, s.sizeMedian, s.sizeMax], [4, 1, 2.5, 4]);
    });

    test('the gap is not computed above the member limit (quadratic scan): NaN', () => {
        const big = new LineSpace(GAP_MEMBER_LIMIT * 2);
        const members = big.all().filter((g) => g[0] % 2 === 0); // isolated points: many components
        const components = pocketsByComponents(big, members.slice(0, 4), 1);
        assert.equal(meanComponentGap(big, components), (2 + 4 + 6 + 2 + 4 + 2) / 6);
        // Pairs {0,1} {3,4} ...: 4,000 members (over the limit) in 2,000 components.
        const over = pocketsByComponents(big, big.all().filter((g) => g[0] % 3 !== 2), 1);
        assert.ok(over.reduce((a, c) => a + c.members.length, 0) > GAP_MEMBER_LIMIT);
        assert.ok(Number.isNaN(meanComponentGap(big, over)));
    });

    test('shrink metrics carry the pocket structure into the flat record of result.json and study.json', () => {
        const values = shrinkMetricValues(shrinkMetrics({ space: line, members: pts(100, 101, 102, 200, 503, 504, 505, 506), reference }));
        assert.deepEqual(
            [values.pockets, values.pocketSizeMin, values.pocketSizeMedian, values.pocketSizeMax, values.goodPockets, values.topRegionsKept, values.topRegionShare],
            [3, 1, 3, 4, 2, 2, 1],
        );
        assert.ok(Math.abs(values.pocketGap - 802 / 3) < 1e-9);
    });
});
