/**
 * The lissnas wasm worker: builds networks from genotypes with tfjs on its WebAssembly back-end and evaluates
 * proxies, speaking the torch worker's JSON lines (protocol/neural-worker.ts) on stdin/stdout, so the engine's
 * NeuralEvaluator drives both the same way.
 *
 *   node wasm-worker.cjs WASM_DIR            serve requests until stdin closes
 *   node --import tsx workers/wasm/worker.ts WASM_DIR   the same from the sources
 *
 * WASM_DIR holds tfjs-backend-wasm's .wasm files (out/workers/ in the bundle, the package's dist/ in the sources;
 * engine/evaluate/neural/backend.ts finds it). One request at a time; a network's failure answers `failed` and the
 * worker keeps serving. stdout carries protocol lines only.
 */
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the full @tensorflow/tfjs does); the builder calls ops as functions, so
// the chained methods (x.reshape) are not needed.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { isWorkerRequest, NEURAL_PROTOCOL, type WorkerMessage, type WorkerRequest } from '../../protocol/neural-worker.js';
import { buildNetwork, countParams, initWeights } from './network.js';
import { computeProxy, ProxyFailure, WASM_PROXIES } from './proxies.js';

// Anything a library prints goes to stderr: stdout is the protocol's.
const out = process.stdout;
console.log = console.error;
console.warn = console.error;
console.info = console.error;

function send(m: WorkerMessage): void {
    out.write(JSON.stringify(m) + '\n');
}

async function start(wasmDir: string): Promise<void> {
    setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error(`tfjs could not start its wasm back-end from ${wasmDir}`);
    await tf.ready();
    send({ type: 'ready', protocol: NEURAL_PROTOCOL, python: '', torch: '', engine: 'wasm', tfjs: tf.version_core, node: process.version, cuda: false, device: 'cpu', threads: 1 });
}

/** What the shape check cannot say: edges inside the cell, op indices inside its op list (worker.py checks the same). */
function structureProblem(m: WorkerRequest): string | undefined {
    if (!m.cell) return undefined; // a chain: refused by handle with an evaluation failure
    const { nodes, edges, ops } = m.cell;
    if (nodes < 2) return 'cell.nodes: expected an integer >= 2';
    if (edges.some((e) => e.length !== 2 || !(0 <= e[0] && e[0] < e[1] && e[1] < nodes))) return 'cell.edges: expected [from, to] pairs with 0 <= from < to < nodes';
    const genotypes = m.type === 'count' ? m.genotypes : [m.genotype];
    for (const g of genotypes) if (g.length !== edges.length || g.some((o) => !(o >= 0 && o < ops.length))) return `genotype: expected ${edges.length} op indices in 0..${ops.length - 1}`;
    return undefined;
}

function handle(m: WorkerRequest): void {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    if (!m.cell) throw new ProxyFailure('layer-chain (MobileNet-style) networks are built by the torch back-end only, not by wasm (--backend torch; needs python3 with torch)');
    const cell = m.cell;
    switch (m.type) {
        case 'count':
            send({ type: 'counted', id: m.id, params: m.genotypes.map((g) => countParams(buildNetwork(m.network, cell, g).params)), seconds: seconds() });
            return;
        case 'proxy': {
            const value = computeProxy(m.proxy, { net: m.network, cell, genotype: m.genotype, seed: m.seed, batch: m.batch, init: m.init ?? 'seeded' });
            if (!Number.isFinite(value)) send({ type: 'failed', id: m.id, message: `${m.proxy} is ${value} for this network`, seconds: seconds() });
            else send({ type: 'result', id: m.id, value, seconds: seconds() });
            return;
        }
        case 'bench': {
            if (m.mode !== 'forward') throw new ProxyFailure('bench step (training) is not built on the wasm back-end; the torch back-end has it');
            tf.tidy(() => {
                const network = buildNetwork(m.network, cell, m.genotype);
                const x = tf.randomNormal([m.batch, m.network.inputSize, m.network.inputSize, m.network.inputChannels], 0, 1, 'float32', 1) as tf.Tensor4D;
                network.forward(x, { weights: initWeights(network.params, 0, 'seeded'), bn: true }).dataSync();
            });
            send({ type: 'result', id: m.id, value: performance.now() - started, seconds: seconds() });
            return;
        }
        case 'train':
            throw new ProxyFailure(`train(...) is not built on the wasm back-end (wasm has the proxies ${WASM_PROXIES.join(', ')}); the torch back-end has it (--backend torch)`);
    }
}

function serve(): void {
    const lines = createInterface({ input: process.stdin });
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
        try {
            handle(m as WorkerRequest);
        } catch (e) {
            if (e instanceof WebAssembly.RuntimeError) {
                // A trap inside tfjs-backend-wasm, in practice its heap running out (measured: grad_norm of an
                // N=5, C=16 network at batch 64; batch 32 fits): the module is aborted and every later request
                // would fail, so this network's failure is answered and the worker exits; the evaluator starts
                // a fresh one for the next network, as after a crash.
                console.error((e as Error).stack ?? e);
                out.write(JSON.stringify({ type: 'failed', id, message: `wasm worker: ${e.message}: out of WebAssembly memory, most likely (tfjs-backend-wasm's heap is limited): lower the batch, or use --backend torch` } satisfies WorkerMessage) + '\n', () => process.exit(3));
                return;
            }
            const message = e instanceof ProxyFailure ? e.message : `wasm worker: ${(e as Error).message ?? String(e)}`.slice(0, 500);
            if (!(e instanceof ProxyFailure)) console.error((e as Error).stack ?? e);
            send({ type: 'failed', id, message });
        }
    });
    lines.on('close', () => process.exit(0));
}

const wasmDir = process.argv[2];
if (!wasmDir) {
    console.error('usage: wasm-worker WASM_DIR');
    process.exit(2);
}
start(wasmDir).then(serve, (e: Error) => {
    console.error(`wasm worker: ${e.message}`);
    process.exit(3);
});
