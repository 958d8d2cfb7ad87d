/**
 * Sizes computed off the request thread. Sizing a space can take seconds (a sampled estimate of an 8-node
 * cell, a unique-graph count) and, on the thread that answers LSP requests, made every other request wait and
 * ignored `$/cancelRequest`. Here each computation is a job for ONE long-lived `worker_threads` Worker
 * (server/size-worker.ts) that sizes one job at a time:
 * - **time budget** (`sizeWorkerLimits.timeMs`, default 5 s, `LISSNAS_SIZE_TIME_MS`): a job still running
 *   then is answered "not computed (too costly in the editor ...)", and the worker is terminated (that is
 *   the only way to stop a synchronous computation) and started again for the next job;
 * - **memory bound** (`sizeWorkerLimits.memoryMb`, default 256 MB of old-generation heap plus 32 MB young
 *   (an eighth of the old generation when that is smaller),
 *   `LISSNAS_SIZE_MEMORY_MB`): `resourceLimits` of the worker; a job over it kills only the worker and is
 *   answered "not computed (needs more than N MB ...)";
 * - **cancellation**: a waiter whose request is cancelled stops waiting at once (the request answers
 *   RequestCancelled); a job nobody waits for any more is dropped from the queue, or, when running, stopped
 *   by terminating the worker;
 * - **priority**: hover and the size requests queue before the background jobs of inlay hints and code lens.
 * Answers (including "not computed") are cached by job key (the compiled spec's hash), so each distinct
 * space costs one job; `peek` reads the cache synchronously. Spaces that are plain arithmetic (`cheapSpec`)
 * are sized on the spot: a message to the worker would cost more.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { OperationCancelled, type Cancellation } from 'langium';
import { SizeAnswer, type SizeJob, type WireSize } from '../../protocol/size-worker.js';
import type { SpaceSpec } from '../../engine/spec.js';
import { sanitizeMessage } from '../../dsl/messages.js';
import { editorSizeBudget } from './editor-size.js';
import { answerJob } from './size-answer.js';

function envNumber(name: string, fallback: number): number {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** The bounds of one size job (read once at start; tests of the bounds start a server with other values). */
export const sizeWorkerLimits = {
    timeMs: envNumber('LISSNAS_SIZE_TIME_MS', 5_000),
    memoryMb: envNumber('LISSNAS_SIZE_MEMORY_MB', 256),
    /**
     * How long a hover waits for a job before it answers without the size (`LISSNAS_HOVER_WAIT_MS`): every request
     * answers within a second (issue 7); the job goes on, and the next hover reads its answer from the cache.
     */
    hoverWaitMs: envNumber('LISSNAS_HOVER_WAIT_MS', 750),
};

export type SizeOutcome =
    | { type: 'sized'; size: WireSize; uniqueKnown: boolean; kind?: string; formula?: string }
    | { type: 'failed'; message: string }
    | { type: 'empty' }
    /** Stopped by a bound (time, memory) or a dead worker: the message says why and what to run instead
     * (`too costly in the editor (over 5 s): \`lissnas size\` computes it`); shown after "size not computed: ". */
    | { type: 'not-computed'; message: string };

export type SizeWhat = SizeJob['what'];

interface Pending {
    key: string;
    what: SizeWhat;
    spec: SpaceSpec;
    /** Requests still waiting (cancelled ones leave); background jobs count one that never leaves. */
    waiters: number;
    background: boolean;
    promise: Promise<SizeOutcome>;
    resolve: (outcome: SizeOutcome) => void;
}

const CACHE_SIZE = 1024;

/** Spaces sized by arithmetic alone: parameters and layer chains, no `when`, no constraints, at any depth. */
const cheapSpecs = new WeakMap<SpaceSpec, boolean>();
export function cheapSpec(spec: SpaceSpec): boolean {
    let known = cheapSpecs.get(spec);
    if (known === undefined) {
        known =
            spec.constraints.length === 0 &&
            spec.components.every((c) => (c.kind === 'param' ? !c.when : c.kind === 'chain' ? true : c.kind === 'subspace' ? !c.when && cheapSpec(c.space) : false));
        cheapSpecs.set(spec, known);
    }
    return known;
}

/** Where the worker's code is: next to the bundle (out/server/size-worker.cjs), or the source under tsx. */
function workerFile(): string {
    const here = import.meta.url;
    return fileURLToPath(here.endsWith('.cjs') ? new URL('./size-worker.cjs', here) : new URL('../size-worker.ts', here));
}

