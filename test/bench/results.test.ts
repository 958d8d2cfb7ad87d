// bench/results.ts, the generator of docs/results.md, run as the page's regeneration runs it (a real process) on a
// small study.json built here, with paired differences chosen so that every number of the paired table can be
// derived by hand: the mean, the wins / ties / losses, and the exact Wilcoxon p by brute-force enumeration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STUDY_FORMAT, type StudyResult } from '../../engine/report/study-result.js';
import { bruteForceWilcoxonP } from '../engine/metrics/wilcoxon-brute-force.js';
import { writeCharts } from '../../bench/results-charts.js';

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];
// LISSNAS − full at budget 500, per seed: binary fractions, so a − b is exact and ties are exact.
const DIFF_500 = [0.375, 0.125, 0, 0.25, -0.125, 0.5, 0.625, 0.3125];
const FULL_500 = [93.5, 94, 93.75, 94.25, 93.5, 93.25, 93.5, 94];
// At budget 100 the shrinkage alone exceeds the budget on seeds 0..2 (infeasible), and leaves some on 3..7.
const FULL_100 = [93, 93.25, 93.5, 93, 92.75, 93.5, 93.25, 93];
const LISSNAS_100 = [NaN, NaN, NaN, 93.5, 93.25, 93.5, 93.75, 93.5];

type Run = StudyResult['runs'][number];

function run(seed: number, policy: string, budget: number, value: number): Run {
    const values: Record<string, number> = Number.isNaN(value) ? { infeasible: 1, shrinkQueries: 150 } : { overallReport: value, overallMetric: value - 2, queries: budget };
    return { dataset: 'c10', seed, policy, search: 'REA', budget, values, stoppedBy: Number.isNaN(value) ? undefined : 'budget' };
}

function syntheticStudy(): StudyResult {
    const runs: Run[] = [];
    for (const s of SEEDS) {
        runs.push(run(s, 'full', 100, FULL_100[s]), run(s, 'full', 500, FULL_500[s]));
        runs.push(run(s, 'Lissnas', 100, LISSNAS_100[s]), run(s, 'Lissnas', 500, FULL_500[s] + DIFF_500[s]));
        // The random control equals the full space on every seed at 500: all ties.
        runs.push(run(s, 'Random', 100, FULL_100[s] - 0.25), run(s, 'Random', 500, FULL_500[s]));
    }
    return {
        format: STUDY_FORMAT,
        engineVersion: 'test',
        file: 'synthetic.nas',
        seeds: SEEDS,
        datasets: ['c10'],
        policies: ['Lissnas', 'Random'],
        searches: ['REA'],
        budgets: [100, 500],
        shrink: [],
        search: [],
        examples: [],
        runs,
    };
}

const PAGE = ['# page', '<!-- results:statistics -->', '<!-- /results:statistics -->', '<!-- results:search-c10 -->', 'old', '<!-- /results:search-c10 -->', ''].join('\n');

function generate(dir: string): string {
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/results.ts', '--defaults', join(dir, 'study'), '--write', join(dir, 'page.md')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'page.md'), 'utf8');
}

function row(page: string, prefix: string): string[] {
    const line = page.split('\n').find((l) => l.startsWith(prefix));
    assert.ok(line, `no row starting with ${prefix}`);
    return line.split('|').slice(1, -1).map((c) => c.trim());
}

