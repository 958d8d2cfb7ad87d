import { availableParallelism, totalmem } from 'node:os';
import type { NeuralBackend } from './backend.js';
import type { WorkerProcess } from './worker-process.js';

/**
 * What one wasm worker may hold at most: tfjs-backend-wasm's heap is capped at 4 GiB, plus Node's own half GiB.
 * The default pool never plans more wasm workers than memory holds at that worst case.
 */
export const WASM_WORKER_BYTES = 4.5 * 2 ** 30;
/**
 * What one torch worker on the CPU is planned to hold at most: a planning figure, not a measured peak (the small
 * networks of examples/fashion.nas train in under 0.5 GiB a process: docs/benchmarks.md); room for larger networks.
 */
export const TORCH_CPU_WORKER_BYTES = 3 * 2 ** 30;

export interface Machine {
    cores: number;
    memoryBytes: number;
}

export const THIS_MACHINE: Machine = { cores: availableParallelism(), memoryBytes: totalmem() };

/**
 * Worker processes an evaluator runs when its `parallel` setting is left out: one per core on the CPU, as memory
 * allows at a worst case per process. wasm runs one thread a process (tfjs disables wasm threads under Node);
 * torch on the CPU gets one thread a process (torchThreads), because for NAS-sized networks processes scale and
 * intra-op threads do not (docs/benchmarks.md, bench:neural-pool: two one-thread torch processes 1.95x one, two
 * wasm processes 1.62x one, on 2 cores). A GPU (torch on CUDA, webgpu, tensorflow) is one device: one process.
 */
export function defaultParallel(backend: NeuralBackend, onCpu: boolean, machine: Machine = THIS_MACHINE): number {
    const perWorker = backend.name === 'wasm' ? WASM_WORKER_BYTES : backend.name === 'torch' && onCpu ? TORCH_CPU_WORKER_BYTES : undefined;
    if (perWorker === undefined) return 1;
    return Math.max(1, Math.min(machine.cores, Math.floor(machine.memoryBytes / perWorker)));
}

/**
 * torch threads per worker when `workers` torch processes share the machine: the cores split between them, so
 * they do not each start one thread per core and contend (undefined: torch's default, one process).
 */
export function torchThreads(workers: number, machine: Machine = THIS_MACHINE): number | undefined {
    return workers > 1 ? Math.max(1, Math.floor(machine.cores / workers)) : undefined;
}

/**
 * At most `size` worker processes, started on demand and kept between batches. `acquire` hands out an idle live
 * worker, else starts one while fewer than `size` exist, else waits for a release; a worker that died (killed on
 * a timeout or an abort, out of memory) is dropped when released, and the next acquire starts a fresh one.
 */
export class WorkerPool {
    private readonly idle: WorkerProcess[] = [];
    /** Live and busy workers, and dead ones not yet released. */
    private readonly members = new Set<WorkerProcess>();
    private starting = 0;
    private readonly waiting: Array<() => void> = [];

    constructor(
        private readonly startWorker: () => Promise<WorkerProcess>,
        readonly size: number,
    ) {}

    /** Workers started so far that are alive (idle or busy). */
    get alive(): WorkerProcess[] {
        return [...this.members].filter((w) => w.alive);
    }

    async acquire(): Promise<WorkerProcess> {
        for (;;) {
            for (let w = this.idle.pop(); w; w = this.idle.pop()) {
                if (w.alive) return w;
                this.members.delete(w);
            }
            if (this.members.size + this.starting < this.size) {
                this.starting++;
                try {
                    const w = await this.startWorker();
                    this.members.add(w);
                    return w;
                } finally {
                    this.starting--;
                    this.wake(); // a failed start frees its place for a waiter
                }
            }
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
    }

    release(w: WorkerProcess): void {
        if (w.alive) this.idle.push(w);
        else this.members.delete(w);
        this.wake();
    }

    private wake(): void {
        this.waiting.shift()?.();
    }

    /** Closes every worker (stdin ends: each finishes and exits) and waits for their exits. */
    async close(): Promise<void> {
        const all = [...this.members];
        this.members.clear();
        this.idle.length = 0;
        await Promise.all(
            all.map(async (w) => {
                if (!w.alive) return;
                w.close();
                await w.exited();
            }),
        );
    }
}
