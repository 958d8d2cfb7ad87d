import { spawn } from 'node:child_process';
import type { Genotype, SearchSpace } from '../space/types.js';
import { throwIfAborted, toScore, type EvaluationResult, type Evaluator, type ResultCallback } from './types.js';
export { splitCommandLine } from './command-line.js';

/** After the abort's SIGTERM, how long a command may take to exit (save a checkpoint, clean up) before SIGKILL. */
export const ABORT_GRACE_MS = 5000;

export interface CommandOptions {
    name?: string;
    /** Program and arguments, run WITHOUT a shell; `{arch}`, `{key}`, `{genotype}` are substituted in each argument. */
    argv: string[];
    /** Working directory (the `.nas` file's folder). */
    cwd?: string;
    /** Per-evaluation wall-clock limit in seconds (default: none). */
    timeoutSeconds?: number;
    /** Evaluations running at the same time (default 1). */
    parallel?: number;
    minimize?: boolean;
}

/** The last number printed on stdout (integers, decimals, exponents, `nan`/`inf` excluded). */
export function lastNumber(text: string): number | undefined {
    const matches = text.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g);
    if (!matches) return undefined;
    const x = Number(matches[matches.length - 1]);
    return Number.isFinite(x) ? x : undefined;
}

/**
 * Evaluates a genotype by running a program (a training script, a proxy, a remote job) and reading the last number
 * it prints on stdout. The program is spawned directly (no shell: the formatted architecture string holds `|`
 * and `~`, which a shell would interpret). Reported value = the same number (one number per run).
 * A non-zero exit, a timeout, or output without a number is an evaluation error, not a failure of the run.
 * Cache identity: canonical (isomorphic cells are the same network; training one twice wastes a query).
 */
export class CommandEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize: boolean;
    readonly cacheBy = 'canonical' as const;

    constructor(readonly options: CommandOptions) {
        if (options.argv.length === 0) throw new Error('command: empty command line');
        this.name = options.name ?? `command(${options.argv.join(' ')})`;
        this.minimize = options.minimize ?? false;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        const results = new Array<EvaluationResult>(genotypes.length);
        let next = 0;
        const worker = async (): Promise<void> => {
            while (next < genotypes.length) {
                const i = next++;
                const { result, aborted } = await this.runOne(genotypes[i], space, signal);
                results[i] = result;
                // Reported the moment its process is gone, not when the batch ends: the caller journals it at once.
                if (!aborted) onResult?.(i, result);
            }
        };
        const lanes = Math.max(1, Math.min(this.options.parallel ?? 1, genotypes.length));
        // Every lane ends only when its process has exited, so an abort rejects with no child left running.
        await Promise.all(Array.from({ length: lanes }, worker));
        throwIfAborted(signal);
        return results;
    }

    /**
     * One process. On abort it gets SIGTERM (time to exit cleanly), then SIGKILL after ABORT_GRACE_MS; a process
     * that still exits 0 with a number has finished its evaluation, which is then a result like any other.
     */
    private runOne(g: Genotype, space: SearchSpace, signal: AbortSignal | undefined): Promise<{ result: EvaluationResult; aborted: boolean }> {
        const arch = space.format(g);
        const argv = this.options.argv.map((a) => a.replaceAll('{arch}', arch).replaceAll('{key}', space.key(g)).replaceAll('{genotype}', JSON.stringify(g)));
        const base = { key: space.key(g), canonical: space.canonical(g), genotype: g.slice() };
        const started = performance.now();
        return new Promise((resolvePromise) => {
            if (signal?.aborted) {
                resolvePromise({ result: { ...base, metric: undefined, report: undefined, score: undefined, cost: { queries: 0, seconds: 0 }, error: 'aborted' }, aborted: true });
                return;
            }
            const child = spawn(argv[0], argv.slice(1), { cwd: this.options.cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
            let stdout = '';
            let stderr = '';
            let timedOut = false;
            let aborted = false;
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => {
                stderr += d.toString();
                if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
            });
            const timer =
                this.options.timeoutSeconds !== undefined
                    ? setTimeout(() => {
                          timedOut = true;
                          child.kill('SIGKILL');
                      }, this.options.timeoutSeconds * 1000)
                    : undefined;
            let killTimer: NodeJS.Timeout | undefined;
            const onAbort = (): void => {
                aborted = true;
                child.kill('SIGTERM');
                killTimer = setTimeout(() => child.kill('SIGKILL'), ABORT_GRACE_MS);
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            const finish = (error: string | undefined, metric: number | undefined, cut = false): void => {
                if (timer) clearTimeout(timer);
                if (killTimer) clearTimeout(killTimer);
                signal?.removeEventListener('abort', onAbort);
                const seconds = (performance.now() - started) / 1000;
                const result = { ...base, metric, report: metric, score: toScore(metric, this.minimize), cost: { queries: cut ? 0 : 1, seconds }, ...(error ? { error } : {}) };
                resolvePromise({ result, aborted: cut });
            };
            child.on('error', (e) => finish(`command ${argv[0]}: ${e.message}`, undefined, aborted));
            child.on('close', (code, sig) => {
                const x = code === 0 ? lastNumber(stdout) : undefined;
                // Finished on its own before (or despite) the abort: a real result, kept.
                if (aborted && x !== undefined) return finish(undefined, x);
                if (aborted) return finish('aborted', undefined, true);
                if (timedOut) return finish(`command timed out after ${this.options.timeoutSeconds} s for ${arch}`, undefined);
                const tail = stderr.trim().split('\n').slice(-3).join(' | ');
                if (code !== 0) return finish(`command exited with ${code ?? sig} for ${arch}${tail ? `: ${tail}` : ''}`, undefined);
                if (x === undefined) return finish(`command printed no number on stdout for ${arch}`, undefined);
                finish(undefined, x);
            });
        });
    }
}