test('the paired table of a search block: means, bootstrap interval, exact Wilcoxon p, W/T/L and charts, byte-identical on regeneration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-results-'));
    try {
        mkdirSync(join(dir, 'study'));
        writeFileSync(join(dir, 'study', 'study.json'), JSON.stringify(syntheticStudy()));
        writeFileSync(join(dir, 'page.md'), PAGE);
        const page = generate(dir);

        // LISSNAS − full at 500: 8 seeds, mean 2.0625 / 8, one tie (seed 2), one loss (seed 4).
        const mean = DIFF_500.reduce((a, b) => a + b, 0) / DIFF_500.length;
        assert.equal(mean, 0.2578125);
        // |d| 0.125 twice (ranks 1.5, 1.5), then 0.25, 0.3125, 0.375, 0.5, 0.625: W− = 1.5; 3 of 128 patterns ≤ 1.5.
        const p = bruteForceWilcoxonP(DIFF_500);
        assert.equal(p, 6 / 128);
        const lissnas500 = row(page, '| REA | LISSNAS (defaults) − full space | 500 |');
        assert.equal(lissnas500[3], '8');
        assert.equal(lissnas500[4], '+0.26');
        const [low, high] = lissnas500[5].slice(1, -1).split(', ').map(Number);
        assert.ok(low > Math.min(...DIFF_500) && low < mean && high > mean && high < Math.max(...DIFF_500), lissnas500[5]);
        assert.equal(lissnas500[6], '**0.047**', 'p < 0.05 in bold');
        assert.equal(lissnas500[7], '6 / 1 / 1');
        assert.equal(lissnas500[8], '**higher**');

        // At 100, seeds 0..2 are infeasible for LISSNAS: 5 pairs, 3 unpaired; d = 0.5, 0.5, 0, 0.5, 0.5.
        const lissnas100 = row(page, '| REA | LISSNAS (defaults) − full space | 100 |');
        assert.equal(lissnas100[3], '5 (3 unpaired)');
        assert.equal(lissnas100[4], '+0.40');
        assert.equal(lissnas100[7], '4 / 1 / 0');
        // 4 non-zero, all positive: p = 2/16 by enumeration; not significant, not bold.
        assert.equal(bruteForceWilcoxonP([0.5, 0.5, 0, 0.5, 0.5]), 2 / 16);
        assert.equal(lissnas100[6], '0.13');
        assert.equal(lissnas100[8], 'no');

        // The random control equals the full space at 500: all ties, p = 1, interval [0, 0].
        assert.deepEqual(row(page, '| REA | random_shrink (LISSNAS size) − full space | 500 |').slice(3), ['8', '0.00', '[0.00, 0.00]', '1', '0 / 8 / 0', 'no']);
        // and is 0.25 lower on every seed at 100: 8 losses, p = 2/256.
        assert.deepEqual(row(page, '| REA | random_shrink (LISSNAS size) − full space | 100 |').slice(3), ['8', '-0.25', '[-0.25, -0.25]', '**0.008**', '0 / 0 / 8', '**lower**']);
        // LISSNAS minus its random control is a comparison of its own.
        assert.equal(row(page, '| REA | LISSNAS (defaults) − random_shrink (LISSNAS size) | 500 |')[7], '6 / 1 / 1');

        // The protocol's statistics paragraph, and the chart linked from the block and written next to the page.
        assert.match(page, /<!-- results:statistics -->\n- \*\*Statistics\.\*\* .*Wilcoxon/s);
        assert.match(page, /!\[best found vs total budget, search-c10-REA\]\(results\/search-c10-REA\.svg\)/);
        assert.deepEqual(readdirSync(join(dir, 'results')), ['search-c10-REA.svg']);
        const svg = readFileSync(join(dir, 'results', 'search-c10-REA.svg'), 'utf8');
        assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        // One band per space; LISSNAS has no point at 100 (infeasible on some seeds), the others have both budgets.
        assert.equal((svg.match(/<polygon class="band"/g) ?? []).length, 3);
        assert.equal((svg.match(/<title>LISSNAS \(defaults\): /g) ?? []).length, 1);
        assert.equal((svg.match(/<title>full space: /g) ?? []).length, 2);
        assert.ok(svg.length < 20_000, `small file (${svg.length} bytes)`);

        // Regenerating from the regenerated page changes nothing, byte for byte.
        const again = generate(dir);
        assert.equal(again, page);
        assert.equal(readFileSync(join(dir, 'results', 'search-c10-REA.svg'), 'utf8'), svg);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test('charts never overwrite a file the generator did not write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-charts-'));
    try {
        writeFileSync(join(dir, 'mine.svg'), '<svg>hand-drawn</svg>');
        assert.throws(() => writeCharts(dir, new Map([['mine', '<svg/>']])), /was not generated by bench\/results\.ts; not overwritten/);
        assert.equal(readFileSync(join(dir, 'mine.svg'), 'utf8'), '<svg>hand-drawn</svg>');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
