import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { resolveBackend } from '../../../engine/evaluate/neural/backend.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import type { EpochRecord, TrainSettings, WireNetwork, WorkerMessage } from '../../../protocol/neural-worker.js';
import { DatasetMissing, locate, readIdx } from '../../../workers/tfjs/fashion-mnist.js';
import { formatG } from '../../../workers/tfjs/training.js';
import { bundledTfjsWorker, ROOT, skipWithoutWebgpu } from '../../cli-bundle.js';
import { NB201_WIRE_CELL } from './torch-env.js';

/**
 * train(fashion_mnist) on the tfjs worker (workers/tfjs/training.ts): on wasm, epoch lines then the result, the
 * same seed giving the same accuracy, a NaN loss a `failed` answer after which the worker keeps serving, a
 * missing or corrupt data set a clear failure; micro-batches' gradient accumulation against gradients computed by
 * hand (tfjs's CPU back-end); webgpu's training against wasm's when webgpu starts here. Small networks and subsets
 * keep each training to a few seconds. The CLI runs (journal, result.json, auto without torch) are in
 * test/cli/neural-run.test.ts.
 */
bundledTfjsWorker();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)';
const NET: WireNetwork = { stem: 8, stages: [8, 16, 32], cellsPerStage: 1, reduction: 'resnet', classes: 10, inputSize: 32, inputChannels: 3 };
const CELL = [3, 3, 3, 1, 3, 3];
const SETTINGS: TrainSettings = { epochs: 2, batch: 25, lr: 0.1, subset: 100, validation: 100, test: 100, seed: 0 };
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-tfjs-train-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface Trained {
    answer: WorkerMessage;
    epochLines: EpochRecord[];
}
async function trainOn(w: WorkerProcess, settings: Partial<TrainSettings> = {}, genotype = CELL): Promise<Trained> {
    const epochLines: EpochRecord[] = [];
    const answer = await w.request({ type: 'train', network: NET, cell: NB201_WIRE_CELL, genotype, device: 'cpu', settings: { ...SETTINGS, ...settings } }, (m) => {
        if (m.type === 'epoch') epochLines.push(m.record);
    });
    return { answer, epochLines };
}
const result = (t: Trained) => (t.answer.type === 'result' ? t.answer : assert.fail(JSON.stringify(t.answer)));
const failure = (t: Trained) => (t.answer.type === 'failed' ? t.answer.message : assert.fail(`expected a failure: ${JSON.stringify(t.answer)}`));
/** What must repeat for a seed: every number but the seconds. */
const numbers = (t: Trained) => {
    const r = result(t);
    return { value: r.value, report: r.report, epochs: r.epochs?.map(({ epoch, loss, validation }) => ({ epoch, loss, validation })) };
};

/** IDX bytes: magic 0x0800 + dims, the dimensions, the payload. */
function idx(shape: number[], payload: Uint8Array, magic = 0x0800 + shape.length): Uint8Array {
    const header = Buffer.alloc(4 + 4 * shape.length);
    header.writeUInt32BE(magic, 0);
    shape.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
    return Buffer.concat([header, payload]);
}
/** A data folder of the four files (gzip), valid unless `trainImages` replaces the training images. */
function dataDir(name: string, trainImages?: Uint8Array): string {
    const dir = join(tmp, name);
    mkdirSync(dir);
    const images = idx([2, 28, 28], new Uint8Array(2 * 784));
    const labels = idx([2], new Uint8Array([1, 2]));
    const files = { 'train-images-idx3-ubyte': trainImages ?? images, 'train-labels-idx1-ubyte': labels, 't10k-images-idx3-ubyte': images, 't10k-labels-idx1-ubyte': labels };
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, `${file}.gz`), gzipSync(bytes));
    return dir;
}

