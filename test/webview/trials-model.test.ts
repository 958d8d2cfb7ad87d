// The progress panel's Trials section folded from `trial` run events (webview/trials-model.ts): rows with status,
// last values and elapsed time, the points of each field over steps, the fields offered in the chart's select.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent, TrialEvent } from '../../protocol/run-events.js';
import { shortArch, TrialsModel, wholeSteps } from '../../webview/trials-model.js';

const trial = (id: string, status: TrialEvent['status'], elapsed: number, more: Partial<TrialEvent> = {}): RunEvent => ({ event: 'trial', id, arch: `|nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|${id}~1|`, status, elapsed, ...more });
const point = (step: number, accuracy: number, loss: number) => ({ step, values: { epoch: step, accuracy, loss } });

test('trial events become rows: running first, last values and step, curves per field; other events are ignored', () => {
    const model = new TrialsModel();
    model.add([{ event: 'evaluation', key: 'k', metric: 1, cached: false }, trial('a', 'running', 0), trial('b', 'running', 0)], 1000);
    model.add([trial('a', 'running', 1.5, { progress: { epoch: 2, accuracy: 60, loss: 1.2 }, step: 2, points: [point(1, 40, 2), point(2, 60, 1.2)] })], 2500);
    model.add([trial('a', 'done', 2, { progress: { epoch: 3, accuracy: 70, loss: 0.9 }, step: 3, points: [point(3, 70, 0.9)] }), trial('b', 'running', 2.1, { progress: { epoch: 1, accuracy: 30, loss: 2.2 }, step: 1, points: [point(1, 30, 2.2)] })], 3000);
    model.add([trial('c', 'failed', 0.2, { error: 'command exited with 1' })], 3100);
    assert.deepEqual(model.list().map((r) => [r.id, r.status]), [['b', 'running'], ['a', 'done'], ['c', 'failed']]);
    const a = model.rows.get('a')!;
    assert.deepEqual(a.last, { epoch: 3, accuracy: 70, loss: 0.9 });
    assert.equal(a.step, 3);
    assert.deepEqual(a.series.get('accuracy'), [[1, 40], [2, 60], [3, 70]]);
    assert.deepEqual(a.series.get('loss'), [[1, 2], [2, 1.2], [3, 0.9]]);
    assert.equal(model.rows.get('c')!.error, 'command exited with 1');
    assert.deepEqual(model.counts(), { running: 1, done: 1, failed: 1, cancelled: 0 });
    assert.deepEqual(model.fields(), ['accuracy', 'loss', 'epoch'], 'accuracy and loss first, the epoch counter last');
    // A running trial's time grows while the run is live; a finished one's is what the engine measured.
    assert.equal(model.elapsed(model.rows.get('b')!, 5000, true), 4.1);
    assert.equal(model.elapsed(model.rows.get('b')!, 5000, false), 2.1);
    assert.equal(model.elapsed(a, 5000, true), 2);
});

test('a long curve is thinned, not cut: the first and recent steps stay', () => {
    const model = new TrialsModel();
    for (let s = 1; s <= 5000; s++) model.add([trial('a', 'running', s, { points: [{ step: s, values: { loss: 1 / s } }] })], s);
    const series = model.rows.get('a')!.series.get('loss')!;
    assert.ok(series.length <= 2000 && series.length >= 1000, `${series.length} points`);
    assert.equal(series[0][0], 1);
    assert.ok(series[series.length - 1][0] > 4990, 'the recent steps are there');
});

test('long architecture strings are shortened for the table', () => {
    assert.equal(shortArch('|a~0|'), '|a~0|');
    const long = shortArch('|nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|none~1|none~2|');
    assert.equal(long.length, 36);
    assert.ok(long.endsWith('…'));
});

test('whole-number steps (epochs) are told apart from fractional ones, for the chart\'s step ticks', () => {
    const model = new TrialsModel();
    model.add([trial('a', 'running', 1, { progress: { accuracy: 60 }, step: 2, points: [point(1, 40, 2), point(2, 60, 1.2)] })], 1000);
    assert.equal(wholeSteps(model.list(), 'accuracy'), true);
    model.add([trial('a', 'running', 2, { progress: { accuracy: 65 }, step: 2.5, points: [point(2.5, 65, 1)] })], 2000);
    assert.equal(wholeSteps(model.list(), 'accuracy'), false);
});
