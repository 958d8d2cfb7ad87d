import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandEvaluator } from '../../../engine/evaluate/command.js';
import type { EvaluationResult } from '../../../engine/evaluate/types.js';
import { tinyCell } from './helpers.js';

/**
 * The per-item completion contract of `Evaluator.evaluate` (`onResult`, engine/evaluate/types.ts) as the
 * command evaluator honours it with real processes: each item is reported when its process exits, while the
 * others still run; an abort reports no cut item, but keeps one whose process still finished with a number.
 */
const node = process.execPath;
// Prints the number of 'b' ops after 150 ms per op (plus 150); an architecture of three 'b's never finishes on its own.
const byCount = `const n = (process.argv[1].match(/b~/g) || []).length; setTimeout(() => console.log(JSON.stringify({ metric: n })), n === 3 ? 60000 : 150 * (n + 1));`;

test('each finished item is reported while the others run; on abort the cut item is not reported and the batch rejects', async () => {
    const ev = new CommandEvaluator({ argv: [node, '-e', byCount, '{arch}'], parallel: 4 });
    const controller = new AbortController();
    const reported: Array<[number, number | undefined]> = [];
    const batch = ev.evaluate([[1, 1, 1], [0, 0, 0], [1, 0, 0], [1, 1, 0]], tinyCell, controller.signal, (i, r) => {
        reported.push([i, r.metric]);
        // The three quick ones are in; the fourth still runs: interrupt it.
        if (reported.length === 3) controller.abort();
    });
    await assert.rejects(batch, { name: 'AbortError' });
    reported.sort((a, b) => a[0] - b[0]); // completion order follows process start-up times, not only the sleeps
    assert.deepEqual(reported, [
        [1, 0],
        [2, 1],
        [3, 2],
    ]);
});

test('a process that exits 0 with an answer after the abort (it traps SIGTERM) finished its evaluation: reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-onresult-'));
    try {
        const ready = join(dir, 'ready');
        // Installs its SIGTERM handler, says so in a file, then waits; on SIGTERM it prints its answer {"metric": 7} and exits 0.
        const graceful = `process.on('SIGTERM', () => setTimeout(() => { console.log('{"metric": 7}'); process.exit(0); }, 50)); require('fs').appendFileSync(${JSON.stringify(ready)}, 'x'); setInterval(() => {}, 1000);`;
        const ev = new CommandEvaluator({ argv: [node, '-e', graceful, '{arch}'], parallel: 2 });
        const controller = new AbortController();
        const reported: EvaluationResult[] = [];
        const batch = ev.evaluate([[0, 0, 0], [1, 1, 1]], tinyCell, controller.signal, (_i, r) => reported.push(r));
        while (!existsSync(ready) || readFileSync(ready, 'utf8').length < 2) await new Promise((r) => setTimeout(r, 10));
        controller.abort();
        await assert.rejects(batch, { name: 'AbortError' });
        assert.deepEqual(reported.map((r) => [r.key, r.metric, r.cost.queries, r.error]).sort(), [
            ['0,0,0', 7, 1, undefined],
            ['1,1,1', 7, 1, undefined],
        ]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
