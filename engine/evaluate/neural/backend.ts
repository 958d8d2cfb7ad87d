import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isAbsentMessage, isReadyMessage, SE_CHAIN_SYNFLOW, TFJS_ENGINES, TFJS_PROXIES, type ReadyMessage, type TfjsEngineName } from '../../../protocol/neural-worker.js';
import { packageRoot } from '../../run/run-dir.js';

/**
 * Neural back-ends: which engine builds and runs networks. `torch` is a Python worker (workers/torch/worker.py,
 * CUDA when present, else CPU); `wasm`, `webgpu` and `tensorflow` are engines of one tfjs worker
 * (workers/tfjs/worker.ts bundled to out/workers/tfjs-worker.cjs: every proxy and train(fashion_mnist), cell, DARTS,
 * layer-chain and NB101 graph networks).
 *   auto       = torch when an interpreter with torch is found (about 9x faster than wasm on the same CPU, and it
 *                computes synflow of layer chains with SE too); else tensorflow, then webgpu, when it starts on a real GPU; else wasm
 *                (proxies and training: a machine without Python trains on it); else an error naming what to install
 *   torch      = the torch worker, or an error saying torch was asked for
 *   cpu        = the torch worker kept on the CPU even when CUDA is present
 *   tensorflow = @tensorflow/tfjs-node-gpu on a CUDA GPU, when the user installed it (docs/proxies.md)
 *   webgpu     = tfjs-webgpu on Dawn (the optional package `webgpu`), on a GPU or Mesa's software rasterizer
 *   wasm       = tfjs on WebAssembly, CPU, one thread
 * A tfjs engine asked for what it lacks (synflow of a chain with SE, a proxy it has not, device cuda) refuses, naming the back-end
 * that has it.
 */
export const BACKEND_NAMES = ['auto', 'torch', 'cpu', 'tensorflow', 'webgpu', 'wasm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export { TFJS_ENGINES, TFJS_PROXIES, type TfjsEngineName };

export const INSTALL_HINT = 'install Debian\'s PyTorch (`apt-get install python3-torch`), or set LISSNAS_PYTHON to a Python interpreter that can `import torch`';

/** A back-end ready to use, and what it runs on (recorded in result.json, printed by the CLI). */
export interface TorchBackend {
    name: 'torch';
    /** The interpreter as found (LISSNAS_PYTHON, `python3` on PATH, or /usr/bin/python3). */
    python: string;
    script: string;
    /** Keep the worker on the CPU (`--backend cpu`). */
    forceCpu: boolean;
    ready: ReadyMessage;
}

/** The tfjs worker bundle, the folder of its .wasm binaries (both under out/workers/, `npm run bundle`), and its engine. */
export interface TfjsBackend {
    name: TfjsEngineName;
    script: string;
    wasmDir: string;
    /** Known after a probe (webgpu, tensorflow) or once the worker started (wasm is not probed: it always starts). */
    ready?: ReadyMessage;
}

export type NeuralBackend = TorchBackend | TfjsBackend;

export function isTfjs(b: NeuralBackend): b is TfjsBackend {
    return b.name !== 'torch';
}

/** What an evaluator needs of a back-end: its proxy or training, and the device its settings ask for. */
export type NeuralNeed = ({ proxy: string } | { train: true }) & { device?: 'auto' | 'cpu' | 'cuda' };

export class BackendUnavailable extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'BackendUnavailable';
    }
}

export function isBackendName(x: string): x is BackendName {
    return (BACKEND_NAMES as readonly string[]).includes(x);
}

/** The worker script, found from the package root (the bundled CLI and the sources both find it). */
export function workerScript(): string {
    const root = packageRoot()?.dir;
    const script = root ? join(root, 'workers', 'torch', 'worker.py') : undefined;
    if (!script || !existsSync(script)) throw new BackendUnavailable(`the torch worker (workers/torch/worker.py) is missing from this installation${root ? ` (${root})` : ''}`);
    return script;
}

/** Interpreters tried in order: LISSNAS_PYTHON alone when set; else `python3` on PATH, then /usr/bin/python3. */
export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
    const chosen = env.LISSNAS_PYTHON?.trim();
    if (chosen) return [chosen];
    return ['python3', '/usr/bin/python3'];
}

