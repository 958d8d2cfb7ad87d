import type { BackendInfo } from '../../report/result.js';
import type { EpochRecord, ProxyRequest, TrainRequest, WorkerMessage } from '../../../protocol/neural-worker.js';
import type { Genotype, SearchSpace } from '../../space/types.js';
import { throwIfAborted, toScore, type EvaluationResult, type Evaluator, type ResultCallback } from '../types.js';
import { describeBackend, seChainSynflowRefusal, isTfjs, resolveBackend, type BackendName, type NeuralBackend, type TfjsEngineName } from './backend.js';
import { planArchitecture, type NetworkPlan } from './network-plan.js';
import type { ProxySettings, TrainEvaluatorSettings } from './neural-settings.js';
import { WorkerProcess, WorkerGone } from './worker-process.js';
import { defaultParallel, torchThreads, WorkerPool } from './worker-pool.js';

export type NeuralTask = { kind: 'proxy'; settings: ProxySettings } | { kind: 'train'; settings: TrainEvaluatorSettings };

export interface NeuralOptions {
    name: string;
    task: NeuralTask;
    /** The back-end asked for (`--backend`, default auto); resolved on first use (or by `prepare`). */
    backend?: BackendName;
    /** How to build the networks of a space (the session knows which `SpaceSpec` a compiled space came from). */
    planFor: (space: SearchSpace) => NetworkPlan | string;
    /** Folder of the Fashion-MNIST IDX files (default: the worker's search, LISSNAS_FASHION_MNIST then Debian's). */
    dataDir?: string;
}

/** What did the work, as result.json records it (torch: its version and interpreter; tfjs engines: tfjs's version and Node's). */
export type BackendRecord = ({ name: 'torch'; device: string; torch: string; python: string } | { name: TfjsEngineName; device: string; tfjs: string; node: string }) & {
    /** Worker processes evaluating networks at once (the pool's size). */
    workers: number;
};

/** result.json's `backend` of a record. */
export function backendInfo(r: BackendRecord): BackendInfo {
    return 'tfjs' in r ? { name: r.name, device: r.device, version: r.tfjs, node: r.node, workers: r.workers } : { name: r.name, device: r.device, version: r.torch, python: r.python, workers: r.workers };
}

/**
 * `proxy(name)` and `train(dataset)` evaluators on a neural back-end (torch or a tfjs engine): a pool of worker
 * processes (`parallel`, default worker-pool.ts defaultParallel: one per core on the CPU, one on a GPU), each started on
 * first use, replaced after a death, one network at a time; a batch's networks are spread over the pool and each
 * result is reported (`onResult`) as it ends. Each item ends as a result: a value, or a recorded failure
 * (NaN loss, out of memory, synflow 0, the worker killed or timed out), never a crashed run. An abort kills the
 * workers in use and rejects the batch; finished items were already reported through `onResult`.
 * Cache identity: canonical (isomorphic cells build the same network; evaluating twice wastes time).
 */
