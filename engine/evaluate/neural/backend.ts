import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isAbsentMessage, isReadyMessage, type ReadyMessage } from '../../../protocol/neural-worker.js';
import { packageRoot } from '../../run/run-dir.js';

/**
 * Neural back-ends: which engine builds and runs networks. Built: `torch` (a Python worker,
 * workers/torch/worker.py, CUDA when present, else CPU) and `wasm` (tfjs on WebAssembly in a Node worker,
 * workers/wasm/worker.ts bundled to out/workers/wasm-worker.cjs; CPU, every proxy, no training).
 * The other tfjs back-ends the design names (tensorflow, webgpu) are not built yet: asking for them is a clear
 * error, never a silent fallback.
 *   auto  = torch when an interpreter with torch is found (about 9x faster than wasm on the same CPU, and it has
 *           every proxy and training), else wasm when the task is one wasm has, else an error naming what to install
 *   torch = the torch worker, or an error saying torch was asked for
 *   cpu   = the torch worker kept on the CPU even when CUDA is present
 *   wasm  = the wasm worker; a proxy or training it lacks is refused, naming the back-end that has it
 */
export const BACKEND_NAMES = ['auto', 'torch', 'cpu', 'tensorflow', 'webgpu', 'wasm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const UNBUILT_BACKENDS: readonly BackendName[] = ['tensorflow', 'webgpu'];
/** What the wasm worker computes (workers/wasm/proxies.ts WASM_PROXIES; a test keeps the two equal). */
export const WASM_PROXIES: readonly string[] = ['synflow', 'naswot', 'grad_norm', 'snip', 'jacob_cov', 'fisher', 'params', 'flops'];
/** The built back-ends, for messages. */
export const AVAILABLE_BACKENDS = BACKEND_NAMES.filter((b) => !UNBUILT_BACKENDS.includes(b)).join(', ');

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

/** The wasm worker bundle and the folder of its .wasm binaries (both under out/workers/, `npm run bundle`). */
export interface WasmBackend {
    name: 'wasm';
    script: string;
    wasmDir: string;
    ready?: ReadyMessage;
}

export type NeuralBackend = TorchBackend | WasmBackend;

/** What a run asks of the back-end: a proxy by name, or training. */
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
    python: string;
    ready?: ReadyMessage;
    /** Why this interpreter cannot serve (not found, no torch, a broken answer). */
    problem?: string;
}

const probes = new Map<string, Probe>();