/**
 * The worker's code: the bundle as it is; the TypeScript source (tests, a checkout without a bundle) behind
 * tsx's loader, registered inside the worker (a worker does not inherit the `--import tsx` of its parent
 * under the test runner).
 */
function startWorker(file: string, options: WorkerOptions): Worker {
    if (file.endsWith('.cjs')) return new Worker(file, options);
    // tsx's CommonJS hook: the worker's imports (engine/size, protocol/) are plain TypeScript, no ESM-only package.
    const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
    const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
    return new Worker(boot, { ...options, eval: true });
}

export class SizeJobs {
    private readonly cache = new Map<string, SizeOutcome>();
    private readonly pending = new Map<string, Pending>();
    private readonly queue: Pending[] = [];
    private worker: Worker | undefined;
    private running: { job: Pending; id: number; timer: ReturnType<typeof setTimeout> } | undefined;
    private nextId = 1;
    private readonly listeners: Array<() => void> = [];
    /** Workers started so far (the first, then one per restart): for tests and the log. */
    started = 0;

    /** Called when a background job (inlay hints, code lens) has its answer: the client may refresh them. */
    onBackgroundAnswer(listener: () => void): void {
        this.listeners.push(listener);
    }

    /** The cached answer, or the answer computed on the spot for a plain-arithmetic space; else undefined. */
    peek(key: string, what: SizeWhat, spec: SpaceSpec): SizeOutcome | undefined {
        const hit = this.cache.get(key);
        if (hit) {
            this.cache.delete(key); // LRU: refresh its place
            this.cache.set(key, hit);
            return hit;
        }
        if (!cheapSpec(spec)) return undefined;
        const outcome = toOutcome(answerJob({ id: 0, what, spec: spec as unknown as SizeJob['spec'], estimateMs: editorSizeBudget.estimateMs }));
        this.remember(key, outcome);
        return outcome;
    }

    /**
     * The answer for `key`, computed by the worker when not cached. With a token, cancelling it rejects with
     * Langium's OperationCancelled (the request then answers RequestCancelled). `background` jobs queue after
     * the others and notify `onBackgroundAnswer` listeners.
     */
    request(key: string, what: SizeWhat, spec: SpaceSpec, options: { token?: Cancellation.CancellationToken; background?: boolean } = {}): Promise<SizeOutcome> {
        const known = this.peek(key, what, spec);
        if (known) return Promise.resolve(known);
        let job = this.pending.get(key);
        if (!job) {
            let resolve!: (outcome: SizeOutcome) => void;
            const promise = new Promise<SizeOutcome>((r) => (resolve = r));
            job = { key, what, spec, waiters: 0, background: false, promise, resolve };
            this.pending.set(key, job);
            if (options.background) this.queue.push(job);
            else this.queue.unshift(job);
        } else if (!options.background && this.queue.includes(job)) {
            // A request now waits for it: move it before the background jobs.
            this.queue.splice(this.queue.indexOf(job), 1);
            this.queue.unshift(job);
        }
        if (options.background && !job.background) {
            job.background = true;
            job.waiters++;
        }
        const token = options.token;
        if (!token) {
            if (!options.background) job.waiters++;
            this.pump();
            return job.promise;
        }
        if (token.isCancellationRequested) {
            this.abandonIfUnwanted(job);
            return Promise.reject(OperationCancelled);
        }
        job.waiters++;
        const waited = job;
        this.pump();
        return new Promise<SizeOutcome>((resolve, reject) => {
            const subscription = token.onCancellationRequested(() => {
                subscription.dispose();
                waited.waiters--;
                this.abandonIfUnwanted(waited);
                reject(OperationCancelled);
            });
            waited.promise.then((outcome) => {
                subscription.dispose();
                resolve(outcome);
            });
        });
    }

    /** Stops the worker (server shutdown, tests). Queued jobs are answered "not computed". */
    dispose(): void {
        for (const job of [...this.queue]) this.finish(job, notComputed('the language server is shutting down'), false);
        if (this.running) this.finish(this.running.job, notComputed('the language server is shutting down'), false);
        this.stopWorker();
    }

    private abandonIfUnwanted(job: Pending): void {
        if (job.waiters > 0) return;
        this.pending.delete(job.key);
        const queued = this.queue.indexOf(job);
        if (queued >= 0) this.queue.splice(queued, 1);
        if (this.running?.job === job) {
            // A synchronous computation cannot be interrupted: the worker goes, a fresh one takes the next job.
            clearTimeout(this.running.timer);
            this.running = undefined;
            this.stopWorker();
            this.pump();
        }
    }

