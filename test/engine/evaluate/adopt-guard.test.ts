/**
 * What a resume must NOT adopt from a trial folder an earlier lissnas left (engine/evaluate/command.ts,
 * `adoptAttempt`): another seed's finished attempt at the same architecture (a study's cells share the folder), and
 * a process that ended unobserved without an answer (killed from outside). In both the trial runs afresh; the
 * command's own log says whether it ran.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandEvaluator } from '../../../engine/evaluate/command.js';
import type { TrialProcessRecord } from '../../../engine/evaluate/local-trial-process.js';
import { tinyCell } from './helpers.js';

const linux = process.platform === 'linux' ? false : 'adoption needs /proc (Linux)';

/** A trial that logs each run and answers metric 42. */
function evaluator(runDir: string, log: string, seed: number): CommandEvaluator {
    const script = `require('fs').appendFileSync(${JSON.stringify(log)}, 'ran\\n'); console.log(JSON.stringify({ metric: 42 }))`;
    return new CommandEvaluator({ argv: [process.execPath, '-e', script, '{arch}'], runDir, seed });
}

/** The record of an earlier lissnas (another owner pid) whose trial process has ended (a pid that exited). */
function earlierRecord(trialDir: string, seed: number): void {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    // This boot and a start time: checkable here, so the ended pid reads as `gone` (not `unknown`, which never adopts).
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const record: TrialProcessRecord = { pid: gone, hostname: hostname(), bootId, startTicks: '1', startedAt: Date.now() - 1000, attempt: 1, owner: process.pid + 1, seed };
    mkdirSync(trialDir, { recursive: true });
    writeFileSync(join(trialDir, 'pid'), JSON.stringify(record));
}

test("another seed's finished attempt at the same architecture is not adopted: the trial runs with its own seed", { skip: linux }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-adopt-'));
    try {
        const log = join(dir, 'log');
        const ev = evaluator(dir, log, 0);
        const trialDir = join(dir, 'trials', ev.trialId(tinyCell, [1, 0, 1]));
        earlierRecord(trialDir, 1);
        writeFileSync(join(trialDir, 'exit_code'), '0\n');
        writeFileSync(join(trialDir, 'result.json'), JSON.stringify({ metric: 99 }));
        const [r] = await ev.evaluate([[1, 0, 1]], tinyCell);
        assert.equal(r.metric, 42, "seed 1's answer (99) was taken for seed 0");
        assert.equal(readFileSync(log, 'utf8'), 'ran\n');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

test('the same seed: a finished attempt is adopted (not run again); one that ended unobserved without an answer runs afresh', { skip: linux }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-adopt-'));
    try {
        const log = join(dir, 'log');
        const ev = evaluator(dir, log, 0);
        const adopted = join(dir, 'trials', ev.trialId(tinyCell, [1, 0, 1]));
        earlierRecord(adopted, 0);
        writeFileSync(join(adopted, 'exit_code'), '0\n');
        writeFileSync(join(adopted, 'result.json'), JSON.stringify({ metric: 99 }));
        const killed = join(dir, 'trials', ev.trialId(tinyCell, [0, 1, 0]));
        earlierRecord(killed, 0); // no exit_code, no answer: killed from outside while lissnas was dead
        const [a, k] = await ev.evaluate([[1, 0, 1], [0, 1, 0]], tinyCell);
        assert.equal(a.metric, 99, 'the earlier attempt of this very trial is its answer');
        assert.equal(k.error, undefined, 'not journaled as a failure');
        assert.equal(k.metric, 42);
        assert.equal(readFileSync(log, 'utf8'), 'ran\n', 'only the killed trial ran');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
