// A finished run read back from its directory (client/panels/run-history.ts) must tell the progress panel what a
// live run would have: checked on real run directories written by the bundled CLI on examples/nb201.nas, against
// their own result.json, and folded by the webview's model (webview/progress-model.ts) as the panel does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEventProblem } from '../../protocol/run-events.js';
import { ToProgressCheck } from '../../protocol/webview.js';
import { readRunHistory } from '../../client/panels/run-history.js';
import { readRunDir, scanRuns } from '../../client/views/run-catalog.js';
import { ProgressModel } from '../../webview/progress-model.js';
import { root } from '../architecture/sources.js';
import { ensureBundle } from './bundle.js';

const { cli } = ensureBundle();
const work = mkdtempSync(join(tmpdir(), 'lissnas-run-history-'));
const example = join(root, 'examples', 'nb201.nas');
const shrinkDir = join(work, 'shrink');
const searchDir = join(work, 'search');
execFileSync(process.execPath, [cli, 'shrink', example, '--policy', 'Lissnas', '--out', shrinkDir, '--json'], { stdio: 'ignore' });
execFileSync(process.execPath, [cli, 'search', example, '--search', 'REA', '--out', searchDir, '--json'], { stdio: 'ignore' });
test.after(() => rmSync(work, { recursive: true, force: true }));

const resultOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));

test('a finished shrink run becomes the events a live run sends: every one valid, evaluations = queries, iterations = history', () => {
    const history = readRunHistory(shrinkDir)!;
    const result = resultOf(shrinkDir);
    assert.equal(history.command, 'shrink');
    assert.equal(history.name, 'Lissnas');
    assert.equal(history.finished, true);
    for (const event of history.events) assert.equal(runEventProblem(event), undefined, JSON.stringify(event));
    assert.equal(history.events[0].event, 'start');
    assert.equal(history.events[history.events.length - 1].event, 'done');
    const evaluations = history.events.filter((e) => e.event === 'evaluation');
    assert.equal(evaluations.length, result.queries, 'one evaluation event per query');
    const iterations = history.events.flatMap((e) => (e.event === 'iteration' ? [e] : []));
    assert.deepEqual(
        iterations.map((e) => [e.iteration, e.sampleBest, e.queries]),
        result.history.map((h: { iteration: number; sampleBest: number; queries: number }) => [h.iteration, h.sampleBest, h.queries]),
    );
    const done = history.events[history.events.length - 1];
    assert.ok(done.event === 'done');
    assert.equal(done.best?.arch, result.best.arch);
    assert.equal(done.stopReason, result.stopReason);
    assert.ok(history.started !== undefined && history.ended !== undefined && history.ended >= history.started);
    // The message the panel posts with it passes the webview's check.
    const message = { type: 'progress/init', runDir: shrinkDir, command: history.command, name: history.name, state: 'finished', live: false, started: history.started, ended: history.ended, events: history.events };
    assert.equal(ToProgressCheck.problem(message), undefined);
});

test('the webview model groups the evaluations into the iterations result.json reports (mean and best per iteration agree)', () => {
    const history = readRunHistory(shrinkDir)!;
    const result = resultOf(shrinkDir);
    const model = new ProgressModel(history.budget);
    model.add(history.events, 0, false);
    const groups = model.groups();
    assert.equal(groups.length, result.history.length);
    let previous = 0;
    result.history.forEach((h: { iteration: number; sampleMean: number; sampleBest: number; queries: number }, i: number) => {
        const metrics = groups[i].metrics;
        assert.equal(metrics.length, h.queries - previous, `iteration ${h.iteration}: its own evaluations`);
        previous = h.queries;
        assert.equal(Math.max(...metrics), h.sampleBest, `iteration ${h.iteration} best`);
        // The sample mean is over the iteration's whole sample, which may hold architectures an earlier iteration
        // evaluated (a repeat sends no event), so the new evaluations' mean is only close to it.
        assert.ok(Math.abs(metrics.reduce((a, b) => a + b, 0) / metrics.length - h.sampleMean) < 5, `iteration ${h.iteration} mean`);
    });
    assert.equal(model.best, result.best.metric);
    assert.equal(model.failed, 0);
    assert.equal(model.queries().done, result.queries);
});

test('a finished search reads back with its budget, and its best-so-far ends at the best it reports', () => {
    const history = readRunHistory(searchDir)!;
    const result = resultOf(searchDir);
    assert.equal(history.command, 'search');
    assert.equal(history.budget, result.budget);
    const model = new ProgressModel(history.budget);
    model.add(history.events, 0, false);
    assert.deepEqual(model.queries(), { done: result.queries + result.shrinkQueries, total: result.budget });
    assert.equal(model.bestSoFar[model.bestSoFar.length - 1][1], result.best.metric);
    // Non-decreasing: it is a running maximum.
    for (let i = 1; i < model.bestSoFar.length; i++) assert.ok(model.bestSoFar[i][1] >= model.bestSoFar[i - 1][1]);
});

test('a run cut mid-write (torn last journal line, no result.json) reads as unfinished with a warning, not an error', () => {
    const dir = join(work, 'torn');
    cpSync(shrinkDir, dir, { recursive: true });
    rmSync(join(dir, 'result.json'));
    appendFileSync(join(dir, 'journal.jsonl'), '{"type":"eval","key":"1,2');
    const history = readRunHistory(dir)!;
    assert.equal(history.finished, false);
    assert.ok(history.events.some((e) => e.event === 'log' && e.level === 'warn' && /1 journal line/.test(e.message)));
    assert.equal(history.events.filter((e) => e.event === 'evaluation').length, resultOf(shrinkDir).queries);
    assert.ok(!history.events.some((e) => e.event === 'done' && e.best), 'no best without a result');
});

test('run directories are found and told apart (finished runs; not a run)', () => {
    const listed = scanRuns(work).entries.map((i) => `${i.kind} ${i.state}`);
    assert.ok(listed.includes('search finished'));
    assert.ok(listed.includes('shrink finished'));
    assert.equal(readRunDir(root), undefined);
    assert.equal(readRunHistory(root), undefined);
});
