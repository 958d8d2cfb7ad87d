import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/io.js';
import type { ShrinkResult } from '../../engine/report/result.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const example = join(root, 'examples/study-nb201-apart.nas');
// The same policies on NB201 under `constraint params <= 0.5M`, where the top 1 % of c10_test splits into 6 regions.
const budgetExample = join(root, 'examples/study-nb201-budget.nas');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-pockets-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function shrink(policy: string, file = example): Promise<{ out: string; metrics: Record<string, number> }> {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: root };
    const dir = join(tmp, `${policy}-${file === example ? 'nb201' : 'budget'}`);
    const code = await runCli(['shrink', file, '--policy', policy, '--out', dir], io);
    assert.equal(code, 0, err);
    return { out, metrics: (JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as ShrinkResult).metrics };
}

describe('lissnas shrink prints and records the separate regions (examples/study-nb201-apart.nas, seed 0)', () => {
    test('defaults: one region of 203 cells, 1 of the 3 top-1 % regions of c10_test', async () => {
        const { out, metrics } = await shrink('Lissnas');
        assert.deepEqual([metrics.pockets, metrics.pocketSizeMax, metrics.goodPockets, metrics.topRegionsKept], [1, 203, 1, 1]);
        assert.ok(Number.isNaN(metrics.pocketGap ?? NaN), 'one region: no distance between regions');
        assert.match(out, /\n {2}separate regions: 1 \(203 cells\), 1 holding a top-1 % cell; top-1 % regions kept: 1 \(33% of them\)\n/);
    });

    test('seeds top 10 apart 3: two regions (25 and 225 cells, 2 edits apart), 2 of the 3 top-1 % regions', async () => {
        const { out, metrics } = await shrink('Apart3');
        assert.deepEqual(
            [metrics.pockets, metrics.pocketSizeMin, metrics.pocketSizeMedian, metrics.pocketSizeMax, metrics.pocketGap, metrics.goodPockets, metrics.topRegionsKept],
            [2, 25, 125, 225, 2, 1, 2],
        );
        assert.match(out, /\n {2}separate regions: 2 \(sizes 25–225, median 125, closest members 2\.00 apart on average\), 1 holding a top-1 % cell; top-1 % regions kept: 2 \(67% of them\)\n/);
    });
});

describe('where the landscape has several good regions, seeds apart keep more of them (examples/study-nb201-budget.nas, seed 0)', () => {
    test('defaults: 1 of the 6 top-1 % regions of c10_test under params <= 0.5M', async () => {
        const { out, metrics } = await shrink('Lissnas', budgetExample);
        assert.deepEqual([metrics.pockets, metrics.goodPockets, metrics.topRegionsKept], [2, 1, 1]);
        assert.match(out, /\n {2}separate regions: 2 \(sizes 20–144, median 82, closest members 2\.00 apart on average\), 1 holding a top-1 % cell; top-1 % regions kept: 1 \(17% of them\)\n/);
    });

    test('seeds top 10 apart 3: 6 regions, 3 of them holding a top-1 % cell, 3 of the 6 top-1 % regions', async () => {
        const { out, metrics } = await shrink('Apart3', budgetExample);
        assert.deepEqual([metrics.pockets, metrics.goodPockets, metrics.topRegionsKept], [6, 3, 3]);
        assert.match(out, /\n {2}separate regions: 6 \(sizes 20–80, median 20, closest members 2\.47 apart on average\), 3 holding a top-1 % cell; top-1 % regions kept: 3 \(50% of them\)\n/);
    });
});
