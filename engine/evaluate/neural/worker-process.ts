import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { isWorkerMessage, NEURAL_PROTOCOL, type ReadyMessage, type WorkerMessage, type WorkerRequest } from '../../../protocol/neural-worker.js';
import type { NeuralBackend } from './backend.js';

/** A request without its id (the worker assigns ids); distributive, so each request type keeps its fields. */
export type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** After SIGTERM, how long the worker may take before SIGKILL (it holds no state worth saving). */
export const WORKER_KILL_GRACE_MS = 2000;

/** The worker process died or broke the protocol: the request in flight gets this (a failed evaluation). */
export class WorkerGone extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'WorkerGone';
    }
}

interface Pending {
    id: number;
    resolve: (m: WorkerMessage) => void;
    reject: (e: Error) => void;
    onMessage?: (m: WorkerMessage) => void;
}

/**
 * One worker process, spawned without a shell, speaking JSON lines: the Python worker (workers/torch/worker.py)
 * or the tfjs worker (out/workers/tfjs-worker.cjs, run by this Node binary, on one engine); both speak protocol/neural-worker.ts. One request
 * at a time (the worker is sequential; torch uses the cores inside it). Every line read is checked against
 * protocol/neural-worker.ts; a malformed line, an exit or a kill fails the request in flight with `WorkerGone`,
 * and the worker is dead for good (the evaluator starts another).
 */
export class WorkerProcess {
    private buffer = '';
    private stderr = '';
    private pending: Pending | undefined;
    private nextId = 1;
    private dead: string | undefined;
    ready: ReadyMessage | undefined;

    private constructor(
        private readonly child: ChildProcessWithoutNullStreams,
        /** 'torch worker' or 'wasm worker', in messages. */
        readonly label: string,
    ) {}

    get pid(): number | undefined {
        return this.child.pid;
    }

    get alive(): boolean {
        return this.dead === undefined;
    }

    /** @param torchThreads LISSNAS_TORCH_THREADS for a torch worker, unless the user set it (worker-pool.ts). */
    static start(backend: NeuralBackend, torchThreads?: number): Promise<WorkerProcess> {
        let child: ChildProcessWithoutNullStreams;
        if (backend.name !== 'torch') {
            child = spawn(process.execPath, [backend.script, '--engine', backend.name, backend.wasmDir], { shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
        } else {
            const threads = torchThreads !== undefined && !process.env.LISSNAS_TORCH_THREADS ? { LISSNAS_TORCH_THREADS: String(torchThreads) } : {};
            const env = { ...process.env, PYTHONUNBUFFERED: '1', ...threads, ...(backend.forceCpu ? { CUDA_VISIBLE_DEVICES: '' } : {}) };
            child = spawn(backend.python, [backend.script], { shell: false, stdio: ['pipe', 'pipe', 'pipe'], env });
        }
        const worker = new WorkerProcess(child, `${backend.name} worker`);
        return new Promise((resolve, reject) => {
            worker.pending = {
                id: 0,
                resolve: (m) => {
                    if (m.type === 'ready' && m.protocol === NEURAL_PROTOCOL) {
                        worker.ready = m;
                        resolve(worker);
                    } else {
                        worker.kill();
                        reject(new WorkerGone(m.type === 'ready' ? `the ${worker.label} speaks protocol ${m.protocol}, this engine ${NEURAL_PROTOCOL}` : `the ${worker.label} started with '${m.type}' instead of 'ready'`));
                    }
                },
                reject,
            };
            worker.listen();
        });
    }

    /**
     * An idle worker must not keep Node alive (a study's sessions never close theirs; stdin's EOF then ends the
     * worker when Node exits); a busy one must, or Node would exit in the middle of an evaluation.
     */
    private hold(busy: boolean): void {
        for (const s of [this.child.stdout, this.child.stderr, this.child.stdin] as unknown as Socket[]) {
            if (busy) s.ref?.();
            else s.unref?.();
        }
        if (busy) this.child.ref();
        else this.child.unref();
    }

    private listen(): void {
        this.child.stdout.setEncoding('utf8');
        this.child.stdout.on('data', (chunk: string) => {
            this.buffer += chunk;
            for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
                const line = this.buffer.slice(0, nl).trim();
                this.buffer = this.buffer.slice(nl + 1);
                if (line) this.onLine(line);
            }
        });
        this.child.stderr.setEncoding('utf8');
        this.child.stderr.on('data', (chunk: string) => {
            this.stderr += chunk;
            if (this.stderr.length > 20_000) this.stderr = this.stderr.slice(-10_000);
        });
        this.child.on('error', (e) => this.fail(`the ${this.label} could not start: ${e.message}`));
        this.child.on('close', (code, signal) => {
            const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
            this.fail(`the ${this.label} ${signal ? `was killed (${signal})` : `exited with ${code}`}${tail ? `: ${tail.slice(0, 400)}` : ''}`);
        });
        this.child.stdin.on('error', () => {}); // EPIPE after a death: reported by 'close'
    }

    private onLine(line: string): void {
        let value: unknown;
        try {
            value = JSON.parse(line);
        } catch {
            return this.fail(`the ${this.label} printed a line that is not JSON (${line.length} characters)`, true);
        }
        const problem = isWorkerMessage.problem(value);
        if (problem) return this.fail(`the ${this.label} sent a malformed message: ${problem}`, true);
        const m = value as WorkerMessage;
        const p = this.pending;
        if (!p) return;
        const id = m.type === 'ready' ? 0 : m.id;
        if (id !== p.id && !(m.type === 'failed' && m.id === null)) return this.fail(`the ${this.label} answered request ${id} while ${p.id} was pending`, true);
        if (m.type === 'epoch') return p.onMessage?.(m);
        this.pending = undefined;
        this.hold(false);
        p.resolve(m);
    }

    private fail(reason: string, kill = false): void {
        if (this.dead === undefined) this.dead = reason;
        if (kill) this.kill();
        const p = this.pending;
        this.pending = undefined;
        p?.reject(new WorkerGone(this.dead));
    }

    /** Sends one request; resolves with its final answer (`epoch` lines go to `onMessage`). */
    request(body: RequestBody, onMessage?: (m: WorkerMessage) => void): Promise<WorkerMessage> {
        if (this.dead !== undefined) return Promise.reject(new WorkerGone(this.dead));
        if (this.pending) return Promise.reject(new Error(`${this.label}: one request at a time`));
        const id = this.nextId++;
        this.hold(true);
        return new Promise((resolve, reject) => {
            this.pending = { id, resolve, reject, onMessage };
            this.child.stdin.write(JSON.stringify({ ...body, id }) + '\n');
        });
    }

    /** SIGTERM, then SIGKILL after the grace; the request in flight fails with `WorkerGone`. */
    kill(reason?: string): void {
        if (reason && this.dead === undefined) this.dead = reason;
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        this.child.kill('SIGTERM');
        const timer = setTimeout(() => this.child.kill('SIGKILL'), WORKER_KILL_GRACE_MS);
        timer.unref();
        this.child.once('close', () => clearTimeout(timer));
    }

    /** Closes stdin: the worker finishes and exits. */
    close(): void {
        if (this.dead === undefined) this.dead = 'closed';
        this.hold(true); // whoever closes may wait for the exit: keep Node alive until then
        this.child.stdin.end();
    }

    /** Resolves when the process has exited. */
    exited(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
        return new Promise((resolve) => this.child.once('close', () => resolve()));
    }
}
