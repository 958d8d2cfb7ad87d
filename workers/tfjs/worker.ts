/**
 * The lissnas tfjs worker: builds networks from genotypes with tfjs, evaluates proxies and trains them on
 * Fashion-MNIST (training.ts) on one engine (wasm, webgpu or tensorflow: engines.ts), speaking the torch worker's JSON lines (protocol/neural-worker.ts) on
 * stdin/stdout, so the engine's NeuralEvaluator drives every worker the same way.
 *
 *   node tfjs-worker.cjs [--engine wasm|webgpu|tensorflow] [--probe] [WASM_DIR]
 *   node --import tsx workers/tfjs/worker.ts ...   the same from the sources (after `npm run bundle` for wasm)
 *
 * WASM_DIR holds tfjs-backend-wasm's .wasm files (out/workers/ in the bundle; engine/evaluate/neural/backend.ts
 * finds it); the wasm engine needs it. `--probe` starts the engine, answers `ready` (or `absent`, saying why it
 * cannot start here) and exits. One request at a time; a network's failure answers `failed` and the worker keeps
 * serving. stdout carries protocol lines only.
 */
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the full @tensorflow/tfjs does); the builder calls ops as functions, so
// the chained methods (x.reshape) are not needed.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { dartsCellGenotypeLength, isWorkerRequest, NEURAL_PROTOCOL, TFJS_ENGINES, type AbsentMessage, type TfjsEngineName, type WireDarts, type WireDartsCell, type WireGraph, type WorkerMessage, type WorkerRequest } from '../../protocol/neural-worker.js';
import { pruneGraph } from '../../engine/canonical/graph.js';
import { graphMatrix } from '../../engine/cost/graph.js';
import { EngineAbsent, startEngine, type Started } from './engines.js';
import { buildArchitecture, type Architecture } from './architecture.js';
import { chainProblem } from './chain-network.js';
import { detectTieRule } from './max-pool.js';
import { countParams, initWeights } from './network.js';
import { computeProxy, ProxyFailure } from './proxies.js';
import { DatasetMissing } from './fashion-mnist.js';
import { train, Trainer, TrainingFailed } from './training.js';

// Anything a library prints goes to stderr: stdout is the protocol's.
const out = process.stdout;
console.log = console.error;
console.warn = console.error;
console.info = console.error;

function send(m: WorkerMessage): void {
    out.write(JSON.stringify(m) + '\n');
}

/** The engine this worker runs on, once started. */
let running: Started;

/** What the shape check cannot say: edges inside the cell, op indices inside its op list, a DARTS genotype's picks, a graph's reachable output, a chain's lists (worker.py checks the same). */
function structureProblem(m: WorkerRequest): string | undefined {
    const genotypes = m.type === 'count' ? m.genotypes : [m.genotype];
    if (m.darts) return dartsProblem(m.darts, genotypes, m.type === 'count');
    if (m.graph) return graphProblem(m.graph, genotypes, m.type === 'count');
    if (m.chain) return chainProblem(m.chain, genotypes, m.type === 'count');
    if (!m.cell) return undefined; // not reached: the shape check lets exactly one of cell, chain, darts and graph through
    const { nodes, edges, ops } = m.cell;
    if (nodes < 2) return 'cell.nodes: expected an integer >= 2';
    if (edges.some((e) => e.length !== 2 || !(0 <= e[0] && e[0] < e[1] && e[1] < nodes))) return 'cell.edges: expected [from, to] pairs with 0 <= from < to < nodes';
    for (const g of genotypes) if (g.length !== edges.length || g.some((o) => !(o >= 0 && o < ops.length))) return `genotype: expected ${edges.length} op indices in 0..${ops.length - 1}`;
    return undefined;
}

/** worker.py's check_darts and check_genotype for DARTS cells, with its messages. */
function dartsProblem(d: WireDarts, genotypes: number[][], many: boolean): string | undefined {
    for (const which of ['normal', 'reduce'] as const) {
        const c = d[which];
        if (c.pick > 2) return `darts.${which}: expected {nodes >= 1, pick 1 or 2 (of the 2 inputs), ops}`;
        if (c.ops.length === 0) return `darts.${which}.ops: expected a non-empty list`;
    }
    const cellOk = (g: number[], c: WireDartsCell): boolean =>
        Array.from({ length: c.nodes }, (_, i) => i).every((i) => {
            const picked = g.slice(2 * c.pick * i, 2 * c.pick * i + c.pick);
            const ops = g.slice(2 * c.pick * i + c.pick, 2 * c.pick * (i + 1));
            return picked.every((x, j) => 0 <= x && x < 2 + i && (j === 0 || picked[j - 1] < x)) && ops.every((o) => 0 <= o && o < c.ops.length);
        });
    const n = dartsCellGenotypeLength(d.normal);
    for (const [k, g] of genotypes.entries())
        if (g.length !== n + dartsCellGenotypeLength(d.reduce) || !cellOk(g.slice(0, n), d.normal) || !cellOk(g.slice(n), d.reduce))
            return `${many ? `genotypes[${k}]` : 'genotype'}: expected the normal then the reduction cell: per node its picked input ids (ascending, each below 2 + the node index), then an op index per picked input`;
    return undefined;
}

