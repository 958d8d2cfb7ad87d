import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ProgressTail } from '../../../engine/evaluate/progress-tail.js';
import { CommandEvaluator } from '../../../engine/evaluate/command.js';
import { trialEventWatcher } from '../../../engine/run/trial-events.js';
import { SilentReporter } from '../../../engine/run/progress.js';
import { runEventProblem, type TrialEvent } from '../../../protocol/run-events.js';
import { tinyCell } from './helpers.js';

/**
 * The tail of a trial's progress.jsonl (engine/evaluate/progress-tail.ts) on a file a real child process appends
 * to: the child writes exactly what it is told on stdin (a half line, a burst of 500 lines, a line that is not
 * JSON) and acknowledges once the bytes are in the file, so each read sees a known state.
 */
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-progress-tail-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

// Appends each stdin line's JSON-decoded string to the file (fs.appendFileSync: in the file when it acks).
const WRITER = `
const fs = require('node:fs');
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (l) => { fs.appendFileSync(process.argv[1], JSON.parse(l)); process.stdout.write('ok\\n'); });
`;

function appender(file: string): { write(text: string): Promise<void>; close(): Promise<void> } {
    const child = spawn(process.execPath, ['-e', WRITER, file], { stdio: ['pipe', 'pipe', 'inherit'] });
    const acks = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    return {
        async write(text) {
            child.stdin!.write(JSON.stringify(text) + '\n');
            assert.equal((await acks.next()).value, 'ok');
        },
        close: () =>
            new Promise((resolve) => {
                child.once('exit', () => resolve());
                child.stdin!.end();
            }),
    };
}

test('a torn last line waits for its newline; non-JSON lines are skipped with one warning; a burst is thinned to the rate, the last values stay exact', async () => {
    const file = join(tmp, 'progress.jsonl');
    let clock = 0;
    const tail = new ProgressTail(file, { now: () => clock }); // the default rate: 20 lines a second (docs/scale-out.md)
    assert.deepEqual(tail.read(), { points: [] }, 'no file yet: nothing, no error');
    const child = appender(file);
    await child.write('{"epoch":1,"loss":2.1');
    assert.deepEqual(tail.read(), { points: [] }, 'half a line is not a record');
    await child.write(',"accuracy":40.5}\n');
    const first = tail.read();
    assert.deepEqual(first.points, [{ step: 1, values: { epoch: 1, loss: 2.1, accuracy: 40.5 } }], 'the two halves make one record, its step the epoch');
    assert.equal(first.warning, undefined);

    await child.write('epoch 2 done, saving a checkpoint\n{"step":7,"loss":1.5,"note":"text fields are not plotted"}\n');
    const second = tail.read();
    assert.match(second.warning ?? '', /line 2 is not a JSON object: epoch 2 done/);
    assert.deepEqual(second.points, [{ step: 7, values: { loss: 1.5 } }], 'the `step` field wins; only finite numbers are values');
    await child.write('[1,2]\nnot json either\n');
    const third = tail.read();
    assert.equal(third.warning, undefined, 'warned once per file');
    assert.deepEqual(third.points, []);

    // 500 lines at once within the same instant: the bucket had 18 tokens left (20 a second, 2 spent).
    await child.write(Array.from({ length: 500 }, (_, i) => JSON.stringify({ step: 100 + i, loss: 1 / (i + 1) })).join('\n') + '\n');
    const burst = tail.read();
    assert.equal(burst.points.length, 18);
    assert.deepEqual(burst.points.map((p) => p.step).slice(0, 3), [100, 101, 102], 'the first lines of the burst, in order');
    assert.deepEqual(burst.last, { step: 599, values: { loss: 1 / 500 } }, 'the last line is read even when it is not a point');
    assert.deepEqual({ ...tail.last }, { epoch: 1, loss: 1 / 500, accuracy: 40.5 }, 'last value of every field seen');
    assert.equal(tail.lastStep, 599);

    // Half a second later the bucket holds 10 tokens again.
    clock += 500;
    await child.write(Array.from({ length: 15 }, (_, i) => JSON.stringify({ step: 600 + i, loss: 0.1 })).join('\n') + '\n');
    assert.equal(tail.read().points.length, 10);
    assert.deepEqual(tail.read(), { points: [] }, 'nothing new, nothing read');
    await child.close();
});

test('a file shorter than what was read (a new attempt replaced it) is read again from its start', async () => {
    const file = join(tmp, 'replaced.jsonl');
    const tail = new ProgressTail(file);
    const child = appender(file);
    await child.write('{"epoch":1,"accuracy":10}\n{"epoch":2,"accuracy":20}\n');
    assert.equal(tail.read().points.length, 2);
    await child.close();
    rmSync(file);
    const again = appender(file);
    await again.write('{"epoch":1,"accuracy":11}\n');
    assert.deepEqual(tail.read().points, [{ step: 1, values: { epoch: 1, accuracy: 11 } }]);
    await again.close();
});

