/**
 * DARTS cell networks, layer chains and NAS-Bench-101 graph networks on the neural back-ends: `npm run bench:darts` /
 * `npm run bench:chain` / `npm run bench:nb101`, then
 * `-- [--repeats N] [--proxies a,b] [--batch B] [--micro-batch M] [--backends torch,wasm] [--stem S]`.
 *   darts: the tour's `DARTS` space (examples/tour.nas) at its default skeleton (C 16, 8 cells, 32x32x3, 10 classes),
 *          with DARTS_V2's cells ("DARTS (second order)", quark0/darts genotypes.py, written in lissnas's format) and a
 *          skip/pool-heavy pair (default batch 64).
 *   chain: the tour's `Mobile` space (MobileNetV2's stages over 20 layers, 32x32x3), three genotypes drawn with seed 7
 *          (default batch 16); synflow on each with SE turned off in every layer (the tfjs engines refuse synflow
 *          of a chain whose space allows SE: docs/proxies.md "Layer chains").
 *   nb101: the tour's `NB101` space at `stem` 16 unless --stem (NAS-Bench-101's 128 is 64x the parameters; the three
 *          stacks double it), 3 cells per stack, 32x32x3: the nasbench README's Inception-like cell, a 5-vertex chain
 *          with two max pools, and the input -> output projection alone (default batch 64).
 * For each back-end and proxy (default synflow, naswot, grad_norm; seed 0, seeded weights), the median seconds per
 * evaluation through the engine's round trip after a warm-up, and the seconds the worker reports for it. Prints
 * the machine and its load; never asserts. docs/benchmarks.md ("DARTS cell networks", "NAS-Bench-101 graph networks")
 * and docs/proxies.md ("Layer chains") record the numbers.
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocuments } from '../dsl/load.js';
import { describeBackend, resolveBackend, type BackendName } from '../engine/evaluate/neural/backend.js';
import { networkPlan, planArchitecture, type ChainPlan, type DartsPlan, type GraphPlan } from '../engine/evaluate/neural/network-plan.js';
import { WorkerProcess } from '../engine/evaluate/neural/worker-process.js';
import { Rng } from '../engine/rng.js';
import { compileSpace } from '../engine/space/compile.js';
import type { SpaceSpec } from '../engine/spec.js';
import type { ProxyRequest } from '../protocol/neural-worker.js';

const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
};
const NETWORKS = ['darts', 'chain', 'nb101'] as const;
const kind = (arg('--network') ?? 'darts') as (typeof NETWORKS)[number];
if (!NETWORKS.includes(kind)) throw new Error(`--network darts, chain or nb101, not ${kind}`);
if (arg('--stem') && kind !== 'nb101') throw new Error('--stem applies to --network nb101 only');
const repeats = Number(arg('--repeats') ?? 3);
const batch = Number(arg('--batch') ?? (kind === 'chain' ? 16 : 64));
const micro = arg('--micro-batch') ? { microBatch: Number(arg('--micro-batch')) } : {};
const proxies = (arg('--proxies') ?? 'synflow,naswot,grad_norm').split(',');
const backends = (arg('--backends') ?? 'torch,wasm').split(',') as BackendName[];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The tour's DARTS ops are [sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5, max_pool_3x3, avg_pool_3x3, skip_connect].
const GENOTYPES = {
    DARTS_V2:
        'normal=|sep_conv_3x3~0|sep_conv_3x3~1|+|sep_conv_3x3~0|sep_conv_3x3~1|+|skip_connect~0|sep_conv_3x3~1|+|skip_connect~0|dil_conv_3x3~2|;' +
        'reduce=|max_pool_3x3~0|max_pool_3x3~1|+|max_pool_3x3~1|skip_connect~2|+|max_pool_3x3~0|skip_connect~2|+|max_pool_3x3~1|skip_connect~2|',
    POOLS:
        'normal=|avg_pool_3x3~0|skip_connect~1|+|max_pool_3x3~1|skip_connect~2|+|avg_pool_3x3~0|avg_pool_3x3~3|+|skip_connect~1|max_pool_3x3~4|;' +
        'reduce=|skip_connect~0|avg_pool_3x3~1|+|max_pool_3x3~0|sep_conv_5x5~2|+|skip_connect~2|dil_conv_5x5~3|+|sep_conv_5x5~1|avg_pool_3x3~4|',
};

/** A network to time: its label, and what the request builds for each proxy. */
interface Case {
    label: string;
    request: (proxy: string) => Pick<ProxyRequest, 'network' | 'genotype' | 'cell' | 'chain' | 'darts' | 'graph'>;
}

