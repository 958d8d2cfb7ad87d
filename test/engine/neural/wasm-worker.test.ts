import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { costOfCell, NB201_CIFAR10 } from '../../../engine/cost/network.js';
import { NB201_CELL_SPEC } from '../../../engine/space/nb201.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { resolveBackend, TFJS_PROXIES, tfjsRefusal } from '../../../engine/evaluate/neural/backend.js';
import { spearman } from '../../../engine/metrics/spearman.js';
import { PROXY_NAMES } from '../../../engine/registry/kinds/proxy.js';
import type { NetworkSpec } from '../../../engine/spec.js';
import type { WireNetwork, WorkerMessage } from '../../../protocol/neural-worker.js';
import { bundledTfjsWorker } from '../../cli-bundle.js';
import { DRAWN, NB201_WIRE_CELL, torchOrReason } from './torch-env.js';

/**
 * The wasm back-end (workers/tfjs/, tfjs on WebAssembly) against the cost model and against the torch worker:
 * parameter counts of all 15,625 NB201 cells, FLOPs, synflow on the same (constant) weights in both frameworks,
 * the ranking of every seeded proxy with each framework's own init, naswot, grad_norm, snip, jacob_cov and fisher
 * (deterministic, and what a cell with no path gives), and the refusal of device cuda (training: wasm-training.test.ts).
 * Small skeletons (C=8, N=1) keep the CPU use low.
 */
bundledTfjsWorker();
const wire = (n: NetworkSpec): WireNetwork => ({ ...n, stages: [...n.stages] });
const SMALL: WireNetwork = { ...wire(NB201_CIFAR10), stem: 8, stages: [8, 16, 32], cellsPerStage: 1 };
const all: number[][] = Array.from({ length: 15625 }, (_, i) => Array.from({ length: 6 }, (_, e) => Math.floor(i / 5 ** e) % 5));
// Cells of different kinds: all 3x3 convs, pools and skips, 1x1s, a mix, a cell with one conv path, ResNet-like.
const CELLS = [
    [3, 3, 3, 3, 3, 3],
    [4, 1, 4, 1, 4, 1],
    [2, 2, 2, 2, 2, 2],
    [3, 1, 3, 4, 2, 1],
    [0, 0, 3, 3, 0, 0],
    [3, 0, 3, 1, 0, 3],
    [1, 1, 1, 1, 1, 1],
    [2, 3, 4, 0, 1, 3],
];
/**
 * The loss- and Jacobian-based proxies, each with its batch and the Spearman rho against torch it must reach on
 * DRAWN. Measured (docs/proxies.md, "The wasm worker"): on 40 cells rho 0.94 / 0.94 / 0.88 / 0.85, about what
 * one framework gives against itself with another seed (0.95 / 0.95 / 0.82 / 0.75 for torch), since the two
 * frameworks draw different weights and inputs; on DRAWN 0.93 / 0.91 / 0.96 / 0.86. Each bound is the 5th
 * percentile of rho over 2,000 random 12-cell subsets of the 40 (0.79 / 0.78 / 0.71 / 0.57), rounded down.
 * jacob_cov needs batch 64: at batch 8 its values sit within 0.01 of -8 and rank by noise (rho 0.54 on 40 cells,
 * 0.56 torch against itself).
 */
const AGREEMENT = [
    { proxy: 'grad_norm', batch: 8, rho: 0.75 },
    { proxy: 'snip', batch: 8, rho: 0.75 },
    { proxy: 'fisher', batch: 8, rho: 0.7 },
    { proxy: 'jacob_cov', batch: 64, rho: 0.55 },
];
const torch = torchOrReason();
const noTorch = typeof torch === 'string' ? `torch back-end absent (${torch})` : false;

async function values(w: WorkerProcess, proxy: string, network: WireNetwork, cells: number[][], init: 'seeded' | 'constant' = 'seeded', batch = 8): Promise<WorkerMessage[]> {
    const out: WorkerMessage[] = [];
    for (const genotype of cells) out.push(await w.request({ type: 'proxy', network, cell: NB201_WIRE_CELL, genotype, proxy, batch, seed: 0, device: 'cpu', init }));
    return out;
}
const numbers = (ms: WorkerMessage[]): number[] => ms.map((m) => (m.type === 'result' ? m.value : assert.fail(JSON.stringify(m))));

/** Kendall's tau-a of two score lists. */
function kendall(a: number[], b: number[]): number {
    let s = 0;
    let n = 0;
    for (let i = 0; i < a.length; i++)
        for (let j = i + 1; j < a.length; j++) {
            s += Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
            n++;
        }
    return s / n;
}