describe('Fashion-MNIST files (workers/tfjs/fashion-mnist.ts)', () => {
    test('an IDX file is read after its magic number, dimensions and length are checked', () => {
        const read = readIdx(idx([2, 2], new Uint8Array([1, 2, 3, 4])), 2, 'f');
        assert.deepEqual({ shape: read.shape, data: [...read.data] }, { shape: [2, 2], data: [1, 2, 3, 4] });
        assert.throws(() => readIdx(idx([4], new Uint8Array(4)), 3, 'f'), /f is not a valid IDX file \(magic number 0x00000801, expected 0x00000803\)/);
        assert.throws(() => readIdx(idx([2, 28, 28], new Uint8Array(100)), 3, 'f'), /f is not a valid IDX file \(100 bytes of data for a shape of 2 x 28 x 28 \(1568\)\)/);
        assert.throws(() => readIdx(idx([2, 28], new Uint8Array(0)).subarray(0, 10), 3, 'f'), /magic number 0x00000802/);
        assert.throws(() => readIdx(idx([2, 28, 28], new Uint8Array(0)).subarray(0, 10), 3, 'f'), /10 bytes, shorter than its header/);
        assert.throws(() => readIdx(idx([2], new Uint8Array(2), 0x0d01), 1, 'f'), /magic number 0x00000d01/, 'floats are not bytes');
    });

    test('the folder: the one given, else LISSNAS_FASHION_MNIST, else Debian\'s; missing, the install message', () => {
        const given = dataDir('located');
        assert.equal(locate(given, {}), given);
        assert.equal(locate(undefined, { LISSNAS_FASHION_MNIST: given }), given);
        assert.throws(
            () => locate(join(tmp, 'nowhere'), {}),
            (e: Error) => e instanceof DatasetMissing && e.message === `Fashion-MNIST not found (looked in ${join(tmp, 'nowhere')}): install it with \`apt-get install dataset-fashion-mnist\` (IDX files under /usr/share/datasets/fashion-mnist/), or set LISSNAS_FASHION_MNIST to a folder holding the four IDX files`,
        );
    });

    test("the learning rate in the NaN message is written as Python's %g writes it", () => {
        assert.deepEqual([1e12, 0.1, 0.05, 1e-5, 100, 123456789, NaN, Infinity, -Infinity].map(formatG), ['1e+12', '0.1', '0.05', '1e-05', '100', '1.23457e+08', 'nan', 'inf', '-inf']);
    });
});

