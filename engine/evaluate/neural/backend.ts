import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isAbsentMessage, isReadyMessage, type ReadyMessage } from '../../../protocol/neural-worker.js';
import { packageRoot } from '../../run/run-dir.js';

/**
 * Neural back-ends: which engine builds and runs networks. This version has one, `torch` (a Python worker,
 * workers/torch/worker.py, CUDA when present, else CPU). The tfjs back-ends the design names (tensorflow, webgpu,
 * wasm) are not built yet: asking for them is a clear error, never a silent fallback.
 *   auto  = torch when an interpreter with torch is found, else an error naming what to install
 *   torch = the same, but the error says torch was asked for
 *   cpu   = the torch worker kept on the CPU even when CUDA is present
 */
export const BACKEND_NAMES = ['auto', 'torch', 'cpu', 'tensorflow', 'webgpu', 'wasm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export const UNBUILT_BACKENDS: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm'];

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

/** The back-end a run will use for `requested`, or an error saying what is missing and how to install it. */
export function resolveBackend(requested: BackendName, env: NodeJS.ProcessEnv = process.env): TorchBackend {
    if (UNBUILT_BACKENDS.includes(requested)) {
        throw new BackendUnavailable(`back-end '${requested}' is not available in this version (available: auto, torch, cpu; docs/known-gaps.md)`);
    }
    const script = workerScript();
    const tried: Probe[] = [];
    for (const python of pythonCandidates(env)) {
        const p = probe(python, script);
        if (p.ready) return { name: 'torch', python, script, forceCpu: requested === 'cpu', ready: p.ready };
        tried.push(p);
    }
    const what = requested === 'auto' ? 'no neural back-end is available' : `back-end '${requested}' is not available`;
    throw new BackendUnavailable(`${what}: ${tried.map((p) => `${p.python}: ${p.problem}`).join('; ')}. To evaluate proxy(...) and train(...), ${INSTALL_HINT}`);
}

/** One line for people: `torch 1.13.1 on cpu (/usr/bin/python3)`. */
export function describeBackend(b: TorchBackend): string {
    const device = b.forceCpu || !b.ready.cuda ? 'cpu' : `cuda (${b.ready.device})`;
    return `torch ${b.ready.torch} on ${device} (${b.python})`;
}