/** Asks one interpreter for `worker.py --probe` (it imports torch: about 2 s); cached per process. */
export function probe(python: string, script: string): Probe {
    const cached = probes.get(`${python}\0${script}`);
    if (cached) return cached;
    const r = spawnSync(python, [script, '--probe'], { shell: false, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    let result: Probe;
    if (r.error) {
        result = { python, problem: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : r.error.message };
    } else {
        const last = r.stdout.trim().split('\n').pop() ?? '';
        let message: unknown;
        try {
            message = JSON.parse(last);
        } catch {
            message = undefined;
        }
        if (isReadyMessage.is(message)) result = { python, ready: message };
        else if (isAbsentMessage.is(message)) result = { python, problem: `cannot import torch (${message.message})` };
        else {
            const tail = (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ');
            result = { python, problem: `the worker probe failed (exit ${r.status ?? r.signal})${tail ? `: ${tail.slice(0, 300)}` : ''}` };
        }
    }
    probes.set(`${python}\0${script}`, result);
    return result;
}

/** Forgets cached probes (tests that change LISSNAS_PYTHON in one process). */
export function forgetProbes(): void {
    probes.clear();
}

/**
 * The wasm worker as built by `npm run bundle` (out/workers/, also inside the .vsix): the same file from the
 * bundled CLI and from the sources (tfjs-core's ESM files import directories, which Node cannot load unbundled).
 * Undefined with the reason when it is missing.
 */
export function wasmBackend(): WasmBackend | string {
    const root = packageRoot()?.dir;
    if (!root) return 'the package root was not found';
    const dir = join(root, 'out', 'workers');
    const script = join(dir, 'wasm-worker.cjs');
    if (!existsSync(script)) return `the wasm worker (out/workers/wasm-worker.cjs) is missing from ${root}: run \`npm run bundle\``;
    if (!existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))) return `tfjs-backend-wasm's binaries are missing from ${dir}: run \`npm run bundle\``;
    return { name: 'wasm', script, wasmDir: dir };
}

/** The wasm worker builds NB201-style cell networks only; layer chains need torch (docs/proxies.md). */
export const WASM_CHAIN_REFUSAL = `layer-chain (MobileNet-style) networks are built by the torch back-end only, not by wasm: use --backend torch; ${INSTALL_HINT}`;

/** Why the wasm worker cannot do `need` (undefined: it can). */
export function wasmRefusal(need: NeuralNeed | undefined): string | undefined {
    if (!need) return undefined;
    // The torch worker refuses `device cuda` without CUDA; wasm must not run it on the CPU silently either.
    if (need.device === 'cuda') return 'device cuda was asked for, and the wasm back-end runs on the CPU only; use --backend torch on a machine with CUDA, or device auto';
    if ('train' in need) return `train(...) is not built on the wasm back-end (wasm has the proxies ${WASM_PROXIES.join(', ')}); the torch back-end has it (--backend torch)`;
    if (!WASM_PROXIES.includes(need.proxy)) return `proxy ${need.proxy} is not built on the wasm back-end (wasm has: ${WASM_PROXIES.join(', ')}); the torch back-end has it (--backend torch)`;
    return undefined;
}

/**
 * The back-end a run will use for `requested` and `need`, or an error saying what is missing and how to install
 * it. `auto` prefers torch (faster, complete), then wasm (always installable from npm) for what wasm has.
 */
export function resolveBackend(requested: 'torch' | 'cpu', env?: NodeJS.ProcessEnv, need?: NeuralNeed): TorchBackend;
export function resolveBackend(requested: BackendName, env?: NodeJS.ProcessEnv, need?: NeuralNeed): NeuralBackend;
export function resolveBackend(requested: BackendName, env: NodeJS.ProcessEnv = process.env, need?: NeuralNeed): NeuralBackend {
    if (UNBUILT_BACKENDS.includes(requested)) {
        throw new BackendUnavailable(`back-end '${requested}' is not available in this version (available: ${AVAILABLE_BACKENDS}; docs/known-gaps.md)`);
    }
    if (requested === 'wasm') {
        const refusal = wasmRefusal(need);
        if (refusal) throw new BackendUnavailable(refusal);
        const w = wasmBackend();
        if (typeof w === 'string') throw new BackendUnavailable(`back-end 'wasm' is not available: ${w}`);
        return w;
    }
    const script = workerScript();
    const tried: Probe[] = [];
    for (const python of pythonCandidates(env)) {
        const p = probe(python, script);
        if (p.ready) return { name: 'torch', python, script, forceCpu: requested === 'cpu', ready: p.ready };
        tried.push(p);
    }
    let wasmWhy = '';
    if (requested === 'auto') {
        const w = wasmBackend();
        const refusal = wasmRefusal(need);
        if (typeof w !== 'string' && !refusal) return w;
        wasmWhy = `; wasm: ${typeof w === 'string' ? w : refusal}`;
    }
    const what = requested === 'auto' ? 'no neural back-end is available' : `back-end '${requested}' is not available`;
    throw new BackendUnavailable(`${what}: ${tried.map((p) => `${p.python}: ${p.problem}`).join('; ')}${wasmWhy}. To evaluate proxy(...) and train(...), ${INSTALL_HINT}`);
}

/** One line for people: `torch 1.13.1 on cpu (/usr/bin/python3)`, `wasm (tfjs 4.22.0, one thread) on cpu (.../wasm-worker.cjs)`. */
export function describeBackend(b: NeuralBackend): string {
    // Before the worker starts (the run's first log line) the version is unknown: result.json records the loaded one.
    if (b.name === 'wasm') return `wasm (tfjs${b.ready?.tfjs ? ` ${b.ready.tfjs}` : ''}, one thread) on cpu (${b.script})`;
    const device = b.forceCpu || !b.ready.cuda ? 'cpu' : `cuda (${b.ready.device})`;
    return `torch ${b.ready.torch} on ${device} (${b.python})`;
}
