import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { resolveBackend } from '../../../engine/evaluate/neural/backend.js';
import type { ProxyRequest, WorkerMessage } from '../../../protocol/neural-worker.js';
import { fashionIndices } from '../../../workers/tfjs/proxies.js';
import { bundledTfjsWorker } from '../../cli-bundle.js';
import { NB201_WIRE_CELL, ROOT, TINY_NETWORK, torchOrReason } from './torch-env.js';

/**
 * `data fashion_mnist` (docs/proxies.md "Inputs"): the data proxies on Fashion-MNIST training images instead of
 * random ones, the same images in both workers. Checked: both workers pick the same indices; on the same
 * (constant) weights both compute grad_norm, snip and naswot from the same images and labels (so the same
 * values, up to float32), which differ from the random inputs' values; deterministic for a seed, another seed
 * draws other images; a missing data folder is this network's failure naming the install, the worker serving on.
 */
bundledTfjsWorker();
const torch = torchOrReason();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || !!process.env.LISSNAS_FASHION_MNIST;
const skip = typeof torch === 'string' ? `torch back-end absent (${torch})` : !fashion ? 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)' : false;
if (skip) console.log(`# skipped: ${skip}`);
const CELL = [3, 1, 3, 4, 2, 1];

describe('proxies on Fashion-MNIST inputs', { skip }, () => {
    const workers: Record<'torch' | 'wasm', WorkerProcess> = {} as never;
    const empty = mkdtempSync(join(tmpdir(), 'lissnas-no-data-'));
    before(async () => {
        workers.torch = await WorkerProcess.start(torch as Exclude<typeof torch, string>);
        workers.wasm = await WorkerProcess.start(resolveBackend('wasm'));
    });
    after(() => {
        Object.values(workers).forEach((w) => w.close());
        rmSync(empty, { recursive: true, force: true });
    });

    const ask = async (w: 'torch' | 'wasm', proxy: string, extra: Partial<ProxyRequest> = {}): Promise<WorkerMessage> =>
        workers[w].request({ type: 'proxy', network: TINY_NETWORK, cell: NB201_WIRE_CELL, genotype: CELL, proxy, batch: 16, seed: 5, device: 'cpu', ...extra });
    const value = async (w: 'torch' | 'wasm', proxy: string, extra: Partial<ProxyRequest> = {}): Promise<number> => {
        const m = await ask(w, proxy, extra);
        assert.equal(m.type, 'result', `${w} ${proxy}: ${JSON.stringify(m)}`);
        return (m as { value: number }).value;
    };

    test("both workers draw the same images (Python's fashion_indices = fashionIndices)", () => {
        const py = spawnSync((torch as { python: string }).python, ['-c', 'import sys, json; sys.path.insert(0, sys.argv[1]); import proxies; print(json.dumps([proxies.fashion_indices(60000, 64, s) for s in (0, 5, 123456)]))', join(ROOT, 'workers', 'torch')], { encoding: 'utf8' });
        assert.equal(py.status, 0, py.stderr);
        const ts = [0, 5, 123456].map((s) => fashionIndices(60000, 64, s));
        assert.deepEqual(JSON.parse(py.stdout), ts);
        assert.equal(new Set(ts[1]).size, 64, 'distinct images');
    });

    test('on the same constant weights, both workers compute the same values from the same images; not the random inputs\' values', async () => {
        for (const proxy of ['grad_norm', 'snip', 'naswot']) {
            const data = { data: 'fashion_mnist' as const, init: 'constant' as const };
            const [t, w] = [await value('torch', proxy, data), await value('wasm', proxy, data)];
            assert.ok(Math.abs(t - w) <= 1e-3 * Math.abs(t), `${proxy}: torch ${t}, wasm ${w}`);
            const random = await value('torch', proxy, { init: 'constant' });
            assert.ok(Math.abs(random - t) > 1e-3 * Math.abs(t), `${proxy}: Fashion-MNIST ${t} vs random ${random}`);
        }
    });

    test('deterministic for a seed; another seed draws other images', async () => {
        for (const w of ['torch', 'wasm'] as const) {
            const a = await value(w, 'grad_norm', { data: 'fashion_mnist' });
            assert.equal(await value(w, 'grad_norm', { data: 'fashion_mnist' }), a, w);
            assert.notEqual(await value(w, 'grad_norm', { data: 'fashion_mnist', seed: 6 }), a, w);
        }
    });

    test('a folder without the data: a failure naming the install; the worker serves the next request', async () => {
        for (const w of ['torch', 'wasm'] as const) {
            const m = await ask(w, 'naswot', { data: 'fashion_mnist', dataDir: empty });
            assert.equal(m.type, 'failed', w);
            assert.match((m as { message: string }).message, /Fashion-MNIST not found .*apt-get install dataset-fashion-mnist/, w);
            assert.ok(Number.isFinite(await value(w, 'naswot')), `${w} serves on`);
        }
    });
});