/** worker.py's check_graph and check_genotype for NB101 graphs, with its messages. */
function graphProblem(d: WireGraph, genotypes: number[][], many: boolean): string | undefined {
    if (d.nodes < 2) return 'graph.nodes: expected an integer >= 2';
    if (d.ops.length === 0 && d.nodes !== 2) return 'graph.ops: expected a non-empty list';
    const edges = (d.nodes * (d.nodes - 1)) / 2;
    const ok = (g: number[]): boolean =>
        g.length === edges + d.nodes - 2 && g.slice(0, edges).every((bit) => bit <= 1) && g.slice(edges).every((o) => o < d.ops.length) && pruneGraph(graphMatrix(d.nodes, g), g.slice(edges)) !== undefined;
    for (const [k, g] of genotypes.entries())
        if (!ok(g)) return `${many ? `genotypes[${k}]` : 'genotype'}: expected the adjacency bits of the upper triangle row by row (the output reachable from the input), then an op index per inner vertex`;
    return undefined;
}

async function handle(m: WorkerRequest): Promise<void> {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const arch = m.cell ?? m.darts ?? m.graph ?? m.chain;
    // Not reached: the shape check lets exactly one of cell, chain, darts and graph through.
    if (!arch) throw new ProxyFailure('expected one of cell, chain, darts and graph');
    switch (m.type) {
        case 'count':
            send({ type: 'counted', id: m.id, params: m.genotypes.map((g) => countParams(buildArchitecture(m.network, arch, g).params)), seconds: seconds() });
            return;
        case 'proxy': {
            const value = await computeProxy(m.proxy, { net: m.network, arch, genotype: m.genotype, seed: m.seed, batch: m.batch, microBatch: m.microBatch, init: m.init ?? 'seeded', data: m.data, dataDir: m.dataDir });
            const gpuError = running.takeError();
            if (gpuError) throw new Error(`the GPU reported an error during ${m.proxy}, so its value is not trusted: ${gpuError}`);
            if (!Number.isFinite(value)) send({ type: 'failed', id: m.id, message: `${m.proxy} is ${value} for this network`, seconds: seconds() });
            else send({ type: 'result', id: m.id, value, seconds: seconds() });
            return;
        }
        case 'bench': {
            if (m.mode === 'step') {
                await benchStep(m, arch);
                send({ type: 'result', id: m.id, value: performance.now() - started, seconds: seconds() });
                return;
            }
            const logits = tf.tidy(() => {
                const network = buildArchitecture(m.network, arch, m.genotype);
                const x = tf.randomNormal([m.batch, m.network.inputSize, m.network.inputSize, m.network.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
                return network.forward(x, { weights: initWeights(network.params, 0, 'seeded'), bn: true });
            });
            await logits.data(); // the pass is over when its result is read (a GPU queues work)
            logits.dispose();
            send({ type: 'result', id: m.id, value: performance.now() - started, seconds: seconds() });
            return;
        }
        case 'train': {
            const out = await train(m.network, arch, m.genotype, m.settings, (record) => send({ type: 'epoch', id: m.id, record }));
            const gpuError = running.takeError();
            if (gpuError) throw new Error(`the GPU reported an error during training, so its accuracy is not trusted: ${gpuError}`);
            send({ type: 'result', id: m.id, value: out.validation, report: out.test, epochs: out.epochs, seconds: seconds() });
            return;
        }
    }
}

/** The network of the last `bench` step request, kept between requests as the torch worker keeps its model. */
let benched: { key: string; trainer: Trainer; x: tf.Tensor4D; labels: tf.Tensor2D } | undefined;

/** One training step (forward, backward, SGD with momentum) of the training's code on random inputs. */
async function benchStep(m: Extract<WorkerRequest, { type: 'bench' }>, arch: Architecture): Promise<void> {
    const key = JSON.stringify([m.network, arch, m.genotype, m.batch]);
    if (benched?.key !== key) {
        if (benched) {
            benched.trainer.dispose();
            tf.dispose([benched.x, benched.labels]);
        }
        const n = m.network;
        benched = {
            key,
            trainer: new Trainer(n, arch, m.genotype, 0),
            x: tf.randomNormal([m.batch, n.inputSize, n.inputSize, n.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D,
            labels: tf.tidy(() => tf.oneHot(tf.randomUniformInt([m.batch], 0, n.classes, 2), n.classes) as tf.Tensor2D),
        };
    }
    await benched.trainer.step(benched.x, benched.labels, 0.1, m.microBatch);
}

// Node has WebAssembly; this project's type libraries (ES2022, node) do not declare its classes.
const WasmRuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError;

/** One request, answered: a result, or a failure of this network (the worker keeps serving). */
async function answer(m: WorkerRequest, id: number | null): Promise<void> {
    try {
        await handle(m);
    } catch (e) {
        if (e instanceof WasmRuntimeError) {
            // A trap inside tfjs-backend-wasm, in practice its heap running out (measured: grad_norm of an
            // N=5, C=16 network at batch 64; batch 32 fits): the module is aborted and every later request
            // would fail, so this network's failure is answered and the worker exits; the evaluator starts
            // a fresh one for the next network, as after a crash.
            // micro_batch first: it keeps the batch (and so the proxy) and holds one chunk's pass at a time.
            console.error(e.stack ?? e);
            const chunk = m.type === 'proxy' || m.type === 'bench' ? (m.microBatch ?? m.batch) : m.type === 'train' ? (m.settings.microBatch ?? m.settings.batch) : 0;
            const advice = chunk > 1 ? `write micro_batch ${Math.floor(chunk / 2)} (the same batch, computed in chunks), or lower the batch` : 'lower the batch';
            out.write(JSON.stringify({ type: 'failed', id, message: `wasm worker: ${e.message}: out of WebAssembly memory, most likely (tfjs-backend-wasm's heap is limited): ${advice}, or use --backend torch` } satisfies WorkerMessage) + '\n', () => process.exit(3));
            return new Promise(() => {}); // nothing after this request: the process is exiting
        }
        const mine = e instanceof ProxyFailure || e instanceof TrainingFailed || e instanceof DatasetMissing;
        const message = mine ? e.message : `${engine} worker: ${(e as Error).message ?? String(e)}`.slice(0, 500);
        if (!mine) console.error((e as Error).stack ?? e);
        send({ type: 'failed', id, message });
    }
}

function serve(): void {
    const lines = createInterface({ input: process.stdin });
    // Requests are handled one after another (the evaluator sends one at a time; a queue keeps that true).
    let queue = Promise.resolve();
    lines.on('line', (line) => {
        if (!line.trim()) return;
        let m: unknown;
        try {
            m = JSON.parse(line);
        } catch {
            return send({ type: 'failed', id: null, message: 'bad request: not JSON', bad: true });
        }
        const id = typeof m === 'object' && m !== null && Number.isInteger((m as { id?: unknown }).id) ? ((m as { id: number }).id) : null;
        const problem = isWorkerRequest.problem(m) ?? structureProblem(m as WorkerRequest);
        if (problem) return send({ type: 'failed', id, message: `bad request: ${problem}`, bad: true });
        queue = queue.then(() => answer(m as WorkerRequest, id));
    });
    lines.on('close', () => void queue.then(() => process.exit(0)));
}

const args = process.argv.slice(2);
const engineAt = args.indexOf('--engine');
const engine = (engineAt >= 0 ? args[engineAt + 1] : 'wasm') as TfjsEngineName;
const probeOnly = args.includes('--probe');
const wasmDir = args.find((a, i) => !a.startsWith('--') && (engineAt < 0 || i !== engineAt + 1));
if (!TFJS_ENGINES.includes(engine)) {
    console.error(`usage: tfjs-worker [--engine ${TFJS_ENGINES.join('|')}] [--probe] [WASM_DIR]`);
    process.exit(2);
}
// Where the engine's max-pooling gradient goes in a tied window, measured once before serving (max-pool.ts: torch's
// rule on every engine); a probe computes nothing, so it answers without it.
startEngine(engine, wasmDir)
    .then(async (s) => {
        if (!probeOnly) await detectTieRule();
        return s;
    })
    .then(
        (s) => {
            running = s;
            send({ type: 'ready', protocol: NEURAL_PROTOCOL, python: '', torch: '', engine, tfjs: tf.version_core, node: process.version, cuda: false, gpu: s.gpu, device: s.device, threads: 1 });
            if (probeOnly) out.write('', () => process.exit(0));
            else serve();
        },
        (e: Error) => {
            // `absent`: this engine cannot run here (the engine's resolver reports why); anything else is a crash.
            console.error(`${engine} worker: ${e.stack ?? e.message}`);
            const absent = e instanceof EngineAbsent ? JSON.stringify({ type: 'absent', python: '', message: e.message } satisfies AbsentMessage) + '\n' : '';
            out.write(absent, () => process.exit(3));
        },
    );