export interface Probe {
    /** The interpreter probed (torch), or the tfjs engine. */
    python: string;
    ready?: ReadyMessage;
    /** Why this interpreter or engine cannot serve (not found, no torch, no GPU adapter, a broken answer). */
    problem?: string;
}

const probes = new Map<string, Probe>();

/** Asks one interpreter for `worker.py --probe` (it imports torch: about 2 s); cached per process. */
export function probe(python: string, script: string): Probe {
    return probeOnce(`${python}\0${script}`, python, python, [script, '--probe'], 'cannot import torch');
}

/** Runs a worker's `--probe` once per key: its last stdout line is `ready` or `absent` (why it cannot serve). */
function probeOnce(key: string, who: string, command: string, args: string[], absentPrefix?: string): Probe {
    const cached = probes.get(key);
    if (cached) return cached;
    const r = spawnSync(command, args, { shell: false, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    let result: Probe;
    if (r.error) {
        result = { python: who, problem: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message };
    } else {
        const last = r.stdout.trim().split('\n').pop() ?? '';
        let message: unknown;
        try {
            message = JSON.parse(last);
        } catch {
            message = undefined;
        }
        if (isReadyMessage.is(message)) result = { python: who, ready: message };
        else if (isAbsentMessage.is(message)) result = { python: who, problem: absentPrefix ? `${absentPrefix} (${message.message})` : message.message };
        else {
            const tail = (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ');
            result = { python: who, problem: `the worker probe failed (exit ${r.status ?? r.signal})${tail ? `: ${tail.slice(0, 300)}` : ''}` };
        }
    }
    probes.set(key, result);
    return result;
}

/** Forgets cached probes (tests that change LISSNAS_PYTHON in one process). */
export function forgetProbes(): void {
    probes.clear();
}

/**
 * The tfjs worker as built by `npm run bundle` (out/workers/, also inside the .vsix): the same file from the
 * bundled CLI and from the sources (tfjs-core's ESM files import directories, which Node cannot load unbundled).
 * The reason when it is missing.
 */
export function tfjsWorker(): { script: string; wasmDir: string } | string {
    const root = packageRoot()?.dir;
    if (!root) return 'the package root was not found';
    const dir = join(root, 'out', 'workers');
    const script = join(dir, 'tfjs-worker.cjs');
    if (!existsSync(script)) return `the tfjs worker (out/workers/tfjs-worker.cjs) is missing from ${root}: run \`npm run bundle\``;
    if (!existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))) return `tfjs-backend-wasm's binaries are missing from ${dir}: run \`npm run bundle\``;
    return { script, wasmDir: dir };
}

/**
 * Starts the tfjs worker on `engine` with `--probe` (it loads the engine and runs its gradient self-check: about
 * 1-2 s) and returns its `ready`, or why the engine cannot run here; cached per process.
 */
export function probeTfjs(engine: 'webgpu' | 'tensorflow', worker: { script: string; wasmDir: string }): Probe {
    return probeOnce(`${engine}\0${worker.script}`, engine, process.execPath, [worker.script, '--engine', engine, '--probe', worker.wasmDir]);
}

/** synflow of a chain whose space allows SE: the torch worker computes it in float64; the tfjs engines cannot (docs/proxies.md "Layer chains"). */
export function seChainSynflowRefusal(engine: TfjsEngineName): string {
    return `${SE_CHAIN_SYNFLOW}. Use --backend torch, which computes it in float64 (${INSTALL_HINT}); the ${engine} back-end computes synflow of chains without \`se\`, and every other proxy and training on this one`;
}

/** Why the tfjs worker on `engine` cannot do `need` (undefined: it can). */
export function tfjsRefusal(engine: TfjsEngineName, need: NeuralNeed | undefined): string | undefined {
    if (!need) return undefined;
    // The torch worker refuses `device cuda` without CUDA; a tfjs engine must not quietly run elsewhere either.
    if (need.device === 'cuda') return `device cuda was asked for, which the torch worker honours; the ${engine} back-end chooses its own device: use --backend torch on a machine with CUDA, or device auto`;
    // train(...): every tfjs engine trains (workers/tfjs/training.ts, the torch worker's recipe).
    if ('train' in need) return undefined;
    if (!(TFJS_PROXIES as readonly string[]).includes(need.proxy)) return `proxy ${need.proxy} is not built on the ${engine} back-end (it has: ${TFJS_PROXIES.join(', ')}); the torch back-end has it (--backend torch)`;
    return undefined;
}

/** The tfjs worker on `engine`, or why it cannot start here (wasm is not probed: its files are there, so it starts). */
function tfjsBackend(engine: TfjsEngineName): TfjsBackend | string {
    const worker = tfjsWorker();
    if (typeof worker === 'string') return worker;
    if (engine === 'wasm') return { name: engine, ...worker };
    const p = probeTfjs(engine, worker);
    return p.ready ? { name: engine, ...worker, ready: p.ready } : (p.problem ?? 'it did not start');
}

function isTfjsEngine(name: BackendName): name is TfjsEngineName {
    return (TFJS_ENGINES as readonly string[]).includes(name);
}

/**
 * The back-end a run will use for `requested` and `need`, or an error saying what is missing and how to install
 * it. `auto` prefers torch (faster, complete), then a tfjs engine on a real GPU, then wasm (always installable from
 * npm) for what wasm has: every proxy and training.
 */
export function resolveBackend(requested: 'torch' | 'cpu', env?: NodeJS.ProcessEnv, need?: NeuralNeed): TorchBackend;
export function resolveBackend(requested: BackendName, env?: NodeJS.ProcessEnv, need?: NeuralNeed): NeuralBackend;
export function resolveBackend(requested: BackendName, env: NodeJS.ProcessEnv = process.env, need?: NeuralNeed): NeuralBackend {
    if (isTfjsEngine(requested)) {
        const refusal = tfjsRefusal(requested, need);
        if (refusal) throw new BackendUnavailable(refusal);
        const b = tfjsBackend(requested);
        if (typeof b === 'string') throw new BackendUnavailable(`back-end '${requested}' is not available: ${b}`);
        return b;
    }
    const script = workerScript();
    const tried: Probe[] = [];
    for (const python of pythonCandidates(env)) {
        const p = probe(python, script);
        if (p.ready) return { name: 'torch', python, script, forceCpu: requested === 'cpu', ready: p.ready };
        tried.push(p);
    }
    const why: string[] = [];
    if (requested === 'auto') {
        // A GPU engine only on a real GPU: on the CPU (Mesa's software WebGPU) wasm is faster (docs/benchmarks.md).
        for (const engine of ['tensorflow', 'webgpu'] as const) {
            const b = tfjsRefusal(engine, need) ?? tfjsBackend(engine);
            if (typeof b !== 'string' && b.ready?.gpu) return b;
            why.push(`${engine}: ${typeof b === 'string' ? b : `no GPU (${b.ready?.device})`}`);
        }
        const w = tfjsRefusal('wasm', need) ?? tfjsBackend('wasm');
        if (typeof w !== 'string') return w;
        why.push(`wasm: ${w}`);
    }
    const what = requested === 'auto' ? 'no neural back-end is available' : `back-end '${requested}' is not available`;
    throw new BackendUnavailable(`${what}: ${[...tried.map((p) => `${p.python}: ${p.problem}`), ...why].join('; ')}. To evaluate proxy(...) and train(...), ${INSTALL_HINT}`);
}

/**
 * One line for people: `torch 1.13.1 on cpu (/usr/bin/python3)`, `wasm (tfjs 4.22.0, one thread) on cpu (.../tfjs-worker.cjs)`,
 * `webgpu (tfjs 4.22.0) on gpu: NVIDIA H100 (.../tfjs-worker.cjs)`.
 */
export function describeBackend(b: NeuralBackend): string {
    // Before the worker starts (the run's first log line) wasm's version is unknown: result.json records the loaded one.
    if (isTfjs(b)) return `${b.name} (tfjs${b.ready?.tfjs ? ` ${b.ready.tfjs}` : ''}${b.name === 'wasm' ? ', one thread' : ''}) on ${b.ready?.device ?? 'cpu'} (${b.script})`;
    const device = b.forceCpu || !b.ready.cuda ? 'cpu' : `cuda (${b.ready.device})`;
    return `torch ${b.ready.torch} on ${device} (${b.python})`;
}
