/**
 * DARTS cell networks on the neural back-ends: `npm run bench:darts -- [--repeats N] [--proxies a,b]
 * [--batch B] [--micro-batch M] [--backends torch,wasm]`. The tour's `DARTS` space (examples/tour.nas) at its default
 * skeleton (C 16, 8 cells, 32x32x3, 10 classes), with DARTS_V2's cells ("DARTS (second order)", quark0/darts
 * genotypes.py, written in lissnas's format) and a skip/pool-heavy pair: for each back-end and proxy (default synflow,
 * naswot, grad_norm; batch 64, seed 0, seeded weights), the median seconds per evaluation through the engine's round
 * trip after a warm-up, and the seconds the worker reports for it. Prints the machine and its load; never asserts.
 * docs/benchmarks.md ("DARTS cell networks") records the numbers.
 */
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocuments } from '../dsl/load.js';
import { describeBackend, resolveBackend, type BackendName } from '../engine/evaluate/neural/backend.js';
import { networkPlan, type DartsPlan } from '../engine/evaluate/neural/network-plan.js';
import { WorkerProcess } from '../engine/evaluate/neural/worker-process.js';
import { compileSpace } from '../engine/space/compile.js';

const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
};
const repeats = Number(arg('--repeats') ?? 3);
const batch = Number(arg('--batch') ?? 64);
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

async function main(): Promise<void> {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const [loaded] = await loadDocuments([join(root, 'examples', 'tour.nas')]);
    const spec = loaded.spec.spaces.find((s) => s.name === 'DARTS');
    if (!spec) throw new Error('examples/tour.nas has no space DARTS');
    const space = compileSpace(spec);
    const plan = networkPlan(spec, space) as DartsPlan;
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`DARTS: C ${plan.darts.stem}, ${3 * plan.darts.cellsPerStage + 2} cells, ${plan.network.inputSize}x${plan.network.inputSize}x${plan.network.inputChannels}; batch ${batch}${micro.microBatch ? `, micro-batches of ${micro.microBatch}` : ''}; median of ${repeats} after a warm-up`);
    for (const name of backends) {
        const backend = resolveBackend(name);
        console.log(`\n${describeBackend(backend)}`);
        const worker = await WorkerProcess.start(backend);
        try {
            for (const [label, text] of Object.entries(GENOTYPES)) {
                const genotype = plan.read(space.parse(text));
                for (const proxy of proxies) {
                    const round: number[] = [];
                    const inside: number[] = [];
                    for (let i = 0; i <= repeats; i++) {
                        const t = performance.now();
                        const m = await worker.request({ type: 'proxy', network: plan.network, darts: plan.darts, genotype, proxy, batch, ...micro, seed: 0, device: 'cpu' });
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