export class NeuralEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize = false;
    readonly cacheBy = 'canonical' as const;
    private resolved: NeuralBackend | undefined;
    private workers: WorkerPool | undefined;
    /** The first worker's `ready` (what result.json records). */
    private ready: WorkerProcess['ready'];

    constructor(readonly options: NeuralOptions) {
        this.name = options.name;
    }

    /** Resolves the back-end now (throws `BackendUnavailable` with what to install); runs call it before starting. */
    prepare(): NeuralBackend {
        const task = this.options.task;
        const device = task.settings.device;
        this.resolved ??= resolveBackend(this.options.backend ?? 'auto', process.env, task.kind === 'proxy' ? { proxy: task.settings.proxy, device } : { train: true, device });
        return this.resolved;
    }

    /** The back-end in words, with the worker processes it will run (the run's first log line). */
    describe(): string {
        const b = this.prepare();
        const n = this.poolSize(b);
        return `${describeBackend(b)}${n > 1 ? `, ${n} worker processes` : ''}`;
    }

    get record(): BackendRecord | undefined {
        const b = this.resolved;
        if (!b) return undefined;
        const workers = this.workers?.size ?? this.poolSize(b);
        if (isTfjs(b)) {
            const ready = this.ready ?? b.ready;
            return { name: b.name, device: ready?.device ?? 'cpu', tfjs: ready?.tfjs ?? 'unknown', node: process.version, workers };
        }
        return { name: 'torch', device: this.onCpu(b) ? 'cpu' : `cuda (${b.ready.device})`, torch: b.ready.torch, python: b.python, workers };
    }

    /** Worker processes at once: the `parallel` setting, else the back-end's default. */
    private poolSize(b: NeuralBackend): number {
        return this.options.task.settings.parallel ?? defaultParallel(b, this.onCpu(b));
    }

    /** Whether the networks are computed on the CPU (a torch worker without CUDA, kept on the CPU, or asked for `device cpu`). */
    private onCpu(b: NeuralBackend): boolean {
        return isTfjs(b) ? !b.ready?.gpu : b.forceCpu || !b.ready.cuda || this.options.task.settings.device === 'cpu';
    }

    private requestedDevice(): 'auto' | 'cpu' | 'cuda' {
        const b = this.resolved;
        return b && (isTfjs(b) || b.forceCpu) ? 'cpu' : this.options.task.settings.device;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        const plan = this.options.planFor(space);
        if (typeof plan === 'string') throw new Error(`evaluator ${this.name}: ${plan}`);
        const backend = this.prepare();
        // Refused here, before any evaluation: every one would fail the same way (the tfjs worker computes synflow in
        // float32, which a chain with SE overflows).
        const task = this.options.task;
        if (plan.kind === 'chain' && plan.chain.se.includes(true) && task.kind === 'proxy' && task.settings.proxy === 'synflow' && isTfjs(backend)) throw new Error(`evaluator ${this.name}, space ${space.name}: ${seChainSynflowRefusal(backend.name)}`);
        const pool = this.pool();
        const results = new Array<EvaluationResult>(genotypes.length);
        let next = 0;
        // One lane per worker the batch can use: each takes the next network until none is left.
        const lane = async (): Promise<void> => {
            for (let i = next++; i < genotypes.length && !signal?.aborted; i = next++) {
                const result = await this.one(pool, genotypes[i], space, plan, signal);
                if (signal?.aborted) return; // cut short by the abort: not a result
                results[i] = result;
                onResult?.(i, result);
            }
        };
        await Promise.all(Array.from({ length: Math.min(pool.size, genotypes.length) }, lane));
        throwIfAborted(signal);
        return results;
    }

    /** Stops the workers (end of a run). */
    async close(): Promise<void> {
        const pool = this.workers;
        this.workers = undefined;
        await pool?.close();
    }

    private pool(): WorkerPool {
        const backend = this.prepare();
        if (this.workers) return this.workers;
        const size = this.poolSize(backend);
        const threads = backend.name === 'torch' ? torchThreads(size) : undefined;
        this.workers = new WorkerPool(async () => {
            const w = await WorkerProcess.start(backend, threads);
            this.ready ??= w.ready;
            if (isTfjs(backend)) backend.ready ??= w.ready;
            return w;
        }, size);
        return this.workers;
    }

    private async one(pool: WorkerPool, g: Genotype, space: SearchSpace, plan: NetworkPlan, signal: AbortSignal | undefined): Promise<EvaluationResult> {
        const arch = space.format(g);
        const base = { key: space.key(g), canonical: space.canonical(g), genotype: g.slice() };
        let started = performance.now();
        const epochs: EpochRecord[] = [];
        const done = (metric: number | undefined, report: number | undefined, error?: string): EvaluationResult => ({
            ...base,
            metric,
            report,
            score: toScore(metric, this.minimize),
            cost: { queries: 1, seconds: (performance.now() - started) / 1000 },
            ...(epochs.length > 0 ? { epochs } : {}),
            ...(error !== undefined ? { error } : {}),
        });
        let worker: WorkerProcess;
        try {
            worker = await pool.acquire();
        } catch (e) {
            return done(undefined, undefined, `${this.resolved?.name ?? 'neural'} worker: ${(e as Error).message}`);
        }
        started = performance.now(); // the cost is the evaluation's, not the worker's start-up
        const task = this.options.task;
        const timeoutSeconds = task.kind === 'train' ? task.settings.timeoutSeconds : undefined;
        let timedOut = false;
        const timer = timeoutSeconds !== undefined ? setTimeout(() => ((timedOut = true), worker.kill(`timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000) : undefined;
        const onAbort = (): void => worker.kill('aborted');
        signal?.addEventListener('abort', onAbort, { once: true });
        let answer: WorkerMessage;
        try {
            answer = await worker.request(requestBody(task, plan, g, this.requestedDevice(), this.options.dataDir), (m) => {
                if (m.type === 'epoch') epochs.push(m.record);
            });
        } catch (e) {
            if (signal?.aborted) return done(undefined, undefined, 'aborted');
            const reason = e instanceof WorkerGone ? e.message : `${worker.label}: ${(e as Error).message}`;
            return done(undefined, undefined, timedOut ? `${task.kind} timed out after ${timeoutSeconds} s for ${arch}` : `${reason} (evaluating ${arch})`);
        } finally {
            if (timer) clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            pool.release(worker);
        }
        if (answer.type === 'result') {
            if (answer.epochs) epochs.splice(0, epochs.length, ...answer.epochs);
            return done(answer.value, task.kind === 'train' ? answer.report : undefined);
        }
        if (answer.type === 'failed') return done(undefined, undefined, `${task.kind === 'proxy' ? task.settings.proxy : 'training'}: ${answer.message}`);
        return done(undefined, undefined, `the ${worker.label} answered '${answer.type}' to an evaluation`);
    }
}

/** The worker request evaluating genotype `g` for `task`. */
function requestBody(task: NeuralTask, plan: NetworkPlan, g: Genotype, device: 'auto' | 'cpu' | 'cuda', dataDir: string | undefined): Omit<ProxyRequest, 'id'> | Omit<TrainRequest, 'id'> {
    const common = { network: plan.network, ...planArchitecture(plan), genotype: plan.read(g), device };
    const microBatch = task.settings.microBatch !== undefined ? { microBatch: task.settings.microBatch } : {};
    const folder = dataDir ? { dataDir } : {};
    if (task.kind === 'proxy') {
        const s = task.settings;
        return { type: 'proxy', ...common, proxy: s.proxy, batch: s.batch, ...microBatch, ...(s.data ? { data: s.data, ...folder } : {}), seed: s.seed };
    }
    const s = task.settings;
    return { type: 'train', ...common, settings: { epochs: s.epochs, batch: s.batch, ...microBatch, lr: s.lr, subset: s.subset, validation: s.validation, test: s.test, seed: s.seed, ...folder } };
}
