import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costOfCell } from '../../../engine/cost/network.js';
import { forgetProbes } from '../../../engine/evaluate/neural/backend.js';
import { NeuralEvaluator, type NeuralTask } from '../../../engine/evaluate/neural/neural-evaluator.js';
import type { NetworkPlan } from '../../../engine/evaluate/neural/network-plan.js';
import { PROXY_NAMES } from '../../../engine/registry/kinds/proxy.js';
import { nb201Space, NB201_CELL_SPEC } from '../../../engine/space/nb201.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { FIXTURES, NB201_WIRE_CELL, skipWithoutTorch, TINY_NETWORK, torchOrReason } from './torch-env.js';

/**
 * The engine's neural evaluator on the real torch worker: every proxy deterministic for a seed across worker
 * processes (and seed-dependent where it uses data), params/flops equal to the cost model, a worker killed in the
 * middle of a batch recorded as one failed evaluation with the rest evaluated, and a NaN loss recorded.
 */
const skip = skipWithoutTorch();
const space = nb201Space();
const plan: NetworkPlan = { kind: 'cell', network: TINY_NETWORK, cell: NB201_WIRE_CELL, read: (g) => g };
const genotypes = ['|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|', '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|'].map((a) => space.parse(a));
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-neural-'));
const open: NeuralEvaluator[] = [];
after(async () => {
    await Promise.all(open.map((e) => e.close()));
    rmSync(tmp, { recursive: true, force: true });
});

function evaluator(task: NeuralTask, name = 'e'): NeuralEvaluator {
    const e = new NeuralEvaluator({ name, task, planFor: () => plan });
    open.push(e);
    return e;
}
// One worker: these tests rely on one network at a time (the pool has its own tests: worker-pool.test.ts).
const proxy = (p: (typeof PROXY_NAMES)[number], seed = 0): NeuralTask => ({ kind: 'proxy', settings: { proxy: p, batch: 16, seed, device: 'auto', parallel: 1 } });
const NO_NET = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';

describe('neural evaluator (torch worker)', { skip }, () => {
    test('every proxy: same value in two worker processes; params and flops equal the cost model', async () => {
        const t = torchOrReason();
        if (typeof t === 'string') return;
        const workers = await Promise.all([WorkerProcess.start(t), WorkerProcess.start(t)]);
        try {
            const net = { ...TINY_NETWORK, stages: [...TINY_NETWORK.stages] };
            const ask = async (w: WorkerProcess, p: string, g: number[], seed = 0): Promise<number> => {
                const m = await w.request({ type: 'proxy', network: net, cell: NB201_WIRE_CELL, genotype: g, proxy: p, batch: 16, seed, device: 'cpu' });
                assert.equal(m.type, 'result', `${p}: ${JSON.stringify(m)}`);
                return (m as { value: number }).value;
            };
            for (const p of PROXY_NAMES) {
                const [a, b] = await Promise.all(workers.map(async (w) => [await ask(w, p, genotypes[0]), await ask(w, p, genotypes[1])]));
                for (const x of a) assert.ok(Number.isFinite(x), p);
                assert.deepEqual(a, b, `${p}: the same in two processes`);
                assert.notEqual(a[0], a[1], `${p} tells the two networks apart`);
                if (p === 'params' || p === 'flops') assert.deepEqual(a, genotypes.map((g) => costOfCell(net, NB201_CELL_SPEC, g)[p]));
                if (p === 'naswot' || p === 'grad_norm' || p === 'snip') assert.notEqual(await ask(workers[0], p, genotypes[0], 1), a[0], `${p} changes with the seed`);
            }
        } finally {
            workers.forEach((w) => w.close());
        }
    });

    const synflow = evaluator(proxy('synflow'));
    let clean: number | undefined;

    test('the evaluator: results per item, canonical cache identity, the all-none cell a recorded failure', async () => {
        const e = synflow;
        assert.equal(e.cacheBy, 'canonical');
        const [r, r1] = await e.evaluate(genotypes, space);
        clean = r1.metric;
        assert.equal(r.key, space.key(genotypes[0]));
        assert.ok(Number.isFinite(r.metric) && r.score === r.metric && r.report === undefined);
        assert.deepEqual(e.record && { name: e.record.name, device: e.record.device }, { name: 'torch', device: 'cpu' });
        // The all-none cell: synflow is 0 (log -inf), a recorded failure saying why, never a number.
        const [zero] = await e.evaluate([space.parse(NO_NET)], space);
        assert.equal(zero.metric, undefined);
        assert.match(zero.error ?? '', /synflow is 0/);
    });

    test('an abort kills the worker and rejects the batch; nothing cut short is reported', async () => {
        const controller = new AbortController();
        const reported: number[] = [];
        // Aborted as the first item ends: the second is in flight in the worker.
        const run = synflow.evaluate([genotypes[0], genotypes[1], genotypes[0]], space, controller.signal, (i) => (reported.push(i), controller.abort()));
        await assert.rejects(run, (err: Error) => err.name === 'AbortError');
        assert.deepEqual(reported, [0]);
    });

    test('a worker killed mid-batch: that evaluation is a recorded failure, the others are evaluated by a new worker', async () => {
        const t = torchOrReason();
        if (typeof t === 'string') return;
        const env = { LISSNAS_PYTHON: process.env.LISSNAS_PYTHON, LISSNAS_TEST_PYTHON: process.env.LISSNAS_TEST_PYTHON };
        Object.assign(process.env, {
            LISSNAS_PYTHON: join(FIXTURES, 'python-wrapper.sh'),
            LISSNAS_TEST_PYTHON: t.python,
            LISSNAS_TEST_MODE: 'kill',
            LISSNAS_TEST_KILL_GENOTYPE: JSON.stringify(genotypes[0]),
            LISSNAS_TEST_KILL_MARK: join(tmp, 'killed'),
        });
        forgetProbes();
        try {
            const seen: number[] = [];
            const results = await evaluator(proxy('synflow'), 'killed').evaluate([genotypes[1], genotypes[0], genotypes[1]], space, undefined, (i) => seen.push(i));
            assert.ok(existsSync(join(tmp, 'killed')), 'the fixture killed the worker');
            assert.deepEqual(seen, [0, 1, 2], 'each item reported as it ends');
            assert.match(results[1].error ?? '', /torch worker was killed \(SIGKILL\).*evaluating/);
            assert.equal(results[1].cost.queries, 1, 'a failed evaluation costs its query');
            assert.equal(results[0].metric, clean);
            assert.equal(results[2].metric, clean, 'the restarted worker answers the same');
        } finally {
            for (const k of ['LISSNAS_TEST_MODE', 'LISSNAS_TEST_KILL_GENOTYPE', 'LISSNAS_TEST_KILL_MARK']) delete process.env[k];
            for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
            else process.env[k] = v;
            forgetProbes();
        }
    });

    test('a NaN loss is a recorded failed evaluation', { skip: existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)' }, async () => {
        const task: NeuralTask = { kind: 'train', settings: { dataset: 'fashion_mnist', epochs: 1, batch: 32, lr: 1e12, subset: 128, validation: 32, test: 32, seed: 0, device: 'cpu' } };
        const [r] = await evaluator(task).evaluate(genotypes.slice(0, 1), space);
        assert.equal(r.metric, undefined);
        assert.match(r.error ?? '', /training: loss became (nan|inf)/);
    });
});
