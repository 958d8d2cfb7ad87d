/** The pure parts of the run manager: exit codes, failure messages, progress and ETA, line splitting. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureMessage, stateOfExit } from '../../client/runs/run-exit.js';
import { formatDuration, formatMetric, progressOf, progressText } from '../../client/runs/run-progress.js';
import { LineSplitter } from '../../client/runs/line-splitter.js';
import { parseBudgets, seedsProblem, studyArgs } from '../../client/commands/study-args.js';
import type { TrackedRun } from '../../client/runs/run-feed.js';
import type { RunEvent } from '../../protocol/run-events.js';

test('exit codes: 0 finished; 130, 143 and killed interrupted; 1, 2, 3 and others failed', () => {
    const cases: Array<[number | null, string | null, string]> = [
        [0, null, 'finished'],
        [130, null, 'interrupted'],
        [143, null, 'interrupted'],
        [null, 'SIGKILL', 'interrupted'],
        [null, 'SIGTERM', 'interrupted'],
        [1, null, 'failed'],
        [2, null, 'failed'],
        [3, null, 'failed'],
        [134, null, 'failed'],
    ];
    for (const [code, signal, state] of cases) assert.equal(stateOfExit(code, signal), state, `${code} ${signal}`);
});

test('failure message: the error event, else the last stderr line without the command prefix, else the exit', () => {
    assert.equal(failureMessage('bad', 'lissnas shrink: other', 2, null), 'bad');
    assert.equal(failureMessage(undefined, 'lissnas shrink: r1 already holds a run', 3, null), 'r1 already holds a run');
    assert.equal(failureMessage(undefined, 'lissnas: internal error: boom', 1, null), 'internal error: boom');
    assert.equal(failureMessage(undefined, undefined, 1, null), 'exited with code 1');
    assert.equal(failureMessage(undefined, undefined, null, 'SIGSEGV'), 'killed by SIGSEGV');
});

function run(events: RunEvent[]): TrackedRun {
    return { id: '/r', kind: 'search', name: 'REA', runDir: '/r', state: 'running', events, started: 0 };
}

test('progress: percent from the last progress event, iteration from the last iteration, ETA from the rate since the first progress', () => {
    const events: RunEvent[] = [
        { event: 'start', command: 'search', name: 'REA', seed: 1, journaled: 0 },
        { event: 'progress', phase: 'search', done: 100, total: 500 },
        { event: 'iteration', name: 'REA', iteration: 2, sampleMean: 1, sampleBest: 2, sizeLog10: 3, queries: 150 },
        { event: 'progress', phase: 'search', done: 200, total: 500 },
    ];
    // 100 evaluations in 10 s since the first progress event (at t = 1000): 10/s, 300 left: 30 s.
    const p = progressOf(run(events), { time: 1000, done: 100 }, 11_000);
    assert.deepEqual(p, { done: 200, total: 500, percent: 40, iteration: 2, queries: 150, rate: 10, etaMs: 30_000 });
    assert.equal(progressText(run(events), p), 'REA 40% · it 2 · ETA 30s');
    // No total (a shrink): no percent, no ETA, the count instead.
    const shrink = progressOf(run([{ event: 'progress', phase: 'shrink', done: 7 }]), { time: 0, done: 1 }, 1000);
    assert.equal(shrink.percent, undefined);
    assert.equal(shrink.etaMs, undefined);
    assert.equal(shrink.rate, 6);
    assert.equal(progressText(run([]), shrink), 'REA 7 evals');
    // Nothing known yet: what the run is doing.
    assert.equal(progressText(run([]), {}), 'REA running…');
    assert.equal(progressText({ ...run([]), state: 'starting' }, {}), 'REA starting…');
    // A single sample has no rate.
    assert.equal(progressOf(run(events.slice(0, 2)), { time: 1000, done: 100 }, 1000).rate, undefined);
});

test('durations', () => {
    assert.deepEqual([0, 45_000, 200_000, 3_900_000].map(formatDuration), ['0s', '45s', '3m 20s', '1h 05m']);
    // The end-of-run message said `best 30.602142554630518`: metrics read at a useful precision.
    assert.deepEqual([30.602142554630518, 91.21, 1234.56, 0.012345, 7, -2.5].map(formatMetric), ['30.60', '91.21', '1234.6', '0.0123', '7', '-2.50']);
});

test('line splitter: lines across chunks, CRLF, UTF-8 cut inside a character, a last line without newline', () => {
    const s = new LineSplitter();
    const euro = Buffer.from('€', 'utf8');
    assert.deepEqual(s.push(Buffer.from('a\nb')), ['a']);
    assert.deepEqual(s.push(Buffer.concat([Buffer.from('c'), euro.subarray(0, 2)])), []);
    assert.deepEqual(s.push(Buffer.concat([euro.subarray(2), Buffer.from('\r\n\nd')])), ['bc€', '']);
    assert.deepEqual(s.end(), ['d']);
    assert.deepEqual(s.end(), []);
});

test('study answers: seeds and budgets are checked; the command line has only what was chosen', () => {
    assert.equal(seedsProblem('5'), undefined);
    assert.equal(seedsProblem(' 30 '), undefined);
    for (const bad of ['0', '-1', '2.5', '', 'five']) assert.ok(seedsProblem(bad), bad);
    assert.deepEqual(parseBudgets(''), []);
    assert.deepEqual(parseBudgets('100, 200,500'), [100, 200, 500]);
    assert.match(parseBudgets('100,x') as string, /'x' is not a positive whole number/);
    assert.match(parseBudgets('0') as string, /'0'/);
    const answers = { policies: ['Lissnas', 'ABS'], searches: [], seeds: 5, datasets: ['c10'], budgets: [] };
    assert.deepEqual(studyArgs('/w/f.nas', answers, '/w/runs/study-1'), ['study', '/w/f.nas', '--policies', 'Lissnas,ABS', '--seeds', '5', '--datasets', 'c10', '--out', '/w/runs/study-1']);
    assert.deepEqual(
        studyArgs('/w/f.nas', { ...answers, searches: ['RS', 'REA'], datasets: ['c10', 'c100'], budgets: [100, 200] }, '/o'),
        ['study', '/w/f.nas', '--policies', 'Lissnas,ABS', '--searches', 'RS,REA', '--seeds', '5', '--datasets', 'c10,c100', '--budgets', '100,200', '--out', '/o'],
    );
    assert.deepEqual(
        studyArgs('/w/f.nas', { ...answers, searches: ['RS'], datasets: ['c100', 'in16'], budgets: [100], transferFrom: 'c10' }, '/o'),
        ['study', '/w/f.nas', '--policies', 'Lissnas,ABS', '--searches', 'RS', '--seeds', '5', '--datasets', 'c100,in16', '--transfer-from', 'c10', '--budgets', '100', '--out', '/o'],
    );
});