test('micro-batches: accumulated gradients equal the full batch\'s without batch norm, and the mean of the chunks\' own with it (ghost batch norm); a step leaks no tensor', () => {
    const out = join(tmp, 'micro-batch-probe.cjs');
    buildSync({ absWorkingDir: ROOT, entryPoints: [join(ROOT, 'test', 'fixtures', 'neural', 'training-micro-batch-probe.ts')], outfile: out, bundle: true, format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' });
    const r = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout.trim().split('\n').pop()!) as { withGradient: number; noBn: { four: number; three: number; loss: number[] }; bn: { hand: number; full: number; loss: number[] }; alive: number[] };
    assert.ok(p.withGradient >= 10, `${p.withGradient} weights with a gradient`);
    // float32 sums in another order: measured 4e-8 and 5e-8; a chunk's loss not divided by the whole batch is off by 2x.
    assert.ok(p.noBn.four < 1e-5 && p.noBn.three < 1e-5, JSON.stringify(p.noBn));
    assert.ok(Math.abs(p.noBn.loss[1] - p.noBn.loss[0]) < 1e-5 && Math.abs(p.noBn.loss[2] - p.noBn.loss[0]) < 1e-5, JSON.stringify(p.noBn.loss));
    assert.ok(p.bn.hand < 1e-5, `against the two halves by hand: ${p.bn.hand}`);
    assert.ok(Math.abs(p.bn.loss[1] - p.bn.loss[0]) < 1e-5, JSON.stringify(p.bn.loss));
    // Batch statistics of 4 images are not those of 8 (measured: 0.48 apart): the chunks did see their own.
    assert.ok(p.bn.full > 1e-2, `ghost batch norm differs from the full batch's: ${p.bn.full}`);
    // The first step creates the momentum buffers; after it, a step frees all it makes.
    assert.equal(p.alive[2], p.alive[1], `tensors alive after each step: ${p.alive}`);
});

test("the bench step (npm run bench:neural) runs training's step on random inputs, in micro-batches when asked", async () => {
    const w = await WorkerProcess.start(resolveBackend('wasm'));
    try {
        for (const microBatch of [undefined, 4, 4]) {
            const m = await w.request({ type: 'bench', network: NET, cell: NB201_WIRE_CELL, genotype: CELL, mode: 'step', batch: 8, ...(microBatch ? { microBatch } : {}), device: 'cpu' });
            assert.ok(m.type === 'result' && m.value > 0, JSON.stringify(m));
        }
        const bad = await w.request({ type: 'bench', network: NET, cell: NB201_WIRE_CELL, genotype: CELL, mode: 'step', batch: 8, microBatch: 0, device: 'cpu' });
        assert.ok(bad.type === 'failed' && bad.bad, JSON.stringify(bad));
    } finally {
        w.close();
    }
});

describe('train(fashion_mnist) on the wasm worker', { skip: fashion }, () => {
    let wasm: WorkerProcess;
    before(async () => {
        wasm = await WorkerProcess.start(resolveBackend('wasm', process.env, { train: true }));
    });
    after(() => wasm?.close());

    test('an epoch line as each epoch ends, then the result: validation accuracy (the metric), test accuracy (the report), the epochs', async () => {
        const t = await trainOn(wasm);
        const r = result(t);
        assert.deepEqual(t.epochLines, r.epochs, 'the epoch lines are the records of the result');
        assert.deepEqual(r.epochs?.map((e) => e.epoch), [1, 2]);
        assert.equal(r.value, r.epochs![1].validation);
        for (const e of r.epochs!) assert.ok(Number.isFinite(e.loss) && e.loss > 0 && e.loss < 5 && e.seconds > 0 && e.validation >= 0 && e.validation <= 100, JSON.stringify(e));
        assert.ok(r.report! >= 0 && r.report! <= 100);
        // Validation images are 100 here: an accuracy is a whole percent.
        assert.ok(r.epochs!.every((e) => Number.isInteger(e.validation)), JSON.stringify(r.epochs));
    });

    test('the same seed gives the same accuracy and losses; another seed draws another split and weights', async () => {
        const a = numbers(await trainOn(wasm));
        assert.deepEqual(numbers(await trainOn(wasm)), a);
        assert.notDeepEqual(numbers(await trainOn(wasm, { seed: 1 })).epochs, a.epochs);
    });

    test('micro_batch: a step in chunks trains too (ghost batch norm: close to, not equal to, the full batch)', async () => {
        const full = numbers(await trainOn(wasm, { epochs: 1 }));
        const whole = numbers(await trainOn(wasm, { epochs: 1, microBatch: 25 }));
        assert.deepEqual(whole, full, 'micro_batch equal to the batch is the full batch');
        const chunked = numbers(await trainOn(wasm, { epochs: 1, microBatch: 5 }));
        const [l, m] = [full.epochs![0].loss, chunked.epochs![0].loss];
        assert.notEqual(m, l);
        assert.ok(Math.abs(m - l) / l < 0.1, `first-epoch loss ${m} in chunks of 5, ${l} whole`);
    });

    test('a NaN loss (lr 1e12) is a failed answer saying so, and the worker keeps serving', async () => {
        const message = failure(await trainOn(wasm, { lr: 1e12, batch: 10, subset: 200, epochs: 1 }));
        assert.match(message, /^loss became (nan|inf|-inf) at epoch 1 \(learning rate 1e\+12 too high\?\)$/);
        assert.ok(Number.isFinite(result(await trainOn(wasm, { epochs: 1 })).value));
    });

    test('the data set missing, corrupt, or too small for the split: failed answers saying why', async () => {
        assert.match(failure(await trainOn(wasm, { dataDir: join(tmp, 'empty') })), /^Fashion-MNIST not found \(looked in .*empty\): install it with `apt-get install dataset-fashion-mnist`/);
        assert.match(failure(await trainOn(wasm, { dataDir: dataDir('bad-magic', idx([2, 28, 28], new Uint8Array(2 * 784), 0x0801)) })), /train-images-idx3-ubyte\.gz is not a valid IDX file \(magic number 0x00000801, expected 0x00000803\)/);
        assert.match(failure(await trainOn(wasm, { dataDir: dataDir('truncated', idx([2, 28, 28], new Uint8Array(700))) })), /is not a valid IDX file \(700 bytes of data for a shape of 2 x 28 x 28 \(1568\)\)/);
        assert.equal(failure(await trainOn(wasm, { dataDir: dataDir('tiny') })), 'subset 100 + validation 100 exceed the 2 training images');
        assert.ok(Number.isFinite(result(await trainOn(wasm, { epochs: 1 })).value), 'the worker keeps serving');
    });
});

describe('train(fashion_mnist) on webgpu', { skip: fashion || skipWithoutWebgpu() }, () => {
    test("webgpu trains the same seeded network as wasm: first-epoch loss within 0.1%, accuracy within 10 points", async () => {
        const [gpu, wasm] = await Promise.all([WorkerProcess.start(resolveBackend('webgpu', process.env, { train: true })), WorkerProcess.start(resolveBackend('wasm'))]);
        try {
            const settings = { epochs: 1, subset: 50, validation: 50, test: 50 };
            const a = numbers(await trainOn(gpu, settings));
            const b = numbers(await trainOn(wasm, settings));
            // The same weights (tfjs's seeded generator runs on the CPU for both), split and order; float32 sums in
            // another order, through two steps of training (measured on Mesa's llvmpipe: 2e-5 apart, relative).
            assert.ok(Math.abs(a.epochs![0].loss - b.epochs![0].loss) / b.epochs![0].loss < 1e-3, `webgpu ${a.epochs![0].loss}, wasm ${b.epochs![0].loss}`);
            assert.ok(Math.abs(a.value - b.value) <= 10, `validation: webgpu ${a.value}, wasm ${b.value}`);
        } finally {
            gpu.close();
            wasm.close();
        }
    });
});
