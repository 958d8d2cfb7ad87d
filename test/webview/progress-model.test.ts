// The progress panel's fold of run events (webview/progress-model.ts) on live batches: rates, ETA, failures, the
// open iteration while a policy runs, a study's cells; and which view `Open Run…` picks (client/panels/run-dirs.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../protocol/run-events.js';
import { ProgressModel } from '../../webview/progress-model.js';
import { viewFor } from '../../client/panels/run-dirs.js';

const evaluation = (metric?: number): RunEvent => (metric === undefined ? { event: 'evaluation', key: 'k', cached: false, error: 'timeout' } : { event: 'evaluation', key: 'k', metric, cached: false });

test('live: evaluations per second over the recent window, ETA from the budget, failures counted', () => {
    const model = new ProgressModel(100);
    model.add([{ event: 'start', command: 'search', name: 'RS', seed: 1, journaled: 0 }], 0, true);
    // 10 evaluations per second for 4 s, one in five failing.
    for (let i = 1; i <= 40; i++) model.add([evaluation(i % 5 === 0 ? undefined : 80 + i / 10)], i * 100, true);
    assert.equal(model.evaluations, 40);
    assert.equal(model.failed, 8);
    const rate = model.rate(4000, true)!;
    assert.ok(Math.abs(rate - 10.26) < 0.1, `rate ${rate}`); // 40 arrivals over 3.9 s
    const eta = model.eta(rate)!;
    assert.ok(Math.abs(eta - 60 / rate) < 1e-9, 'ETA: the 60 queries left at that rate');
    assert.deepEqual(model.queries(), { done: 40, total: 100 });
    assert.equal(model.best, 83.9);
    assert.equal(model.bestSoFar.length, 32, 'one best-so-far point per successful evaluation');
    model.add([{ event: 'done', files: [], evaluated: 40, reused: 0, stopReason: 'cancelled' }], 4100, true);
    assert.equal(model.eta(rate), undefined, 'no ETA once done');
    assert.match(model.logs[model.logs.length - 1].message, /stopped: cancelled/);
});

test('finished: the rate is over the whole run; without times there is none', () => {
    const model = new ProgressModel();
    for (let i = 0; i < 50; i++) model.add([evaluation(90)], 0, false);
    assert.equal(model.rate(0, false, 1000, 6000), 10);
    assert.equal(model.rate(0, false), undefined);
    assert.equal(model.eta(10), undefined, 'no total, no ETA');
});

test('while a policy runs its evaluations form one open group; the iteration events split them by their queries', () => {
    const model = new ProgressModel();
    model.add([{ event: 'start', command: 'shrink', name: 'L', seed: 1, journaled: 0 }], 0, true);
    for (let i = 0; i < 7; i++) model.add([evaluation(i)], 0, true);
    assert.deepEqual(model.groups().map((g) => [g.iteration, g.metrics.length]), [[1, 7]]);
    model.add(
        [
            { event: 'iteration', name: 'L', iteration: 1, sampleMean: 2, sampleBest: 4, sizeLog10: 4, queries: 5 },
            { event: 'iteration', name: 'L', iteration: 2, sampleMean: 5.5, sampleBest: 6, sizeLog10: 2, queries: 7 },
        ],
        0,
        true,
    );
    assert.deepEqual(model.groups().map((g) => [g.iteration, g.metrics]), [[1, [0, 1, 2, 3, 4]], [2, [5, 6]]]);
    model.add([evaluation(9)], 0, true);
    assert.deepEqual(model.groups().map((g) => g.metrics.length), [5, 2, 1], 'the next iteration opens');
});

test('a study counts cells from its progress events', () => {
    const model = new ProgressModel();
    model.add([{ event: 'start', command: 'study', name: 's', seed: 0, journaled: 0 }], 0, true);
    for (let done = 1; done <= 3; done++) model.add([{ event: 'progress', phase: 'study', done, total: 9 }], done * 1000, true);
    assert.deepEqual(model.queries(), { done: 3, total: 9 });
    assert.ok(model.rate(3000, true)! > 0);
});

test('Open Run… picks progress while running or unfinished, pockets for a finished run, the study view for a finished study', () => {
    const run = { kind: 'shrink' as const, state: 'finished' as const };
    const study = { kind: 'study' as const, state: 'finished' as const };
    assert.equal(viewFor(run), 'pockets');
    assert.equal(viewFor({ ...run, state: 'interrupted' }), 'progress');
    assert.equal(viewFor({ ...run, state: 'failed' }), 'progress', 'a failed run has no pockets to show');
    assert.equal(viewFor({ ...run, state: 'finished' }, 'interrupted'), 'pockets');
    assert.equal(viewFor(run, 'starting'), 'progress', 'a finished run resumed, before its process takes the lock');
    // Finished in its directory (lock released) while the manager has not seen the process exit yet: a study that
    // finished under load opened its progress instead of its comparison view in the real-editor test.
    assert.equal(viewFor(run, 'running'), 'pockets');
    assert.equal(viewFor(study, 'running'), 'study');
    assert.equal(viewFor(study), 'study');
    assert.equal(viewFor({ ...study, state: 'running' }), 'progress');
    assert.equal(viewFor(undefined), 'progress');
});
