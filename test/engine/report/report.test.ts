import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CSP, esc, fmtInt, fmtMeanStd } from '../../../engine/report/html.js';
import { renderReport } from '../../../engine/report/run-report.js';
import { lineChart, niceTicks, powerOfTen } from '../../../engine/report/svg.js';
import type { SearchResult, ShrinkResult } from '../../../engine/report/result.js';

const shrink: ShrinkResult = {
    format: 'lissnas-result/1',
    command: 'shrink',
    name: 'Lissnas<script>alert(1)</script>',
    policy: 'lissnas',
    seed: 42,
    fullSize: '15625',
    fullSizeLog10: Math.log10(15625),
    size: '248',
    sizeLog10: Math.log10(248),
    queries: 143,
    history: [
        { iteration: 1, sampleMean: 85.57, sampleBest: 90.72, size: '15625', sizeLog10: 4.19, queries: 50 },
        { iteration: 2, sampleMean: 89.26, sampleBest: 91.06, size: '246', sizeLog10: 2.39, queries: 96 },
        { iteration: 3, sampleMean: 89.17, sampleBest: 91.21, size: '229', sizeLog10: 2.36, queries: 143 },
    ],
    pockets: [
        { seed: '|nor_conv_3x3~0|+|a&b~0|"x"~1|', members: 25, radius: 1, bestMetric: 91.2, meanMetric: 88, bestReport: 94.19, meanReport: 92.1 },
        { seed: '|skip_connect~0|+|none~0|none~1|', members: 21, radius: 1, bestReport: 93.5, meanReport: 90.2 },
    ],
    best: { arch: '|nor_conv_3x3~0|', key: '3', metric: 91.21, report: 94.19 },
    metrics: { 'recallTop1%': 0.11, meanReport: 92.38 },
    space: { kind: 'members' },
    comparison: [
        { name: 'NB201', kind: 'full space', size: '15625', sizeLog10: 4.19, queries: 0, metrics: { meanReport: 87.06, 'recallTop1%': 1 } },
        { name: 'Lissnas', kind: 'lissnas', size: '248', sizeLog10: 2.39, queries: 143, metrics: { meanReport: 92.38, 'recallTop1%': 0.11 } },
    ],
};

const search: SearchResult = {
    format: 'lissnas-result/1',
    command: 'search',
    name: 'REA',
    search: 'evolution',
    seed: 1,
    target: 'policy Lissnas',
    budget: 200,
    queries: 57,
    shrinkQueries: 143,
    best: { arch: '|nor_conv_3x3~0|', key: '3', metric: 91.3, report: 94.2 },
    trajectory: [null, 93.1, 93.1, 94.2],
};

