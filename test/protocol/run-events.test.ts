import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRunEvent, parseRunEvent, RUN_EVENT_NAMES, runEventProblem, validateRunEvent, type RunEvent } from '../../protocol/run-events.js';

const valid: RunEvent[] = [
    { event: 'start', command: 'shrink', runDir: '/tmp/r', name: 'Lissnas', seed: 42, journaled: 0 },
    { event: 'progress', phase: 'shrink Lissnas', done: 10, total: 100, best: 91.2 },
    { event: 'progress', phase: 'study', done: 3 },
    { event: 'iteration', name: 'Lissnas', iteration: 2, sampleMean: 88.1, sampleBest: 91.0, sizeLog10: 2.39, queries: 96 },
    { event: 'evaluation', key: '1,2,3,0,0,4', metric: 90.1, report: 93.2, cost: 0, cached: false },
    { event: 'evaluation', key: 'x', metric: 0, cached: true, error: 'no row' },
    { event: 'trial', id: 't-0123456789ab', arch: '|a~0|', status: 'running', elapsed: 0 },
    { event: 'trial', id: 't-0123456789ab', arch: '|a~0|', status: 'running', elapsed: 3.2, progress: { epoch: 2, loss: 0.4, accuracy: 81.5 }, step: 2, points: [{ step: 1, values: { epoch: 1, loss: 0.9 } }, { step: 2, values: { epoch: 2, loss: 0.4, accuracy: 81.5 } }] },
    { event: 'trial', id: 't-0123456789ab', arch: '|a~0|', status: 'failed', elapsed: 4, error: 'command exited with 1' },
    { event: 'log', level: 'warn', message: 'engine changed' },
    { event: 'done', runDir: '/tmp/r', files: ['/tmp/r/result.json'], evaluated: 143, reused: 0, best: { arch: '|a~0|', metric: 91.2, report: 94.1 } },
    { event: 'error', message: 'boom' },
];

describe('run events', () => {
    test('every event type round-trips through one line', () => {
        assert.deepEqual([...new Set(valid.map((e) => e.event))].sort(), [...RUN_EVENT_NAMES].sort());
        for (const e of valid) {
            const line = formatRunEvent(e);
            assert.ok(!line.includes('\n'));
            assert.deepEqual(parseRunEvent(line), e);
        }
    });

    test('rejects malformed lines and events', () => {
        assert.equal(parseRunEvent(''), undefined);
        assert.equal(parseRunEvent('not json'), undefined);
        assert.equal(parseRunEvent('{"event":"start"'), undefined);
        assert.equal(parseRunEvent('[1,2]'), undefined);
        assert.equal(parseRunEvent('{"event":"nope"}'), undefined);
        assert.equal(parseRunEvent('{"event":"progress","phase":"x"}'), undefined, 'missing done');
        assert.equal(parseRunEvent('{"event":"progress","phase":"x","done":-1}'), undefined, 'negative count');
        assert.equal(parseRunEvent('{"event":"progress","phase":"x","done":1.5}'), undefined, 'fractional count');
        assert.equal(parseRunEvent('{"event":"log","level":"loud","message":"m"}'), undefined, 'unknown level');
        assert.equal(parseRunEvent('{"event":"evaluation","key":"k","metric":"90","cached":false}'), undefined, 'string metric');
        assert.equal(parseRunEvent('{"event":"done","files":"a","evaluated":1,"reused":0}'), undefined, 'files not a list');
        assert.equal(parseRunEvent('{"event":"done","files":[],"evaluated":1,"reused":0,"best":{"arch":1}}'), undefined, 'bad best');
        assert.equal(parseRunEvent('{"event":"trial","id":"t","arch":"a","status":"paused","elapsed":1}'), undefined, 'unknown trial status');
        assert.equal(parseRunEvent('{"event":"trial","id":"t","arch":"a","status":"running","elapsed":1,"progress":{"loss":"low"}}'), undefined, 'a progress value that is not a number');
        assert.equal(parseRunEvent('{"event":"trial","id":"t","arch":"a","status":"running","elapsed":1,"points":[{"values":{}}]}'), undefined, 'a point without its step');
        assert.equal(validateRunEvent(null), undefined);
    });

    test('the problem of a malformed event is located by event and field', () => {
        assert.equal(runEventProblem({ event: 'done', files: ['a', 3], evaluated: 1, reused: 0 }), 'done event.files[1]: expected a string, got an integer');
        assert.equal(runEventProblem({ event: 'done', files: [], evaluated: 1, reused: 0, stopReason: 'bored' }), `done event.stopReason: expected one of budget, exhausted, stalled, plateau, max_iterations, complete, cancelled, got a string`);
        assert.equal(runEventProblem({ event: 'nope' }), 'event.event: expected one of start, progress, iteration, evaluation, trial, log, done, error');
        assert.equal(runEventProblem([]), 'event: expected an object');
        assert.equal(runEventProblem({ event: 'trial', id: 't', arch: 'a', status: 'done', elapsed: 1, points: [{ step: 1, values: { loss: null } }] }), 'trial event.points[0].values.loss: expected a number, got null');
        for (const e of valid) assert.equal(runEventProblem(e), undefined);
    });

    test('extra fields are allowed (forward compatibility)', () => {
        const e = parseRunEvent('{"event":"error","message":"m","code":7}');
        assert.equal(e?.event, 'error');
    });
});
