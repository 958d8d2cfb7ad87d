/**
 * Neural back-end speed: `npm run bench:neural [-- --repeats N] [--proxies a,b] [--batch B] [--micro-batch M]`. For the torch back-end, on
 * the NB201 network of docs (N=5, C=16, the cell
 * |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|, 1,288,506
 * parameters) with 64 random 32x32x3 images:
 *   - one training step (forward + backward + SGD-momentum) through the back-end: the engine's round trip to the
 *     worker, median of N after a warm-up;
 *   - one forward pass, the same way;
 *   - proxies per second for each proxy (the `proxy(...)` evaluator's requests, batch 64);
 *   - the same calls timed inside the worker (the step alone), and the ratio round trip / inside: the back-end's
 *     own overhead, measured on the same calls;
 *   - the same step and forward in a bare PyTorch loop (workers/torch/bare_loop.py, its own process, no JSON),
 *     and the ratio back-end / bare (on a busy machine this one moves with the load between the two runs).
 * Then every tfjs engine that starts here (wasm, webgpu, tensorflow, or those of `--engines a,b`) against torch
 * (`--skip-torch-steps` runs only this part): one forward pass and one training step (train(...)'s code; wasm's in
 * micro-batches of 32), batch 64; and for each proxy (or those of
 * `--proxies a,b`) and three networks of the same skeleton (the cell above, all 3x3 convs, pools and skips), the
 * median seconds per evaluation on each back-end (batch 64 or `--batch B`, the same seed; in chunks of M with
 * `--micro-batch M`, docs/proxies.md "Micro-batches"), through the engine's round trip.
 * Prints the machine; never asserts. docs/benchmarks.md ("Neural back-ends") records the numbers.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveBackend, describeBackend, TFJS_ENGINES, TFJS_PROXIES, type NeuralBackend, type TfjsEngineName } from '../engine/evaluate/neural/backend.js';
import { WorkerProcess } from '../engine/evaluate/neural/worker-process.js';
import { wireOp } from '../engine/cost/ops.js';
import { PROXY_NAMES } from '../engine/registry/kinds/proxy.js';
import { nb201Space, NB201_CELL_SPEC } from '../engine/space/nb201.js';

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 5;
const batchArg = process.argv.indexOf('--batch');
// wasm's heap does not hold the loss-gradient proxies of the N=5 network at batch 64 (docs/proxies.md): --batch 32.
const batch = batchArg >= 0 ? Number(process.argv[batchArg + 1]) : 64;
const microArg = process.argv.indexOf('--micro-batch');
const micro = microArg >= 0 ? { microBatch: Number(process.argv[microArg + 1]) } : {};
const proxiesArg = process.argv.indexOf('--proxies');
const compared: readonly string[] = proxiesArg >= 0 ? process.argv[proxiesArg + 1].split(',') : TFJS_PROXIES;
const ARCH = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const COMPARED = [ARCH, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|', '|avg_pool_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|avg_pool_3x3~1|skip_connect~2|'];

/** Median seconds per proxy evaluation on one back-end, for each (network, proxy). */
async function proxyTimes(backend: NeuralBackend, network: object, cell: object, proxies: readonly string[]): Promise<number[][]> {
    const worker = await WorkerProcess.start(backend);
    const out: number[][] = [];
    for (const arch of COMPARED) {
        const genotype = nb201Space().parse(arch);
        const row: number[] = [];
        for (const proxy of proxies) {
            const times: number[] = [];
            for (let i = 0; i <= Math.max(2, Math.ceil(repeats / 2)); i++) {
                const t = performance.now();
                const m = await worker.request({ type: 'proxy', network, cell, genotype, proxy, batch, ...micro, seed: 0, device: 'cpu' } as never);
                if (m.type !== 'result') throw new Error(JSON.stringify(m));
                if (i > 0) times.push((performance.now() - t) / 1000); // the first warms up
            }
            row.push(median(times));
        }
        out.push(row);
    }
    worker.close();
    return out;
}

