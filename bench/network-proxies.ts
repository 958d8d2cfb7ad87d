/**
 * DARTS cell and NAS-Bench-101 graph networks on the neural back-ends: `npm run bench:darts` / `npm run bench:nb101`
 * (`-- [--repeats N] [--proxies a,b] [--batch B] [--micro-batch M] [--backends torch,wasm] [--stem S]`).
 *   darts: the tour's `DARTS` space (examples/tour.nas) at its default skeleton (C 16, 8 cells, 32x32x3, 10 classes),
 *          with DARTS_V2's cells ("DARTS (second order)", quark0/darts genotypes.py, written in lissnas's format) and a
 *          skip/pool-heavy pair
 *   nb101: the tour's `NB101` space with `stem` 16 unless --stem (NAS-Bench-101's 128 is 64x the parameters), 3 cells
 *          per stack, 32x32x3: the nasbench README's Inception-like cell, a 5-vertex chain with two max pools, and the
 *          input -> output projection alone
 * For each back-end, network and proxy (default synflow, naswot, grad_norm; batch 64, seed 0, seeded weights), the
 * median seconds per evaluation through the engine's round trip after a warm-up, and the seconds the worker reports
 * for it. Prints the machine and its load; never asserts. docs/benchmarks.md records the numbers.
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocuments } from '../dsl/load.js';
import { describeBackend, resolveBackend, type BackendName } from '../engine/evaluate/neural/backend.js';
import { networkPlan, planArchitecture, type NetworkPlan } from '../engine/evaluate/neural/network-plan.js';
import { WorkerProcess } from '../engine/evaluate/neural/worker-process.js';
import { compileSpace } from '../engine/space/compile.js';

const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
};
const network = arg('--network') ?? 'darts';
const repeats = Number(arg('--repeats') ?? 3);
const batch = Number(arg('--batch') ?? 64);
const micro = arg('--micro-batch') ? { microBatch: Number(arg('--micro-batch')) } : {};
const proxies = (arg('--proxies') ?? 'synflow,naswot,grad_norm').split(',');
const backends = (arg('--backends') ?? 'torch,wasm').split(',') as BackendName[];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Per network kind: the tour's space and genotypes in its format. */
const NETWORKS: Record<string, { space: string; genotypes: Record<string, string> }> = {
    // The tour's DARTS ops are [sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5, max_pool_3x3, avg_pool_3x3, skip_connect].
    darts: {
        space: 'DARTS',
        genotypes: {
            DARTS_V2:
                'normal=|sep_conv_3x3~0|sep_conv_3x3~1|+|sep_conv_3x3~0|sep_conv_3x3~1|+|skip_connect~0|sep_conv_3x3~1|+|skip_connect~0|dil_conv_3x3~2|;' +
                'reduce=|max_pool_3x3~0|max_pool_3x3~1|+|max_pool_3x3~1|skip_connect~2|+|max_pool_3x3~0|skip_connect~2|+|max_pool_3x3~1|skip_connect~2|',
            POOLS:
                'normal=|avg_pool_3x3~0|skip_connect~1|+|max_pool_3x3~1|skip_connect~2|+|avg_pool_3x3~0|avg_pool_3x3~3|+|skip_connect~1|max_pool_3x3~4|;' +
                'reduce=|skip_connect~0|avg_pool_3x3~1|+|max_pool_3x3~0|sep_conv_5x5~2|+|skip_connect~2|dil_conv_5x5~3|+|sep_conv_5x5~1|avg_pool_3x3~4|',
        },
    },
    // The tour's NB101 graph: 7 vertices, at most 9 edges, ops [conv3x3_bn_relu, conv1x1_bn_relu, maxpool3x3].
    nb101: {
        space: 'NB101',
        genotypes: {
            README: 'conv1x1_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,maxpool3x3:111010|00001|0001|100|01|1',
            CHAIN: 'conv3x3_bn_relu,maxpool3x3,conv1x1_bn_relu,conv3x3_bn_relu,maxpool3x3:100000|10000|1000|100|10|1',
            SKIP: 'conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu,conv3x3_bn_relu:000001|00000|0000|000|00|0',
        },
    },
};

/** The plan, its skeleton changed by --stem for a graph. */
function withStem(plan: NetworkPlan): NetworkPlan {
    const stem = arg('--stem') ?? (plan.kind === 'graph' ? '16' : undefined);
    if (stem === undefined) return plan;
    if (plan.kind !== 'graph') throw new Error('--stem applies to --network nb101 only');
    return { ...plan, graph: { ...plan.graph, stem: Number(stem) } };
}

function skeleton(plan: NetworkPlan): string {
    const input = `${plan.network.inputSize}x${plan.network.inputSize}x${plan.network.inputChannels}`;
    if (plan.kind === 'darts') return `C ${plan.darts.stem}, ${3 * plan.darts.cellsPerStage + 2} cells, ${input}`;
    if (plan.kind === 'graph') return `stem ${plan.graph.stem}, ${3 * plan.graph.cellsPerStage} cells, ${input}`;
    throw new Error(`network ${network}: not a DARTS or graph plan`);
}

async function main(): Promise<void> {
    const chosen = NETWORKS[network];
    if (!chosen) throw new Error(`--network: expected one of ${Object.keys(NETWORKS).join(', ')}`);
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const [loaded] = await loadDocuments([join(root, 'examples', 'tour.nas')]);
    const spec = loaded.spec.spaces.find((s) => s.name === chosen.space);
    if (!spec) throw new Error(`examples/tour.nas has no space ${chosen.space}`);
    const space = compileSpace(spec);
    const found = networkPlan(spec, space);
    if (typeof found === 'string') throw new Error(found);
    const plan = withStem(found);
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${chosen.space}: ${skeleton(plan)}; batch ${batch}${micro.microBatch ? `, micro-batches of ${micro.microBatch}` : ''}; median of ${repeats} after a warm-up`);
    for (const name of backends) {
        const backend = resolveBackend(name);
        console.log(`\n${describeBackend(backend)}`);
        const worker = await WorkerProcess.start(backend);
        try {
            for (const [label, text] of Object.entries(chosen.genotypes)) {
                const genotype = plan.read(space.parse(text));
                for (const proxy of proxies) {
                    const round: number[] = [];
                    const inside: number[] = [];
                    for (let i = 0; i <= repeats; i++) {
                        const t = performance.now();
                        const m = await worker.request({ type: 'proxy', network: plan.network, ...planArchitecture(plan), genotype, proxy, batch, ...micro, seed: 0, device: 'cpu' });
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
