import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NB201_CIFAR10 } from '../../../engine/cost/network.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { resolveBackend, TFJS_PROXIES } from '../../../engine/evaluate/neural/backend.js';
import type { WireChain, WireDarts, WireGraph, WireNetwork, WorkerMessage } from '../../../protocol/neural-worker.js';
import { skipWithoutWebgpu } from '../../cli-bundle.js';
import { NB201_WIRE_CELL } from './torch-env.js';

/**
 * The webgpu engine of the tfjs worker against its wasm engine: the same builder, the same seeded weights and
 * inputs (tfjs draws them in JS, whatever the engine), so every proxy must give the same value up to float32
 * rounding. This is what caught tfjs-webgpu's split-K matMul giving wrong naswot kernels on Mesa's llvmpipe (the
 * worker's start-up check now picks an exact program). In CI it runs on llvmpipe (no GPU); on a GPU machine the
 * same test checks the GPU's kernels. C=8, N=1 keep it short on a software rasterizer. DARTS cells too (C 8, 5 cells),
 * an NB101 graph (stem 8, 3 cells) and a three-block layer chain (stride 2, expand 1, SE).
 */
const skip = skipWithoutWebgpu();
const SMALL: WireNetwork = { ...NB201_CIFAR10, stages: [8, 16, 32], stem: 8, cellsPerStage: 1 };
// All 3x3 convs, pools and skips, a mix with a 1x1, a cell with one conv path.
const CELLS = [
    [3, 3, 3, 3, 3, 3],
    [4, 1, 4, 1, 4, 1],
    [3, 1, 3, 4, 2, 1],
    [0, 0, 3, 3, 0, 0],
];

/** DARTS cells (workers/tfjs/darts-network.ts) with every DARTS op in both cells, C 8, 5 cells. */
const OPS = [{ kind: 'zero' }, { kind: 'pool', kernel: 3, mode: 'max' }, { kind: 'pool', kernel: 3, mode: 'avg' }, { kind: 'identity' }, { kind: 'sep_conv', kernel: 3 }, { kind: 'sep_conv', kernel: 5 }, { kind: 'dil_conv', kernel: 3, dilation: 2 }, { kind: 'dil_conv', kernel: 5, dilation: 2 }] as const;
const DARTS: WireDarts = { kind: 'darts', stem: 8, cellsPerStage: 1, normal: { nodes: 4, pick: 2, ops: [...OPS] }, reduce: { nodes: 4, pick: 2, ops: [...OPS] } };
// Per node: two picked inputs, then their ops; the normal cell, then the reduction cell.
const DARTS_GENOTYPE = [0, 1, 4, 6, 0, 2, 1, 3, 1, 3, 2, 5, 2, 4, 7, 0, 0, 1, 1, 6, 1, 2, 5, 3, 0, 3, 2, 4, 1, 4, 7, 1];

/**
 * An NB101 graph network (workers/tfjs/graph-network.ts) at stem 8, one cell per stack, 30 x 30 (an odd side at the
 * second downsampling): every vertex op, a truncation (vertex 1, 3 channels, feeds vertex 5, 2) and the input ->
 * output projection. Adjacency bits row by row (rows 110001|01010|0010|101|01|1), then the inner vertices' ops.
 */
const GRAPH: WireGraph = { kind: 'graph', stem: 8, stacks: [8, 16, 32], cellsPerStage: 1, nodes: 7, ops: [{ kind: 'conv_bn_relu', kernel: 3 }, { kind: 'pool', kernel: 3, mode: 'max' }, { kind: 'pool', kernel: 3, mode: 'avg' }, { kind: 'identity' }, { kind: 'conv_bn_relu', kernel: 5 }] };
const GRAPH_GENOTYPE = [1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 2, 4, 3, 1, 0];
/** A layer chain (workers/tfjs/chain-network.ts): three blocks, strides 1, 2, 2; the genotype with SE, expand 1 and 3, kernels 3 and 5. */
const CHAIN: WireChain = { kind: 'chain', stem: 8, stages: [{ channels: 8, stride: 1, layers: 1 }, { channels: 16, stride: 2, layers: 1 }, { channels: 24, stride: 2, layers: 1 }], head: 64, classes: 10, inputSize: 32, inputChannels: 3, kernel: [3, 5], expand: [1, 3], se: [false, true], width: [1] };
const CHAIN_GENOTYPE = [0, 0, 1, 1, 1, 0, 1, 1, 1, 0];

