import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { NeuralEvaluator, type NeuralTask } from '../../../engine/evaluate/neural/neural-evaluator.js';
import type { NetworkPlan } from '../../../engine/evaluate/neural/network-plan.js';
import { defaultParallel, torchThreads } from '../../../engine/evaluate/neural/worker-pool.js';
import type { NeuralBackend } from '../../../engine/evaluate/neural/backend.js';
import { nb201Space } from '../../../engine/space/nb201.js';
import { bundledTfjsWorker } from '../../cli-bundle.js';
import { NB201_WIRE_CELL, skipWithoutTorch, TINY_NETWORK } from './torch-env.js';

/**
 * The neural evaluator's pool of worker processes (`parallel`): the default size per back-end, device and machine; on the
 * real wasm worker, a batch spread over two processes gives the values one process gives, and two processes really
 * run; both SIGKILLed in the middle of a batch, the networks they held are recorded failures, the rest are
 * evaluated, and the next batch has two live workers again; torch workers split the cores between them.
 */
bundledTfjsWorker();
const space = nb201Space();
const plan: NetworkPlan = { kind: 'cell', network: TINY_NETWORK, cell: NB201_WIRE_CELL, read: (g) => g };
const genotypes = [
    [3, 3, 3, 3, 3, 3],
    [4, 1, 4, 1, 4, 1],
    [2, 2, 2, 2, 2, 2],
    [3, 1, 3, 4, 2, 1],
    [1, 1, 1, 1, 1, 1],
    [2, 3, 4, 0, 1, 3],
    [3, 0, 3, 1, 0, 3],
    [4, 4, 3, 2, 3, 3],
];
const open: NeuralEvaluator[] = [];
after(async () => {
    await Promise.all(open.map((e) => e.close()));
});

function evaluator(backend: 'wasm' | 'torch', parallel: number | undefined, proxy: 'synflow' | 'grad_norm' = 'grad_norm'): NeuralEvaluator {
    const task: NeuralTask = { kind: 'proxy', settings: { proxy, batch: 8, seed: 3, device: 'auto', ...(parallel ? { parallel } : {}) } };
    const e = new NeuralEvaluator({ name: `${backend}-${parallel}`, task, backend, planFor: () => plan });
    open.push(e);
    return e;
}

/** Live child processes of this test whose command line contains `marker` (the pool's workers). */
function children(marker: string): number[] {
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            if (Number(fields[1]) !== process.pid || fields[0] === 'Z') continue;
            if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
        } catch {
            // ended while we looked
        }
    }
    return pids;
}

const machine = (cores: number, gib: number) => ({ cores, memoryBytes: gib * 2 ** 30 });
const backend = (name: NeuralBackend['name']) => ({ name }) as NeuralBackend;

describe('neural worker pool', () => {
    test('default size: one process per core on the CPU as memory allows (wasm 4.5 GiB, torch 3 GiB each); one on a GPU', () => {
        assert.equal(defaultParallel(backend('wasm'), true, machine(2, 24)), 2);
        assert.equal(defaultParallel(backend('wasm'), true, machine(16, 32)), 7);
        assert.equal(defaultParallel(backend('wasm'), true, machine(4, 2)), 1);
        assert.equal(defaultParallel(backend('torch'), true, machine(2, 24)), 2);
        assert.equal(defaultParallel(backend('torch'), true, machine(16, 32)), 10);
        for (const name of ['torch', 'webgpu', 'tensorflow'] as const) assert.equal(defaultParallel(backend(name), false, machine(16, 128)), 1, name);
        assert.equal(torchThreads(1, machine(16, 128)), undefined, "one torch process keeps torch's own thread count");
        assert.equal(torchThreads(4, machine(16, 128)), 4);
        assert.equal(torchThreads(3, machine(2, 24)), 1);
    });

    test('wasm, parallel 2: the values of one process, from two live processes; the record says 2', async () => {
        const one = await evaluator('wasm', 1).evaluate(genotypes, space);
        const two = evaluator('wasm', 2);
        const reported: number[] = [];
        const got = await two.evaluate(genotypes, space, undefined, (i) => reported.push(i));
        assert.deepEqual(
            got.map((r) => r.metric),
            one.map((r) => r.metric),
        );
        assert.ok(one.every((r) => Number.isFinite(r.metric)), JSON.stringify(one.map((r) => r.error)));
        assert.deepEqual([...reported].sort(), [0, 1, 2, 3, 4, 5, 6, 7], 'each network reported once');
        assert.equal(children('tfjs-worker.cjs').length, 3, "two pool workers and the one-process evaluator's");
        assert.equal(two.record?.workers, 2);
        assert.match(two.describe(), /^wasm \(tfjs.*\), 2 worker processes$/);
    });

    test('wasm: both workers SIGKILLed mid-batch: what they held is a recorded failure, the rest evaluated, two workers again after', async () => {
        const reference = (await evaluator('wasm', 1).evaluate(genotypes, space)).map((r) => r.metric);
        const others = children('tfjs-worker.cjs'); // the other evaluators' workers: not this test's to kill
        const e = evaluator('wasm', 2);
        await e.evaluate(genotypes.slice(0, 2), space); // both workers started
        const mine = children('tfjs-worker.cjs').filter((pid) => !others.includes(pid));
        let killed: number[] = [];
        const results = await e.evaluate(genotypes, space, undefined, () => {
            if (killed.length > 0) return;
            killed = mine;
            for (const pid of killed) process.kill(pid, 'SIGKILL');
        });
        assert.equal(killed.length, 2, 'two workers found and killed');
        const failed = results.filter((r) => r.error !== undefined);
        assert.ok(failed.length >= 1 && failed.length <= 2, `one or two networks in flight: ${failed.length}`);
        for (const r of failed) assert.match(r.error!, /wasm worker was killed \(SIGKILL\).*evaluating/);
        results.forEach((r, i) => r.error === undefined && assert.equal(r.metric, reference[i], `network ${i} evaluated by a new worker`));
        const again = await e.evaluate(genotypes.slice(0, 4), space);
        assert.deepEqual(
            again.map((r) => r.metric),
            reference.slice(0, 4),
        );
        const now = children('tfjs-worker.cjs').filter((pid) => !others.includes(pid));
        assert.equal(now.length, 2, 'two live workers again');
        assert.ok(now.every((pid) => !killed.includes(pid)));
    });

    test('torch, parallel 2: two processes with one thread each on this machine, the values of one', { skip: skipWithoutTorch() }, async () => {
        const one = await evaluator('torch', 1).evaluate(genotypes.slice(0, 4), space);
        const pool = evaluator('torch', 2);
        const two = await pool.evaluate(genotypes.slice(0, 4), space);
        assert.deepEqual(
            two.map((r) => r.metric),
            one.map((r) => r.metric),
        );
        const workers = children('worker.py').filter((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').includes('LISSNAS_TORCH_THREADS='));
        if (!process.env.LISSNAS_TORCH_THREADS) {
            assert.equal(workers.length, 2);
            const want = `LISSNAS_TORCH_THREADS=${torchThreads(2)}`;
            for (const pid of workers) assert.ok(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(want), want);
        }
    });
});