    private remember(key: string, outcome: SizeOutcome): void {
        this.cache.set(key, outcome);
        if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    }

    private finish(job: Pending, outcome: SizeOutcome, cache = true): void {
        if (this.running?.job === job) {
            clearTimeout(this.running.timer);
            this.running = undefined;
        }
        const queued = this.queue.indexOf(job);
        if (queued >= 0) this.queue.splice(queued, 1);
        if (this.pending.get(job.key) === job) this.pending.delete(job.key);
        if (cache) this.remember(job.key, outcome);
        job.resolve(outcome);
        if (job.background) for (const listener of this.listeners) listener();
    }

    private pump(): void {
        if (this.running || this.queue.length === 0) return;
        const job = this.queue.shift()!;
        const worker = this.ensureWorker();
        if (!worker) return this.finish(job, notComputed('the size worker is missing: run `npm run bundle`'), false), this.pump();
        const id = this.nextId++;
        const timer = setTimeout(() => {
            this.stopWorker();
            this.finish(job, notComputed(`too costly in the editor (over ${seconds(sizeWorkerLimits.timeMs)})`));
            this.pump();
        }, sizeWorkerLimits.timeMs);
        this.running = { job, id, timer };
        try {
            const message: SizeJob = { type: 'size', id, what: job.what, spec: job.spec as unknown as SizeJob['spec'], estimateMs: editorSizeBudget.estimateMs };
            worker.postMessage(message);
        } catch (error) {
            // A spec that cannot be cloned (nested too deep): say so rather than wait for the time budget.
            this.finish(job, notComputed(`could not hand the space to the size worker (${sanitizeMessage(error instanceof Error ? error.message : String(error))})`));
            this.pump();
        }
    }

    private ensureWorker(): Worker | undefined {
        if (this.worker) return this.worker;
        // A missing worker file (a broken install) surfaces as the worker's 'error' event below: "not computed".
        const worker = startWorker(workerFile(), {
            resourceLimits: { maxOldGenerationSizeMb: sizeWorkerLimits.memoryMb, maxYoungGenerationSizeMb: youngGenerationMb() },
        });
        this.started++;
        worker.on('message', (message: unknown) => {
            if (this.worker !== worker) return;
            const problem = SizeAnswer.problem(message);
            if (problem !== undefined) {
                console.error(`[nas] size worker: malformed answer ignored: ${problem}`);
                return;
            }
            const answer = message as SizeAnswer;
            if (!this.running || this.running.id !== answer.id) return; // the answer of an abandoned job
            this.finish(this.running.job, toOutcome(answer));
            this.pump();
        });
        const died = (why: SizeOutcome) => {
            if (this.worker !== worker) return; // stopped on purpose
            this.worker = undefined;
            if (this.running) this.finish(this.running.job, why);
            this.pump();
        };
        worker.on('error', (error: Error & { code?: string }) => {
            died(
                error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                    ? notComputed(`needs more than the editor's ${sizeWorkerLimits.memoryMb} MB`)
                    : notComputed(`the size worker failed (${sanitizeMessage(error.message)})`),
            );
        });
        worker.on('exit', (code) => died(notComputed(`the size worker stopped (exit code ${code})`)));
        // An idle worker must not keep a process alive (a 'message' listener refs it: unref after adding them);
        // while a job runs, its time-budget timer does.
        worker.unref();
        this.worker = worker;
        return worker;
    }

    private stopWorker(): void {
        const worker = this.worker;
        this.worker = undefined;
        if (worker) void worker.terminate();
    }
}

/** The young generation: 32 MB, or an eighth of a smaller old generation (the bound stays what it says). */
function youngGenerationMb(): number {
    return Math.max(1, Math.min(32, Math.floor(sizeWorkerLimits.memoryMb / 8)));
}

function seconds(ms: number): string {
    return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function notComputed(why: string): SizeOutcome {
    return { type: 'not-computed', message: `${why}: \`lissnas size\` computes it` };
}

function toOutcome(answer: SizeAnswer): SizeOutcome {
    switch (answer.type) {
        case 'sized':
            return { type: 'sized', size: answer.size, uniqueKnown: answer.uniqueKnown, kind: answer.kind, formula: answer.formula };
        case 'failed':
            return { type: 'failed', message: answer.message };
        case 'empty':
            return { type: 'empty' };
    }
}

/** The server's one set of size jobs (one worker per language server process). */
export const sizeJobs = new SizeJobs();
