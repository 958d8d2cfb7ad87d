import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt } from '../../../engine/report/html.js';
import { metricLabel } from '../../../engine/report/labels.js';
import { chosenIterationOf, renderReport, renderRunReport } from '../../../engine/report/run-report.js';
import { startRun } from '../../../engine/run/execute.js';
import { SilentReporter } from '../../../engine/run/progress.js';
import type { SearchResult, ShrinkResult } from '../../../engine/report/result.js';
import type { RunManifest } from '../../../engine/run/run-dir.js';
import { studyHtml, studyMarkdown } from '../../../engine/report/study-report.js';
import type { StudyResult } from '../../../engine/report/study-result.js';
import { nb201Doc } from '../run/fixture.js';

/**
 * Issue 6, item 9: the report tells the truth. The fixtures copy the numbers of a real run
 * (`lissnas search examples/nb201.nas --search REA --budget 300`): the shrinkage's best report is 94.19, the
 * search's 94.09; the search stopped at 210 of 300 queries; LISSNAS's plateau rule kept the space iteration 2
 * sampled (248 architectures) although iteration 3 sampled 228.
 */

const shrink: ShrinkResult = {
    format: 'lissnas-result/1',
    command: 'shrink',
    name: 'Lissnas',
    policy: 'lissnas',
    seed: 42,
    fullSize: '15625',
    fullSizeLog10: Math.log10(15625),
    size: '248',
    sizeLog10: Math.log10(248),
    queries: 143,
    history: [
        { iteration: 1, sampleMean: 85.57, sampleBest: 90.72, size: '15625', sizeLog10: Math.log10(15625), queries: 50 },
        { iteration: 2, sampleMean: 89.26, sampleBest: 91.06, size: '248', sizeLog10: Math.log10(248), queries: 96 },
        { iteration: 3, sampleMean: 89.17, sampleBest: 91.21, size: '228', sizeLog10: Math.log10(228), queries: 143 },
    ],
    pockets: [
        { seed: '|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|', members: 25, radius: 1, bestMetric: 90.82, meanMetric: 89.62, bestReport: 94.13, meanReport: 93.19 },
        // A pocket nobody evaluated: no metric values (rendered as n/a, explained under the table).
        { seed: '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', members: 3, radius: 1 },
    ],
    best: { arch: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|', key: '3,3,2,1,3,2', metric: 91.21, report: 94.195 },
    metrics: { fractionKept: 0.016, optimumKept: 0, 'recallTop0.1%': 0, 'recallTop1%': 0.108, meanReport: 92.38, kendallTau: 0.746, pockets: 2 },
    space: { kind: 'members' },
};

const shrinkWithFullRow: ShrinkResult = {
    ...shrink,
    comparison: [
        { name: 'NB201', kind: 'full space', size: '15625', sizeLog10: Math.log10(15625), queries: 0, metrics: { fractionKept: 1, optimumKept: 1, 'recallTop1%': 1, meanReport: 87.06, kendallTau: 0.882 } },
        { name: 'Lissnas', kind: 'lissnas', size: '248', sizeLog10: Math.log10(248), queries: 143, metrics: shrink.metrics },
    ],
};

const trajectory: Array<number | null> = Array.from({ length: 67 }, (_, i) => (i < 6 ? 93.32 : i < 43 ? 93.72 : i < 63 ? 93.82 : 94.09));

const search: SearchResult = {
    format: 'lissnas-result/1',
    command: 'search',
    name: 'REA',
    search: 'evolution',
    seed: 42,
    target: 'policy Lissnas',
    budget: 300,
    queries: 67,
    shrinkQueries: 143,
    best: { arch: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|', key: '3,3,3,1,0,2', metric: 91.29, report: 94.09 },
    trajectory,
    shrink,
};

const manifest = (command: 'shrink' | 'search', name: string): RunManifest =>
    ({ format: 'lissnas-run/1', command, name, seed: 42, engineVersion: '0.1.0', argv: [], created: '2026-01-01T00:00:00.000Z', spec: nb201Doc() }) as RunManifest;

/** The headline: everything before the first section. */
function headline(html: string): string {
    const main = html.slice(html.indexOf('<main>'));
    return main.slice(0, main.indexOf('<section'));
}

function sectionById(html: string, id: string): string {
    const start = html.indexOf(`<section id="${id}">`);
    assert.ok(start >= 0, `section ${id}`);
    return html.slice(start, html.indexOf('</section>', start));
}

/** Text of every header cell and of every first cell of a row (the places a column or measure is named). */
function names(html: string): string[] {
    const th = [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    const first = [...html.matchAll(/<tr[^>]*><td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    return [...th, ...first];
}

/** Each table box with its note: [table html, note text]. */
function tablesWithNotes(html: string): Array<[string, string]> {
    return [...html.matchAll(/<div class="table-box">([\s\S]*?)<\/table><\/div>(<p class="table-note">([\s\S]*?)<\/p>)?/g)].map((m) => [m[1], m[3] ?? '']);
}

/** x of the vertical marker line at data-x, and x of the axis tick labelled `label`. */
function markerX(svg: string, kind: string, x: number): number {
    const m = svg.match(new RegExp(`<line class="marker marker-${kind}" data-x="${x}" x1="([\\d.]+)"`));
    assert.ok(m, `a ${kind} marker at ${x}`);
    return Number(m[1]);
}

function tickX(svg: string, label: string): number {
    const m = svg.match(new RegExp(`<text x="([\\d.]+)" y="[\\d.]+" text-anchor="middle">${label}</text>`));
    assert.ok(m, `an x tick labelled ${label}`);
    return Number(m[1]);
}

describe('search report: about the search', () => {
    const html = renderRunReport(manifest('search', 'REA'), search);

    test("the headline shows the search's best, not the shrinkage's", () => {
        const head = headline(html);
        assert.match(head, /Best found by the search \(report\)<\/div><div class="value">94\.09</);
        assert.ok(!head.includes('94.19') && !head.includes('94.20'), "the shrinkage's best is not a headline number");
        assert.match(head, /210 of 300/, 'queries spent of the budget');
        assert.match(head, /90 unspent/);
    });

    test('the shrinkage is its own section, after the search, with its own best', () => {
        const own = sectionById(html, 'shrinkage');
        assert.match(own, /The shrinkage the search ran inside: Lissnas/);
        assert.match(own, />94\.19</);
        assert.ok(html.indexOf('<section id="searches">') < html.indexOf('<section id="shrinkage">'));
    });

    test('the budget is drawn on the curve and the x axis reaches it; the early stop is marked', () => {
        const svg = sectionById(html, 'searches');
        const budgetX = markerX(svg, 'budget', 300);
        assert.ok(Math.abs(budgetX - tickX(svg, '300')) < 0.2, 'the marker stands at the x tick 300');
        assert.match(svg, />budget 300</);
        assert.ok(markerX(svg, 'stop', 210) < budgetX);
        assert.match(svg, />stopped at 210</);
    });

    test('the curve says what it includes: the search from query 144 on, the shrinkage as a reference from 143', () => {
        const svg = sectionById(html, 'searches');
        assert.doesNotMatch(svg, /shrinkage included/, 'the old title claimed the shrinkage was in the curve');
        assert.match(svg, /only the search&#39;s own evaluations/);
        markerX(svg, 'phase', 143);
        assert.match(svg, />shrinkage ends \(143\)</);
        // The reference line of the shrinkage's best starts at the marker of its end.
        const ref = svg.match(/<path d="M([\d.]+),[\d.]+ L[\d.]+,[\d.]+" fill="none" stroke="#6b6f7a" stroke-width="2" stroke-dasharray/);
        assert.ok(ref, "a dashed reference line for the shrinkage's best");
        assert.ok(Math.abs(Number(ref[1]) - markerX(svg, 'phase', 143)) < 0.2);
        assert.match(svg, /best of the shrinkage Lissnas \(for reference\)/);
        // The search's own curve starts one query after the shrinkage.
        const phaseX = markerX(svg, 'phase', 143);
        const perQuery = (markerX(svg, 'budget', 300) - phaseX) / (300 - 143);
        const first = Number(svg.match(/<path d="M([\d.]+),[\d.]+ [^"]*" fill="none" stroke="#2f6fde"/)![1]);
        assert.ok(Math.abs(first - (phaseX + perQuery)) < 0.2, `first search point at query 144 (${first})`);
    });

    test('stop reason and failures are shown when the run recorded them', () => {
        const failing: SearchResult = {
            ...search,
            stopReason: 'stalled',
            failures: { count: 31, first: [{ arch: '|none~0|+|none~0|none~1|<b>', error: 'metric column c10_val is NaN at row 812' }] },
        };
        const out = renderRunReport(manifest('search', 'REA'), failing);
        const head = headline(out);
        assert.match(head, /<div class="warning" role="alert"><strong>31 failed evaluations in search REA<\/strong>/);
        assert.match(head, /<li>\|none~0\|\+\|none~0\|none~1\|&lt;b&gt;: metric column c10_val is NaN at row 812<\/li>/);
        assert.match(head, /The first 1 are shown/);
        assert.match(head, /<div class="card warn"><div class="label">Failed evaluations<\/div><div class="value">31</);
        assert.match(head, /Stopped<\/div><div class="value">stalled</);
        assert.match(out, />stopped at 210: stalled</);
        assert.match(out, /<th>Stopped because<\/th>/);
        // Nothing failed: no warning at all.
        assert.doesNotMatch(html, /class="warning"|failed evaluation/);
    });
});

describe('shrink report: the chosen iteration', () => {
    // result.json records the iteration that BUILT the space (1); the history row that sampled it is the next (2).
    const explicit = renderRunReport(manifest('shrink', 'Lissnas'), { ...shrinkWithFullRow, chosenIteration: 1, stopReason: 'plateau' });
    const inferred = renderRunReport(manifest('shrink', 'Lissnas'), shrinkWithFullRow);

    for (const [name, html] of [
        ['recorded chosenIteration', explicit],
        ['older result.json (inferred from the sizes)', inferred],
    ] as const) {
        test(`marked in the chart, the table and the size card: ${name}`, () => {
            const iterations = sectionById(html, 'iterations');
            assert.equal((iterations.match(/<line class="marker marker-chosen" data-x="2"/g) ?? []).length, 2, 'both iteration charts');
            assert.match(iterations, /result = space of iteration 2/);
            assert.match(iterations, /<tr class="hl"><td>Lissnas<\/td><td class="num">2 \(chosen\)<\/td>/);
            assert.match(iterations, /highlighted<\/span>: the chosen iteration: the result is the space it sampled/);
            assert.match(headline(html), /Space size<\/div><div class="value">248<\/div><div class="note">from 15,625; the space iteration 2 sampled, kept by the plateau rule \(iteration 3 sampled 228\)/);
        });
    }

    test('no mark when the result is the last iteration or was built after it', () => {
        const last: ShrinkResult = { ...shrink, size: '228', sizeLog10: Math.log10(228) };
        assert.equal(chosenIterationOf(last), undefined);
        assert.doesNotMatch(renderReport({ title: 't', subtitle: '', shrinks: [last], footer: '' }), /\(chosen\)|marker-chosen/);
        const built: ShrinkResult = { ...shrink, size: '201', sizeLog10: Math.log10(201), stopReason: 'max_iterations' };
        const html = renderReport({ title: 't', subtitle: '', shrinks: [built], footer: '' });
        assert.doesNotMatch(html, /\(chosen\)|marker-chosen/);
        assert.match(html, /built after iteration 3 \(not sampled by any iteration\)/);
        // A recorded stop reason other than plateau is never second-guessed from sizes.
        assert.equal(chosenIterationOf({ ...shrink, stopReason: 'max_iterations' }), undefined);
        assert.equal(chosenIterationOf({ ...shrink, stopReason: 'plateau' }), 2);
    });

    test('failures of a shrinkage get the warning and a card', () => {
        const html = renderRunReport(manifest('shrink', 'Lissnas'), { ...shrink, failures: { count: 2, first: [{ arch: 'a', error: 'NaN' }, { arch: 'b', error: 'empty' }] } });
        assert.match(headline(html), /<strong>2 failed evaluations in policy Lissnas<\/strong><ul><li>a: NaN<\/li><li>b: empty<\/li><\/ul>/);
    });
});

describe('tables: readable names, a reason for every highlight, one n/a', () => {
    const run = renderRunReport(manifest('shrink', 'Lissnas'), { ...shrinkWithFullRow, chosenIteration: 2 });
    const study: StudyResult = {
        format: 'lissnas-study/1',
        engineVersion: '0.1.0',
        file: 'examples/nb201.nas',
        seeds: [0, 1, 2],
        datasets: ['as declared'],
        policies: ['Lissnas', 'Random'],
        searches: ['RS'],
        budgets: [100, 300],
        shrink: [
            { dataset: 'as declared', policy: 'Lissnas', kind: 'lissnas', stats: { sizeLog10: { mean: 2.34, std: 0.04, n: 3 }, queries: { mean: 213, std: 65, n: 3 }, meanReport: { mean: 92.84, std: 0.55, n: 3 }, 'recallTop1%': { mean: 0.257, std: 0.2, n: 3 }, bestReport: { mean: 93.91, std: 0.28, n: 3 } } },
            // random_shrink evaluates nothing: no best report.
            { dataset: 'as declared', policy: 'Random', kind: 'random_shrink', stats: { sizeLog10: { mean: 2.34, std: 0.04, n: 3 }, queries: { mean: 0, std: 0, n: 3 }, meanReport: { mean: 86.71, std: 0.83, n: 3 } } },
        ],
        search: [
            { dataset: 'as declared', search: 'RS', kind: 'random', space: 'full', budget: 100, feasible: 3, bestReport: { mean: 93.62, std: 0.2, n: 3 } },
            { dataset: 'as declared', search: 'RS', kind: 'random', space: 'full', budget: 300, feasible: 3, bestReport: { mean: 93.85, std: 0.19, n: 3 } },
            { dataset: 'as declared', search: 'RS', kind: 'random', space: 'Lissnas', budget: 100, feasible: 0 },
            { dataset: 'as declared', search: 'RS', kind: 'random', space: 'Lissnas', budget: 300, feasible: 3, bestReport: { mean: 94.02, std: 0.14, n: 3 } },
        ],
        examples: [shrink],
        runs: [],
    };
    const studyPage = studyHtml(study);
    const md = studyMarkdown(study);

    test('metric keys get human names with units', () => {
        assert.equal(metricLabel('recallTop1%').replace(/\u2060/g, ''), 'recall of top 1 % (0–1)');
        assert.equal(metricLabel('meanReport'), 'mean report of kept');
        assert.equal(metricLabel('someNewMeasure5%'), 'some new measure 5 %', 'unknown keys are split into words');
        for (const html of [run, studyPage]) {
            const camel = names(html).filter((n) => /[a-z][A-Z]|Top\d/.test(n));
            assert.deepEqual(camel, [], 'no camelCase metric key as a column or row name');
        }
        assert.ok(run.includes(`<td>${metricLabel('recallTop1%')}</td>`));
        assert.match(run, /<td>optimum kept<\/td><td class="num">yes<\/td><td class="num">no<\/td>/);
        assert.doesNotMatch(md.split('\n').find((l) => l.startsWith('| policy'))!, /[a-z][A-Z]|Top\d/);
    });

    test('the comparison fits any width: measures are rows, spaces are columns, inside a scrolling box', () => {
        const comparison = sectionById(run, 'comparison');
        assert.match(comparison, /<thead><tr><th>Measure<\/th><th class="num">NB201<\/th><th class="num">Lissnas \(this run\)<\/th><\/tr><\/thead>/);
        assert.match(comparison, /<div class="table-box"><table class="compact">/);
        assert.match(run, /\.table-box \{ overflow-x: auto;/);
    });

    test('every highlighted row comes with the reason under its table', () => {
        let highlighted = 0;
        for (const html of [run, studyPage]) {
            for (const [t, note] of tablesWithNotes(html)) {
                if (!t.includes('<tr class="hl">')) continue;
                highlighted++;
                assert.match(note, /<span class="hl-key">highlighted<\/span>: \S.{10,}/, t.slice(0, 200));
            }
        }
        assert.ok(highlighted >= 4, `iterations and pockets of the run, the study's shrinkage table and examples (${highlighted})`);
        assert.match(studyPage, /highlighted<\/span>: the policy with the highest mean report of kept members \(mean over seeds\)\./);
    });

    test('missing values print n/a, explained under the table that shows them; never a dash', () => {
        for (const html of [run, studyPage]) {
            assert.ok(!html.includes('—'), 'no em dash as a missing value');
            for (const [t, note] of tablesWithNotes(html)) {
                if (/>n\/a</.test(t)) assert.match(note, /n\/a: \S/, t.slice(0, 200));
            }
        }
        assert.match(sectionById(run, 'pockets-Lissnas'), /n\/a: no member of the pocket has this value/);
        assert.match(studyPage, /n\/a: the shrinkage alone spent more queries than the budget/);
        assert.match(studyPage, /n\/a: not measured for this policy \(it evaluated nothing/);
        assert.ok(!md.includes('—'));
        assert.match(md, /\| Random \| random_shrink \|.*\| n\/a \|/);
        assert.match(md, /n\/a in the shrinkage tables: not measured/);
        assert.equal(fmt(undefined), 'n/a');
    });
});

describe('a real search run renders a report about the search', () => {
    test('REA inside Lissnas on the NB201 table: headline = the search best, budget marker at the budget', async () => {
        const tmp = mkdtempSync(join(tmpdir(), 'lissnas-report-'));
        try {
            const dir = join(tmp, 'run');
            const outcome = await startRun({ command: 'search', name: 'REA', doc: nb201Doc(), dir, argv: ['search'], budget: 240 }, new SilentReporter());
            const result = outcome.result as SearchResult;
            const html = readFileSync(join(dir, 'report.html'), 'utf8');
            const head = headline(html);
            assert.match(head, new RegExp(`Best found by the search \\(report\\)</div><div class="value">${fmt(result.best?.report).replace('.', '\\.')}<`));
            assert.match(head, new RegExp(`${result.shrinkQueries + result.queries} of 240`));
            const shrinkBest = fmt(result.shrink!.best!.report);
            assert.notEqual(shrinkBest, fmt(result.best?.report), 'this seed tells the two bests apart');
            assert.ok(!head.includes(`>${shrinkBest}<`), "the shrinkage's best is not in the headline");
            const svg = sectionById(html, 'searches');
            const budgetX = markerX(svg, 'budget', 240);
            const ticks = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">(\d+)<\/text>/g)].map((m) => [Number(m[1]), Number(m[2])]);
            const [lastX, lastValue] = ticks[ticks.length - 1];
            assert.ok(lastValue >= 240 && budgetX <= lastX + 0.1, `the x axis (to ${lastValue}) reaches the budget`);
            markerX(svg, 'phase', result.shrinkQueries);
            assert.match(sectionById(html, 'shrinkage'), new RegExp(`>${fmt(result.shrink!.best!.report).replace('.', '\\.')}<`));
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });
});