describe('HTML report', () => {
    const html = renderReport({ title: 'lissnas shrink <b>', subtitle: 'seed 42', shrinks: [shrink], searches: [search], comparison: shrink.comparison, footer: 'lissnas 0.1.0' });

    test('has the expected sections', () => {
        assert.match(html, /^<!DOCTYPE html>/);
        // With a search, the page is about the search; the shrinkage it ran inside follows as its own section.
        for (const heading of ['Search<', 'The shrinkage the search ran inside: Lissnas&lt;script&gt;', 'Shrinkage per iteration', 'Pockets of Lissnas&lt;script&gt;', 'Comparison with baselines']) {
            assert.ok(html.includes(`<h2>${heading}`), heading);
        }
        assert.equal((html.match(/<svg /g) ?? []).length, 3, 'accuracy, size and search charts');
        assert.ok(html.includes('Size of the space each iteration samples from (log scale)'));
        assert.ok(html.includes('>10,000</text>'), 'log axis labelled in powers of ten');
        assert.ok(html.includes('94.19') && html.includes('87.06') && html.includes('15,625'));
    });

    test('is self-contained under a strict CSP', () => {
        assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`));
        assert.equal(CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        assert.doesNotMatch(html, /https?:\/\//, 'no URL at all');
        assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|@import|url\(/i);
    });

    test('escapes every user-provided text', () => {
        assert.ok(!html.includes('<script>alert(1)</script>'));
        assert.ok(html.includes('Lissnas&lt;script&gt;alert(1)&lt;/script&gt;'));
        assert.ok(html.includes('a&amp;b~0|&quot;x&quot;~1|'));
        assert.ok(html.includes('<title>lissnas shrink &lt;b&gt;</title>'));
        assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    });

    test('number formatting', () => {
        assert.equal(fmtInt('1234567890123456789012'), '1,234,567,890,123,456,789,012');
        assert.equal(fmtInt(15625), '15,625');
        assert.equal(fmtMeanStd(92.3456, 0.5), '92.35 ± 0.50');
        assert.equal(fmtMeanStd(undefined, 1), 'n/a');
    });
});

describe('SVG charts', () => {
    test('nice ticks cover the range with round steps', () => {
        assert.deepEqual(niceTicks(0, 10, 5), [0, 2, 4, 6, 8, 10]);
        assert.deepEqual(niceTicks(85.57, 91.21, 5), [85, 86, 87, 88, 89, 90, 91, 92], 'ticks enclose the data');
        assert.deepEqual(niceTicks(1, 3, 6, true), [1, 2, 3], 'integer axis: no half steps');
        assert.deepEqual(niceTicks(5, 5, 5), [4.7, 4.8, 4.9, 5, 5.1, 5.2, 5.3]);
        assert.equal(powerOfTen(3), '1,000');
        assert.equal(powerOfTen(17), '10¹⁷');
        assert.equal(powerOfTen(-2), '10⁻²');
    });

    test('one path per series, points inside the plot area, empty data says so', () => {
        const svg = lineChart(
            [
                { name: 'a', points: [[1, 10], [2, 20], [3, 15]] },
                { name: 'b', points: [[1, 5], [3, NaN]] },
            ],
            { title: 't', xLabel: 'x', yLabel: 'y', width: 500, height: 300 },
        );
        assert.equal((svg.match(/<path /g) ?? []).length, 2);
        const cxs = [...svg.matchAll(/cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
        assert.equal(cxs.length, 4, 'the NaN point is dropped');
        for (const [x, y] of cxs) assert.ok(x >= 58 && x <= 486 && y >= 14 && y <= 256, `${x},${y}`);
        assert.match(lineChart([], { title: 'none', xLabel: 'x', yLabel: 'y' }), /no data/);
    });

    test('bands: one shaded polygon per series, its edges at the low and high values, and the y axis reaches them', () => {
        const svg = lineChart(
            [
                { name: 'a', points: [[1, 10], [2, 20]], band: [[1, 8, 12], [2, 17, 26]] },
                { name: 'b', points: [[1, 5], [2, 6]] },
            ],
            { title: 't', xLabel: 'x', yLabel: 'y', width: 500, height: 300 },
        );
        const polygons = [...svg.matchAll(/<polygon class="band" points="([^"]+)"/g)].map((m) => m[1].split(' ').map((p) => p.split(',').map(Number)));
        assert.equal(polygons.length, 1, 'series without a band get none');
        // Ticks 5..30 (the band's 26 widens the axis past the line's 20): y = 14 + 242 - (v - 5) / 25 * 242.
        const y = (v: number): number => Number((256 - ((v - 5) / 25) * 242).toFixed(1));
        assert.deepEqual(polygons[0].map((p) => p[1]), [y(12), y(26), y(17), y(8)]);
        assert.equal((svg.match(/<path /g) ?? []).length, 2);
    });

    test('standalone: an SVG document with its own style, the title and legend inside, and the comment after the opening tag', () => {
        const svg = lineChart([{ name: 'full space', points: [[100, 93], [200, 94]] }, { name: 'LISSNAS', points: [[200, 94.2]], dashed: true }], {
            title: 'c10 & REA',
            xLabel: 'budget',
            yLabel: 'acc',
            standalone: { comment: 'made by -- a test' },
        });
        assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 520 290" width="520" height="290"><!-- made by - - a test --><style>/);
        assert.ok(svg.endsWith('</svg>\n'));
        assert.doesNotMatch(svg, /<figure|<div/);
        assert.match(svg, /<text class="title" x="10" y="16">c10 &amp; REA<\/text>/);
        assert.match(svg, />full space<\/text>/);
        assert.match(svg, /stroke-width="3" stroke-dasharray="5 4"\/><text x="[\d.]+" y="[\d.]+">LISSNAS<\/text>/);
        assert.match(lineChart([], { title: 'none', xLabel: 'x', yLabel: 'y', standalone: {} }), /^<svg xmlns=.*none: no data/);
    });
});
