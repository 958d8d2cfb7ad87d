import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isAbsentMessage, isReadyMessage, isWorkerMessage, isWorkerRequest } from '../../protocol/neural-worker.js';
import { WorkerProcess, WorkerGone } from '../../engine/evaluate/neural/worker-process.js';
import { FIXTURES } from '../engine/neural/torch-env.js';

/**
 * The torch worker's messages (protocol/neural-worker.ts) are checked when read: the shapes the worker sends pass,
 * anything else is refused with a located reason, and a worker that sends a malformed line fails the request in
 * flight (a recorded failed evaluation upstream), never a wrong number. No torch needed.
 */
test('well-formed worker messages pass; malformed ones are refused with where the problem is', () => {
    const ready = { type: 'ready', protocol: 1, python: '/usr/bin/python3', torch: '1.13.1', cuda: false, device: 'cpu', threads: 1 };
    assert.ok(isReadyMessage.is(ready) && isWorkerMessage.is(ready));
    assert.ok(isWorkerMessage.is({ type: 'result', id: 3, value: 1.5, seconds: 0.2 }));
    assert.ok(isWorkerMessage.is({ type: 'result', id: 3, value: 71.5, report: 70.1, epochs: [{ epoch: 1, loss: 0.9, validation: 71.5, seconds: 3 }], seconds: 3 }));
    assert.ok(isWorkerMessage.is({ type: 'epoch', id: 3, record: { epoch: 2, loss: 0.5, validation: 80, seconds: 2.5 } }));
    assert.ok(isWorkerMessage.is({ type: 'failed', id: null, message: 'bad request: id', bad: true }));
    assert.ok(isWorkerMessage.is({ type: 'counted', id: 1, params: [129306, 1288506], seconds: 0.1 }));
    assert.ok(isAbsentMessage.is({ type: 'absent', python: 'python3', message: 'No module named torch' }));
    assert.equal(isWorkerMessage.problem({ type: 'result', id: 1, value: '0.5', seconds: 0 }), 'message.value: expected a number, got a string');
    assert.equal(isWorkerMessage.problem({ type: 'result', id: 1, value: NaN, seconds: 0 }), 'message.value: expected a number, got NaN');
    assert.equal(isWorkerMessage.problem({ type: 'epoch', id: 1, record: { epoch: 1, loss: 1, seconds: 1 } }), 'message.record.validation: expected a number, got nothing');
    assert.match(isWorkerMessage.problem({ type: 'print', text: 'hello' }) ?? '', /message\.type: expected one of ready, counted, epoch, result, failed/);
    assert.equal(isReadyMessage.problem({ ...ready, protocol: -1 }), 'message.protocol: expected a non-negative integer, got an integer');
});

test("the wasm worker's ready line and the requests it checks (isWorkerRequest): well-formed pass, others located", () => {
    assert.ok(isReadyMessage.is({ type: 'ready', protocol: 1, python: '', torch: '', engine: 'wasm', tfjs: '4.22.0', node: 'v20.20.2', cuda: false, device: 'cpu', threads: 1 }));
    assert.match(isReadyMessage.problem({ type: 'ready', protocol: 1, python: '', torch: '', engine: 'onnx', cuda: false, device: 'cpu', threads: 1 }) ?? '', /message\.engine: expected one of torch, wasm/);
    const network = { stem: 8, stages: [8, 16], cellsPerStage: 1, reduction: 'resnet', classes: 10, inputSize: 32, inputChannels: 3 };
    const cell = { nodes: 2, edges: [[0, 1]], ops: [{ kind: 'zero' }, { kind: 'relu_conv_bn', kernel: 3 }, { kind: 'pool', kernel: 3, mode: 'avg' }] };
    const proxy = { type: 'proxy', id: 4, network, cell, genotype: [1], proxy: 'synflow', batch: 8, seed: 0, device: 'cpu' };
    assert.ok(isWorkerRequest.is(proxy) && isWorkerRequest.is({ ...proxy, init: 'constant' }));
    assert.ok(isWorkerRequest.is({ type: 'count', id: 1, network, cell, genotypes: [[0], [1]] }));
    assert.equal(isWorkerRequest.problem({ ...proxy, init: 'ones' }), 'request.init: expected one of seeded, constant, channels, got a string');
    assert.equal(isWorkerRequest.problem({ ...proxy, proxy: undefined }), 'request.proxy: expected a string, got nothing');
    assert.equal(isWorkerRequest.problem({ ...proxy, cell: { ...cell, ops: [{ kind: 'pool', kernel: 3, mode: 'sum' }] } }), 'request.cell.ops[0].mode: expected one of avg, max, got a string');
    assert.match(isWorkerRequest.problem({ ...proxy, type: 'infer' }) ?? '', /request\.type: expected one of count, proxy, train, bench/);
});

test('a worker sending a malformed answer fails the request with WorkerGone, and is dead afterwards', async () => {
    const script = join(FIXTURES, 'fake-worker.sh');
    const worker = await WorkerProcess.start({ name: 'torch', python: '/bin/sh', script, forceCpu: true, ready: {} as never });
    assert.equal(worker.ready?.torch, 'none');
    const network = { stem: 8, stages: [8], cellsPerStage: 1, reduction: 'resnet' as const, classes: 10, inputSize: 8, inputChannels: 1 };
    const cell = { nodes: 2, edges: [[0, 1]] as Array<[number, number]>, ops: [{ kind: 'identity' as const }] };
    await assert.rejects(worker.request({ type: 'proxy', network, cell, genotype: [0], proxy: 'synflow', batch: 1, seed: 0, device: 'cpu' }), (e: Error) => e instanceof WorkerGone && /malformed message: message\.value: expected a number, got a string/.test(e.message));
    assert.equal(worker.alive, false);
    await assert.rejects(worker.request({ type: 'proxy', network, cell, genotype: [0], proxy: 'synflow', batch: 1, seed: 0, device: 'cpu' }), WorkerGone);
    await worker.exited();
});
