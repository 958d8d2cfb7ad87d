/**
 * Networks per second through the `proxy(...)` evaluator as its worker pool grows:
 * `npm run bench:neural-pool [-- --proxy grad_norm] [--networks 24] [--batch 16] [--cells-per-stage 1] [--backends wasm,torch] [--sizes 1,2,4]`.
 * For each back-end that starts here and each pool size (`--sizes`, default 1 to the cores; `parallel`, engine/evaluate/neural/
 * worker-pool.ts), the same random NB201 cells (Rng seed 7) evaluated by a fresh evaluator, after one warm-up batch that starts
 * the workers (start-up is not what the pool changes). Prints wall seconds, networks per second and the speed-up over
 * one worker, measured in this one run; and whether every value equals the one-worker value (it must).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { NeuralEvaluator } from '../engine/evaluate/neural/neural-evaluator.js';
import type { BackendName } from '../engine/evaluate/neural/backend.js';
import { Rng } from '../engine/rng.js';
import { nb201Space } from '../engine/space/nb201.js';
import { NB201_CIFAR10 } from '../engine/cost/network.js';
import type { NetworkPlan } from '../engine/evaluate/neural/network-plan.js';
import type { WireCell } from '../protocol/neural-worker.js';

const arg = (name: string, fallback: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : fallback;
};
const proxy = arg('proxy', 'grad_norm') as 'grad_norm';
const networks = Number(arg('networks', '24'));
const batch = Number(arg('batch', '16'));
const cellsPerStage = Number(arg('cells-per-stage', '1'));
const backends = arg('backends', 'wasm,torch').split(',') as BackendName[];
const sizes = arg('sizes', Array.from({ length: availableParallelism() }, (_, i) => i + 1).join(',')).split(',').map(Number);

const space = nb201Space();
const rng = new Rng(7);
const genotypes = Array.from({ length: networks + 2 }, () => Array.from({ length: 6 }, () => rng.int(5)));
const cell: WireCell = {
    nodes: 4,
    edges: [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]],
    ops: [{ kind: 'zero' }, { kind: 'identity' }, { kind: 'relu_conv_bn', kernel: 1 }, { kind: 'relu_conv_bn', kernel: 3 }, { kind: 'pool', kernel: 3, mode: 'avg' }],
};
const plan: NetworkPlan = { kind: 'cell', network: { ...NB201_CIFAR10, stages: [...NB201_CIFAR10.stages], cellsPerStage }, cell, read: (g) => g };

async function measure(backend: BackendName, parallel: number): Promise<{ seconds: number; values: (number | undefined)[] }> {
    const e = new NeuralEvaluator({ name: 'bench', backend, task: { kind: 'proxy', settings: { proxy, batch, seed: 0, device: 'auto', parallel } }, planFor: () => plan });
    try {
        await e.evaluate(genotypes.slice(0, parallel), space); // starts every worker
        const t = performance.now();
        const results = await e.evaluate(genotypes.slice(2, 2 + networks), space);
        return { seconds: (performance.now() - t) / 1000, values: results.map((r) => r.metric) };
    } finally {
        await e.close();
    }
}

async function main(): Promise<void> {
    const cores = availableParallelism();
    console.log(`# ${cpus()[0]?.model ?? 'cpu'}, ${cores} cores, Node ${process.version}, load average ${loadavg()[0].toFixed(1)}; ${proxy}, ${networks} NB201 networks (N = ${cellsPerStage}), batch ${batch}`);
    const rows: string[][] = [];
    for (const backend of backends) {
        let one: { seconds: number; values: (number | undefined)[] } | undefined;
        for (const parallel of sizes) {
            let m;
            try {
                m = await measure(backend, parallel);
            } catch (e) {
                console.log(`# ${backend}: ${(e as Error).message.split('\n')[0]}`);
                break;
            }
            one ??= m;
            const same = m.values.every((v, i) => v === one!.values[i]);
            const row = [backend, String(parallel), m.seconds.toFixed(1), (networks / m.seconds).toFixed(2), (one.seconds / m.seconds).toFixed(2), same ? 'yes' : 'NO'];
            console.log(row.join('\t'));
            rows.push(row);
        }
    }
    console.log(['| back-end | parallel | seconds | networks/s | speed-up over 1 | values equal |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
