/**
 * The checks of the messages between the server and its size worker (protocol/size-worker.ts): what each side
 * really sends passes (bigints included: structured clone keeps them), and a malformed message from a worker
 * of another build is rejected with the path of the first bad field, never echoing the value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SizeAnswer, SizeJob } from '../../protocol/size-worker.js';
import { answerJob } from '../../server/features/size-answer.js';

const spec = { name: 'S', components: [{ kind: 'cell', name: 'c', nodes: 3, edges: [[0, 1], [0, 2], [1, 2]], ops: [{ name: 'none', args: {} }, { name: 'skip_connect', args: {} }, { name: 'nor_conv_3x3', args: {} }] }], constraints: [] };

test('the jobs the server sends and the answers the worker computes pass their checks', () => {
    const job = { type: 'size', id: 3, what: 'space', spec, estimateMs: 1500 } as const;
    assert.equal(SizeJob.problem(job), undefined);
    const answer = answerJob(job);
    assert.equal(SizeAnswer.problem(answer), undefined);
    assert.deepEqual(answer.type === 'sized' && [answer.size.raw, answer.size.unique], [27n, 9n]);
    const part = answerJob({ ...job, what: 'part' });
    assert.equal(SizeAnswer.problem(part), undefined);
    assert.equal(part.type === 'sized' && part.formula, '3^3 (3 edges, 3 ops)');
    const failed = answerJob({ ...job, spec: { ...spec, components: [{ ...spec.components[0], edges: [[0, 5]] }] } });
    assert.equal(failed.type, 'failed');
    assert.equal(SizeAnswer.problem(failed), undefined);
});

test('malformed messages are rejected with a located problem', () => {
    assert.equal(SizeJob.problem({ type: 'size', id: -1, what: 'space', spec, estimateMs: 1 }), 'job.id: expected a non-negative integer, got an integer');
    assert.equal(SizeJob.problem({ type: 'size', id: 1, what: 'all', spec, estimateMs: 1 }), 'job.what: expected one of space, part, got a string');
    assert.equal(SizeJob.problem({ type: 'size', id: 1, what: 'space', spec: { components: [] }, estimateMs: 1 }), 'job.spec.constraints: expected an array, got nothing');
    const size = { raw: 27n, unique: 9n, exact: true, log10Raw: 1.4, log10Unique: 0.95 };
    assert.equal(SizeAnswer.problem({ type: 'sized', id: 1, size: { ...size, raw: 27 }, uniqueKnown: true }), "answer.size.raw: expected a non-negative bigint or 'continuous'");
    assert.equal(SizeAnswer.problem({ type: 'sized', id: 1, size: { ...size, interval: [1] }, uniqueKnown: true }), 'answer.size.interval: expected [low, high]');
    assert.equal(SizeAnswer.problem({ type: 'done', id: 1 }), 'answer.type: expected one of sized, failed, empty, got a string');
    assert.equal(SizeAnswer.problem({ type: 'failed', id: 1, message: 'x'.repeat(10) + 7 }), undefined);
    assert.equal(SizeAnswer.problem(null), 'answer: expected an object, got null');
});