describe('wasm back-end', () => {
    let wasm: WorkerProcess;
    let py: WorkerProcess | undefined;
    before(async () => {
        wasm = await WorkerProcess.start(resolveBackend('wasm'));
        if (typeof torch !== 'string') py = await WorkerProcess.start(torch);
    });
    after(() => {
        wasm?.close();
        py?.close();
    });

    test('the worker says it is tfjs on wasm', () => {
        assert.equal(wasm.ready?.engine, 'wasm');
        assert.match(wasm.ready?.tfjs ?? '', /^4\.22\./);
    });

    test('parameters of all 15,625 NB201 cells (CIFAR-10 skeleton) equal the cost model', async () => {
        const m = await wasm.request({ type: 'count', network: wire(NB201_CIFAR10), cell: NB201_WIRE_CELL, genotypes: all });
        assert.equal(m.type, 'counted', JSON.stringify(m).slice(0, 300));
        const params = (m as { params: number[] }).params;
        const bad = all.filter((g, i) => params[i] !== costOfCell(NB201_CIFAR10, NB201_CELL_SPEC, g).params);
        assert.deepEqual(bad.slice(0, 5), [], `${bad.length} cells differ`);
        assert.ok(new Set(params).size >= 20, 'the counts vary with the cell');
    });

    test("the torch parity test's 40 cells built whole, on its two skeletons, equal the cost model", async () => {
        const sample = Array.from({ length: 40 }, (_, i) => all[(i * 7919) % all.length]);
        for (const n of [NB201_CIFAR10, { ...NB201_CIFAR10, stem: 8, stages: [12, 24], cellsPerStage: 2, reduction: 'cell' as const, inputSize: 28, inputChannels: 1 }]) {
            const m = await wasm.request({ type: 'count', network: wire(n), cell: NB201_WIRE_CELL, genotypes: sample });
            assert.deepEqual((m as { params: number[] }).params, sample.map((g) => costOfCell(n, NB201_CELL_SPEC, g).params));
        }
    });

    test('params and flops proxies equal the cost model (two skeletons, one with reduction cell)', async () => {
        const cellNet: WireNetwork = { ...SMALL, stages: [8, 16], reduction: 'cell', inputSize: 28, inputChannels: 1 };
        for (const n of [SMALL, cellNet]) {
            const spec = n as NetworkSpec;
            assert.deepEqual(numbers(await values(wasm, 'params', n, CELLS)), CELLS.map((g) => costOfCell(spec, NB201_CELL_SPEC, g).params));
            assert.deepEqual(numbers(await values(wasm, 'flops', n, CELLS)), CELLS.map((g) => costOfCell(spec, NB201_CELL_SPEC, g).flops));
        }
    });

    // Measured: at most 7.3e-6 apart in log on these cells (wasm's float32 against torch's float64).
    test('synflow on the same (constant) weights equals torch\'s float64 value within 1e-4 in log', { skip: noTorch }, async () => {
        const cells = CELLS.filter((g) => !(g[3] === 0 && g[4] === 0 && g[5] === 0));
        const a = numbers(await values(wasm, 'synflow', SMALL, cells, 'constant'));
        const b = numbers(await values(py!, 'synflow', SMALL, cells, 'constant'));
        a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-4, `${cells[i]}: wasm ${v}, torch ${b[i]}`));
        assert.ok(new Set(a.map((v) => v.toFixed(3))).size === a.length, 'the values differ between cells');
    });

    test("synflow with each framework's own seeded init ranks the cells alike (Kendall tau >= 0.8)", { skip: noTorch }, async () => {
        const a = numbers(await values(wasm, 'synflow', SMALL, CELLS));
        const b = numbers(await values(py!, 'synflow', SMALL, CELLS));
        const tau = kendall(a, b);
        assert.ok(tau >= 0.8, `tau ${tau}: wasm ${a.map((v) => v.toFixed(2))}, torch ${b.map((v) => v.toFixed(2))}`);
    });

    test('synflow of a cell with no input-output path fails with the reason', async () => {
        const [m] = await values(wasm, 'synflow', SMALL, [[3, 3, 3, 0, 0, 0]]);
        assert.equal(m.type, 'failed');
        assert.match((m as { message: string }).message, /synflow is 0: .*no path through the cell/);
    });

    test('naswot: deterministic for a seed, different across cells, singular K fails', async () => {
        const first = numbers(await values(wasm, 'naswot', SMALL, CELLS.slice(0, 3)));
        const again = numbers(await values(wasm, 'naswot', SMALL, CELLS.slice(0, 3)));
        assert.deepEqual(again, first);
        assert.equal(new Set(first).size, 3);
        // The output node gets nothing but zeros: every image has the same code after it, and before the
        // cell the codes are those of the stem alone; K stays well defined only through the stem and head.
        const [zero] = await values(wasm, 'naswot', SMALL, [[0, 0, 0, 0, 0, 0]]);
        assert.ok(zero.type === 'failed' || (zero.type === 'result' && zero.value < Math.min(...first)), JSON.stringify(zero));
    });

    test('a malformed request is answered as bad, and the worker keeps serving', async () => {
        const m = await wasm.request({ type: 'proxy', network: SMALL, cell: NB201_WIRE_CELL, genotype: [3, 3, 9, 3, 3, 3], proxy: 'params', batch: 8, seed: 0, device: 'cpu' });
        assert.deepEqual(m.type === 'failed' ? [m.bad, m.message] : m, [true, 'bad request: genotype: expected 6 op indices in 0..4']);
        const negative = await wasm.request({ type: 'proxy', network: SMALL, cell: NB201_WIRE_CELL, genotype: [3, 3, -1, 3, 3, 3], proxy: 'params', batch: 8, seed: 0, device: 'cpu' });
        assert.deepEqual(negative.type === 'failed' ? [negative.bad, negative.message] : negative, [true, 'bad request: request.genotype[2]: expected a non-negative integer, got an integer'], 'the protocol check refuses it before the cell check');
        assert.equal(numbers(await values(wasm, 'params', SMALL, [CELLS[0]]))[0], costOfCell(SMALL as NetworkSpec, NB201_CELL_SPEC, CELLS[0]).params);
    });

    test('every proxy and training are built on wasm; device cuda is refused', () => {
        assert.deepEqual([...TFJS_PROXIES].sort(), [...PROXY_NAMES].sort());
        for (const proxy of PROXY_NAMES) assert.equal(tfjsRefusal('wasm', { proxy }), undefined, proxy);
        assert.equal(tfjsRefusal('wasm', { train: true }), undefined);
        assert.equal(resolveBackend('wasm', process.env, { train: true }).name, 'wasm');
        assert.throws(() => resolveBackend('wasm', process.env, { train: true, device: 'cuda' }), /device cuda was asked for, which the torch worker honours; the wasm back-end chooses its own device/);
        assert.throws(() => resolveBackend('wasm', process.env, { proxy: 'synflow', device: 'cuda' }), /device cuda was asked for, which the torch worker honours; the wasm back-end chooses its own device/);
    });

    test('grad_norm, snip, jacob_cov and fisher: the same request twice gives the same value; cells and seeds differ', async () => {
        for (const proxy of ['grad_norm', 'snip', 'jacob_cov', 'fisher']) {
            const first = numbers(await values(wasm, proxy, SMALL, CELLS.slice(0, 3)));
            assert.deepEqual(numbers(await values(wasm, proxy, SMALL, CELLS.slice(0, 3))), first, proxy);
            assert.equal(new Set(first).size, 3, `${proxy}: ${first}`);
            const [other] = await wasm.request({ type: 'proxy', network: SMALL, cell: NB201_WIRE_CELL, genotype: CELLS[0], proxy, batch: 8, seed: 1, device: 'cpu' }).then((r) => numbers([r]));
            assert.notEqual(other, first[0], `${proxy}: another seed draws other weights and inputs`);
        }
    });

    for (const { proxy, batch, rho } of AGREEMENT) {
        test(`${proxy} with each framework's own seeded init and inputs ranks 12 drawn cells alike (Spearman >= ${rho}, batch ${batch})`, { skip: noTorch }, async () => {
            const a = numbers(await values(wasm, proxy, SMALL, DRAWN, 'seeded', batch));
            const b = numbers(await values(py!, proxy, SMALL, DRAWN, 'seeded', batch));
            const r = spearman(a, b);
            assert.ok(r >= rho, `rho ${r}: wasm ${a.map((v) => v.toPrecision(4))}, torch ${b.map((v) => v.toPrecision(4))}`);
            // Same definitions and init laws, so the same scale: a loss summed instead of averaged (x8) or a lost
            // factor would move the ratio out (measured median wasm/torch on 40 cells: 1.05, 1.09, 1.24, 1.00).
            const ratios = a.map((v, i) => v / b[i]).sort((x, y) => x - y);
            const median = ratios[ratios.length / 2];
            assert.ok(median > 0.5 && median < 2, `${proxy}: median ratio wasm/torch ${median}`);
        });
    }

    test('a cell with no input-output path (all none): grad_norm and snip are 0, fisher a value, jacob_cov fails, as on torch', async () => {
        const none = [[0, 0, 0, 0, 0, 0]];
        const got: WorkerMessage[] = [];
        for (const p of ['grad_norm', 'snip', 'fisher', 'jacob_cov']) got.push((await values(wasm, p, SMALL, none))[0]);
        // The output is the classifier's bias alone: no weight gradient but the (zero) classifier's, no Jacobian.
        assert.deepEqual(got.slice(0, 2).map((m) => (m.type === 'result' ? m.value : m)), [0, 0]);
        assert.ok(got[2].type === 'result' && got[2].value > 0, JSON.stringify(got[2]));
        assert.deepEqual(got[3].type === 'failed' ? got[3].message : got[3], "jacob_cov: the network's output does not depend on its input (no path through the cell)");
        if (!py) return console.log(`# torch side not compared: ${noTorch}`);
        for (const [i, p] of ['grad_norm', 'snip', 'fisher', 'jacob_cov'].entries()) {
            const [t] = await values(py, p, SMALL, none);
            assert.equal(t.type, got[i].type, `${p}: torch ${JSON.stringify(t)}`);
            if (t.type === 'failed') assert.equal(t.message, (got[i] as { message: string }).message);
            if (i < 2) assert.equal((t as { value: number }).value, 0);
        }
    });
});