function dartsCases(spec: SpaceSpec): { title: string; cases: Case[] } {
    const space = compileSpace(spec);
    const plan = networkPlan(spec, space) as DartsPlan;
    const title = `DARTS: C ${plan.darts.stem}, ${3 * plan.darts.cellsPerStage + 2} cells, ${plan.network.inputSize}x${plan.network.inputSize}x${plan.network.inputChannels}`;
    const cases = Object.entries(GENOTYPES).map(([label, text]) => {
        const genotype = plan.read(space.parse(text));
        return { label, request: () => ({ network: plan.network, darts: plan.darts, genotype }) };
    });
    return { title, cases };
}

function chainCases(spec: SpaceSpec): { title: string; cases: Case[] } {
    const space = compileSpace(spec);
    const plan = networkPlan(spec, space) as ChainPlan;
    const rng = new Rng(7);
    const layers = plan.chain.stages.reduce((n, s) => n + s.layers, 0);
    const title = `Mobile chain: ${layers} layers, ${plan.network.inputSize}x${plan.network.inputSize}x${plan.network.inputChannels}, stages ${plan.chain.stages.map((s) => s.channels).join('/')}, head ${plan.chain.head}`;
    const cases = [1, 2, 3].map((n) => {
        const genotype = plan.read(space.sample(rng));
        // synflow: the same network with SE off in every layer, in a chain whose se choice is [false].
        const seFree = genotype.map((x, i) => (i % 3 === 2 && i < genotype.length - 1 ? 0 : x));
        return { label: `g${n}`, request: (proxy: string) => (proxy === 'synflow' ? { network: plan.network, chain: { ...plan.chain, se: [false] }, genotype: seFree } : { network: plan.network, ...planArchitecture(plan), genotype }) };
    });
    return { title, cases };
}

/** The tour's NB101 graph: 7 vertices, at most 9 edges, ops [conv3x3_bn_relu, conv1x1_bn_relu, maxpool3x3]. */
const GRAPHS = {
    README: 'conv1x1_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,maxpool3x3:111010|00001|0001|100|01|1',
    CHAIN: 'conv3x3_bn_relu,maxpool3x3,conv1x1_bn_relu,conv3x3_bn_relu,maxpool3x3:100000|10000|1000|100|10|1',
    SKIP: 'conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu:000001|00000|0000|000|00|0',
};

function nb101Cases(spec: SpaceSpec): { title: string; cases: Case[] } {
    const space = compileSpace(spec);
    const found = networkPlan(spec, space) as GraphPlan;
    const stem = Number(arg('--stem') ?? 16);
    const plan = { ...found, graph: { ...found.graph, stem, stacks: [stem, 2 * stem, 4 * stem] } };
    const title = `NB101: stem ${stem}, ${plan.graph.stacks.length * plan.graph.cellsPerStage} cells, ${plan.network.inputSize}x${plan.network.inputSize}x${plan.network.inputChannels}`;
    const cases = Object.entries(GRAPHS).map(([label, text]) => {
        const genotype = plan.read(space.parse(text));
        return { label, request: () => ({ network: plan.network, graph: plan.graph, genotype }) };
    });
    return { title, cases };
}

async function main(): Promise<void> {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const [loaded] = await loadDocuments([join(root, 'examples', 'tour.nas')]);
    const name = { chain: 'Mobile', darts: 'DARTS', nb101: 'NB101' }[kind];
    const spec = loaded.spec.spaces.find((s) => s.name === name);
    if (!spec) throw new Error(`examples/tour.nas has no space ${name}`);
    const { title, cases } = { chain: chainCases, darts: dartsCases, nb101: nb101Cases }[kind](spec);
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${title}; batch ${batch}${micro.microBatch ? `, micro-batches of ${micro.microBatch}` : ''}; median of ${repeats} after a warm-up`);
    for (const name of backends) {
        const backend = resolveBackend(name);
        console.log(`\n${describeBackend(backend)}`);
        const worker = await WorkerProcess.start(backend);
        try {
            for (const { label, request } of cases) {
                for (const proxy of proxies) {
                    const round: number[] = [];
                    const inside: number[] = [];
                    for (let i = 0; i <= repeats; i++) {
                        const t = performance.now();
                        const m = await worker.request({ type: 'proxy', ...request(proxy), proxy, batch, ...micro, seed: 0, device: 'cpu' });
                        if (m.type !== 'result') throw new Error(`${label} ${proxy}: ${JSON.stringify(m)}`);
                        if (i === 0) continue; // the warm-up
                        round.push((performance.now() - t) / 1000);
                        inside.push(m.seconds);
                    }
                    console.log(`  ${label.padEnd(8)} ${proxy.padEnd(9)} ${median(round).toFixed(2)} s per network (worker: ${median(inside).toFixed(2)} s; ${round.map((r) => r.toFixed(2)).join(', ')})`);
                }
            }
        } finally {
            worker.close();
        }
    }
    console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

void main();