test('another file moved over the path, longer than what was read (a new attempt\'s), is read from its start', () => {
    const file = join(tmp, 'moved.jsonl');
    writeFileSync(file, '{"epoch":1,"accuracy":10}\n');
    const tail = new ProgressTail(file);
    assert.equal(tail.read().points.length, 1);
    // Written beside and renamed over (a new inode), already longer than the offset read from the old file.
    writeFileSync(`${file}.new`, '{"epoch":1,"accuracy":11}\n{"epoch":2,"accuracy":21}\n{"epoch":3,"accuracy":31}\n');
    renameSync(`${file}.new`, file);
    assert.deepEqual(
        tail.read().points.map((p) => p.values.accuracy),
        [11, 21, 31],
    );
});

test('a command trial that writes progress while it runs: trial events while it runs, then its end with the last values', async () => {
    // Five epochs 150 ms apart, the result on stdout at the end.
    const script = `const fs = require('node:fs'); let e = 0;
const t = setInterval(() => { e++; fs.appendFileSync(process.env.LISSNAS_PROGRESS_FILE, JSON.stringify({ epoch: e, accuracy: 50 + e }) + '\\n');
  if (e === 5) { clearInterval(t); console.log(JSON.stringify({ metric: 55 })); } }, 150);`;
    const reporter = new SilentReporter();
    const ev = new CommandEvaluator({ argv: [process.execPath, '-e', script], runDir: join(tmp, 'run'), watchTrial: trialEventWatcher(reporter, { pollMs: 50 }) });
    const [r] = await ev.evaluate([[1, 0, 1]], tinyCell);
    assert.equal(r.metric, 55);
    const events = reporter.events.filter((e): e is TrialEvent => e.event === 'trial');
    for (const e of events) assert.equal(runEventProblem(e), undefined, JSON.stringify(e));
    assert.ok(events.every((e) => e.id === r.trial));
    assert.equal(events[0].status, 'running');
    assert.equal(events[0].progress, undefined, 'the start event has no values yet');
    const running = events.filter((e) => e.status === 'running' && e.points);
    assert.ok(running.length >= 3, `${running.length} running events with points: the lines arrive while the trial runs`);
    const end = events[events.length - 1];
    assert.equal(end.status, 'done');
    assert.deepEqual(end.progress, { epoch: 5, accuracy: 55 });
    assert.deepEqual(events.flatMap((e) => e.points ?? []).map((p) => p.step), [1, 2, 3, 4, 5], 'each line once, in order');
});

test('a trial logging fast: at most one event per poll (4 a second by default), one warning for its non-JSON lines', async () => {
    // 200 lines over about a second, every tenth one not JSON.
    const script = `const fs = require('node:fs'); let i = 0;
const t = setInterval(() => { i++; fs.appendFileSync(process.env.LISSNAS_PROGRESS_FILE, i % 10 === 0 ? 'batch ' + i + '\\n' : JSON.stringify({ step: i, loss: 1 / i }) + '\\n');
  if (i === 200) { clearInterval(t); console.log(JSON.stringify({ metric: 1 })); } }, 5);`;
    const reporter = new SilentReporter();
    const started = performance.now();
    const ev = new CommandEvaluator({ argv: [process.execPath, '-e', script], runDir: join(tmp, 'fast'), watchTrial: trialEventWatcher(reporter) });
    const [r] = await ev.evaluate([[1, 1, 1]], tinyCell);
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.metric, 1, r.error);
    const trials = reporter.events.filter((e): e is TrialEvent => e.event === 'trial');
    assert.ok(trials.length - 2 <= Math.ceil(seconds * 4) + 1, `${trials.length} events in ${seconds.toFixed(2)} s`);
    const warnings = reporter.events.filter((e) => e.event === 'log' && e.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.match((warnings[0] as { message: string }).message, /line 10 is not a JSON object: batch 10/);
    assert.deepEqual(trials[trials.length - 1].progress, { loss: 1 / 199 }, 'the last JSON line');
    assert.equal(trials[trials.length - 1].step, 199);
});

test('a failed trial ends with status failed and its error', async () => {
    const reporter = new SilentReporter();
    const ev = new CommandEvaluator({ argv: [process.execPath, '-e', 'process.exit(3)'], runDir: join(tmp, 'failing'), watchTrial: trialEventWatcher(reporter) });
    const [r] = await ev.evaluate([[0, 0, 0]], tinyCell);
    assert.ok(r.error);
    const end = reporter.events.filter((e): e is TrialEvent => e.event === 'trial').pop()!;
    assert.equal(end.status, 'failed');
    assert.match(end.error!, /exited with 3/);
});