describe('webgpu engine (tfjs worker) against wasm', { skip }, () => {
    const workers: WorkerProcess[] = [];
    before(async () => {
        for (const name of ['webgpu', 'wasm'] as const) workers.push(await WorkerProcess.start(resolveBackend(name)));
    });
    after(() => {
        for (const w of workers) w.close();
    });

    test('the webgpu worker says what runs it: a GPU, or the CPU through a software adapter', () => {
        const ready = workers[0].ready!;
        assert.equal(ready.engine, 'webgpu');
        assert.match(ready.device, ready.gpu ? /^gpu: \S/ : /^cpu, software: \S/);
    });

    test('every proxy gives wasm\'s value on the same cells (float32 rounding only; naswot\'s integer kernel exactly)', async () => {
        for (const proxy of TFJS_PROXIES) {
            for (const genotype of CELLS) {
                const batch = proxy === 'jacob_cov' ? 64 : 16;
                const [g, w] = (await Promise.all(workers.map((wk) => wk.request({ type: 'proxy', network: SMALL, cell: NB201_WIRE_CELL, genotype, proxy, batch, seed: 3, device: 'auto' })))) as WorkerMessage[];
                const what = `${proxy} of ${genotype.join('')}: webgpu ${JSON.stringify(g)}, wasm ${JSON.stringify(w)}`;
                assert.equal(g.type, w.type, what);
                if (g.type === 'result' && w.type === 'result') assert.ok(Math.abs(g.value - w.value) <= 1e-3 * Math.max(1, Math.abs(w.value)), what);
                else if (g.type === 'failed' && w.type === 'failed') assert.equal(g.message, w.message, what);
            }
        }
    });

    test("DARTS cells: synflow, naswot and grad_norm give wasm's value (depthwise and max-pool gradients of forward ops, the engine's tie rule)", async () => {
        for (const proxy of ['synflow', 'naswot', 'grad_norm']) {
            const [g, w] = (await Promise.all(workers.map((wk) => wk.request({ type: 'proxy', network: SMALL, darts: DARTS, genotype: DARTS_GENOTYPE, proxy, batch: 8, seed: 3, device: 'auto' })))) as WorkerMessage[];
            const what = `${proxy}: webgpu ${JSON.stringify(g)}, wasm ${JSON.stringify(w)}`;
            assert.ok(g.type === 'result' && w.type === 'result', what);
            assert.ok(Math.abs(g.value - w.value) <= 1e-3 * Math.max(1, Math.abs(w.value)), what);
        }
    });

    test("an NB101 graph: synflow, naswot and grad_norm give wasm's value (ceil-mode max pooling between stacks, the engine's tie rule)", async () => {
        const network: WireNetwork = { ...SMALL, inputSize: 30 };
        for (const proxy of ['synflow', 'naswot', 'grad_norm']) {
            const [g, w] = (await Promise.all(workers.map((wk) => wk.request({ type: 'proxy', network, graph: GRAPH, genotype: GRAPH_GENOTYPE, proxy, batch: 8, seed: 3, device: 'auto' })))) as WorkerMessage[];
            const what = `${proxy}: webgpu ${JSON.stringify(g)}, wasm ${JSON.stringify(w)}`;
            assert.ok(g.type === 'result' && w.type === 'result', what);
            assert.ok(Math.abs(g.value - w.value) <= 1e-3 * Math.max(1, Math.abs(w.value)), what);
        }
    });

    test("a layer chain: synflow (without SE), naswot and grad_norm (with SE) give wasm's value", async () => {
        for (const proxy of ['synflow', 'naswot', 'grad_norm']) {
            const chain = proxy === 'synflow' ? { ...CHAIN, se: [false] } : CHAIN;
            const genotype = proxy === 'synflow' ? CHAIN_GENOTYPE.map((x, i) => (i % 3 === 2 && i < 9 ? 0 : x)) : CHAIN_GENOTYPE;
            const [g, w] = (await Promise.all(workers.map((wk) => wk.request({ type: 'proxy', network: SMALL, chain, genotype, proxy, batch: 8, seed: 3, device: 'auto' })))) as WorkerMessage[];
            const what = `${proxy}: webgpu ${JSON.stringify(g)}, wasm ${JSON.stringify(w)}`;
            assert.ok(g.type === 'result' && w.type === 'result', what);
            assert.ok(Math.abs(g.value - w.value) <= 1e-3 * Math.max(1, Math.abs(w.value)), what);
        }
    });
});