/**
 * Median ms of one forward pass or training step (batch 64) through the engine's round trip, after a warm-up. wasm's
 * heap does not hold an N=5 step at batch 64 (measured: the module aborts), so its step runs in micro-batches of 32
 * (the same step: gradients accumulated; batch norm per chunk).
 */
async function benchMs(backend: NeuralBackend, network: object, cell: object, mode: 'forward' | 'step'): Promise<number> {
    const worker = await WorkerProcess.start(backend);
    const genotype = nb201Space().parse(ARCH);
    const microBatch = mode === 'step' && backend.name === 'wasm' ? { microBatch: 32 } : {};
    const times: number[] = [];
    for (let i = 0; i <= Math.max(2, Math.ceil(repeats / 2)); i++) {
        const t = performance.now();
        const m = await worker.request({ type: 'bench', network, cell, genotype, mode, batch: 64, ...microBatch, device: 'cpu' } as never);
        if (m.type !== 'result') throw new Error(JSON.stringify(m));
        if (i > 0) times.push(performance.now() - t);
    }
    worker.close();
    return median(times);
}

/** Every tfjs engine that starts here (`--engines a,b` to choose), each against torch on the same calls. */
async function compareBackends(network: object, cell: object): Promise<void> {
    const enginesArg = process.argv.indexOf('--engines');
    const wanted = enginesArg >= 0 ? process.argv[enginesArg + 1].split(',') : TFJS_ENGINES;
    const engines: NeuralBackend[] = [];
    for (const name of wanted) {
        try {
            engines.push(resolveBackend(name as TfjsEngineName));
        } catch (e) {
            console.log(`
${name}: skipped (${(e as Error).message})`);
        }
    }
    let torch: NeuralBackend | undefined;
    try {
        torch = resolveBackend('torch');
    } catch {
        torch = undefined;
    }
    const all = torch ? [...engines, torch] : engines;
    console.log(`
${all.map((b) => describeBackend(b)).join('; ')}: N=5 C=16, median after a warm-up`);
    const forward: number[] = [];
    const step: number[] = [];
    for (const b of all) forward.push(await benchMs(b, network, cell, 'forward')); // one at a time: they share the CPU
    for (const b of all) step.push(await benchMs(b, network, cell, 'step'));
    const ratio = (xs: number[], i: number): string => (torch ? (xs[i] / xs[all.length - 1]).toFixed(1) : '-');
    console.log(['| back-end | forward, batch 64 (ms) | ratio to torch | training step, batch 64 (ms) | ratio to torch |', '|---|---|---|---|---|', ...all.map((b, i) => `| ${b.name}${b.name === 'wasm' ? ' (step: micro_batch 32)' : ''} | ${forward[i].toFixed(0)} | ${ratio(forward, i)} | ${step[i].toFixed(0)} | ${ratio(step, i)} |`)].join('\n'));
    console.log(`\nseconds per proxy evaluation, batch ${batch}${micro.microBatch ? ` in chunks of ${micro.microBatch}` : ''}, the same seed`);
    const times: number[][][] = [];
    for (const b of all) times.push(await proxyTimes(b, network, cell, compared));
    const t = torch ? times[times.length - 1] : undefined;
    const head = ['network', 'proxy', ...engines.flatMap((b) => [`${b.name} s`, `${b.name} / torch`]), ...(torch ? ['torch s'] : [])];
    const rows = COMPARED.flatMap((arch, a) => compared.map((p, j) => [arch, p, ...engines.flatMap((_, e) => [times[e][a][j].toFixed(3), t ? (times[e][a][j] / t[a][j]).toFixed(1) : '-']), ...(t ? [t[a][j].toFixed(3)] : [])]));
    console.log([head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
}

async function main(): Promise<void> {
    const network0 = { stem: 16, stages: [16, 32, 64], cellsPerStage: 5, reduction: 'resnet' as const, classes: 10, inputSize: 32, inputChannels: 3 };
    const cell0 = { nodes: 4, edges: NB201_CELL_SPEC.edges.map(([a, b]) => [a, b] as [number, number]), ops: NB201_CELL_SPEC.ops.map((o) => wireOp(o) as never) };
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    if (!process.argv.includes('--skip-torch-steps')) await torchSteps();
    await compareBackends(network0, cell0);
}

async function torchSteps(): Promise<void> {
    const backend = resolveBackend('torch');
    const network = { stem: 16, stages: [16, 32, 64], cellsPerStage: 5, reduction: 'resnet' as const, classes: 10, inputSize: 32, inputChannels: 3 };
    const cell = { nodes: 4, edges: NB201_CELL_SPEC.edges.map(([a, b]) => [a, b] as [number, number]), ops: NB201_CELL_SPEC.ops.map((o) => wireOp(o) as never) };
    const genotype = nb201Space().parse(ARCH);
    console.log(`back-end: ${describeBackend(backend)}, ${backend.ready.threads} thread(s); N=5 NB201 network, batch 64, median of ${repeats} after a warm-up`);
    const worker = await WorkerProcess.start(backend);
    // Each request is timed twice at once: in Node (the back-end's round trip: JSON, pipe, worker) and inside the
    // worker (the step alone), so their ratio is the back-end's overhead measured on the same calls, whatever
    // else the machine is doing; the bare loop runs afterwards in its own process (exposed to load changes).
    const roundTrip = async (mode: 'step' | 'forward'): Promise<{ trip: number; inside: number }> => {
        const trips: number[] = [];
        const insides: number[] = [];
        for (let i = 0; i <= repeats; i++) {
            const t = performance.now();
            const m = await worker.request({ type: 'bench', network, cell, genotype, mode, batch: 64, device: 'auto' });
            if (m.type !== 'result') throw new Error(JSON.stringify(m));
            if (i > 0) {
                trips.push(performance.now() - t); // the first one builds the model and warms up
                insides.push(m.value);
            }
        }
        return { trip: median(trips), inside: median(insides) };
    };
    const step = await roundTrip('step');
    const forward = await roundTrip('forward');
    const bare = spawnSync(backend.python, [join(dirname(backend.script), 'bare_loop.py'), JSON.stringify({ network, cell, genotype, batch: 64, repeats })], { encoding: 'utf8' });
    if (bare.status !== 0) throw new Error(bare.stderr);
    const b = JSON.parse(bare.stdout.trim().split('\n').pop()!) as { step_ms: number; forward_ms: number };
    const rows: string[][] = [
        ['training step (ms)', step.trip.toFixed(0), step.inside.toFixed(0), (step.trip / step.inside).toFixed(3), b.step_ms.toFixed(0), (step.trip / b.step_ms).toFixed(2)],
        ['forward only (ms)', forward.trip.toFixed(0), forward.inside.toFixed(0), (forward.trip / forward.inside).toFixed(3), b.forward_ms.toFixed(0), (forward.trip / b.forward_ms).toFixed(2)],
    ];
    for (const proxy of PROXY_NAMES) {
        const times: number[] = [];
        for (let i = 0; i < Math.max(2, Math.ceil(repeats / 2)); i++) {
            const t = performance.now();
            const m = await worker.request({ type: 'proxy', network, cell, genotype, proxy, batch: 64, seed: 0, device: 'auto' });
            if (m.type !== 'result') throw new Error(JSON.stringify(m));
            times.push(performance.now() - t);
        }
        rows.push([`${proxy} (proxies/s)`, (1000 / median(times)).toFixed(2), '', '', '', '']);
    }
    worker.close();
    console.log(['| measure | torch back-end (round trip) | same calls inside the worker | overhead ratio | bare PyTorch loop (own process) | ratio to bare |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
}

void main();
