import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, fstatSync, renameSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Genotype, SearchSpace } from '../space/types.js';
import { keptEnv, readTrialAnswer, tail, trialArgv, trialEnv, type OutputMode, type TrialContext } from './trial-protocol.js';
import type { Executor } from '../registry/executor-shape.js';
import { retireJob, SlurmRunner } from './slurm/slurm-runner.js';
import { describeJobAccount } from './slurm/job-account.js';
import { clearTrialProcess, readTrialExit, readTrialProcess, recordTrialExit, recordTrialProcess, trialProcessState, waitForTrialProcess } from './local-trial-process.js';
import type { WatchTrial } from './trial-watch.js';
import { throwIfAborted, toScore, type AttemptRecord, type EvaluationResult, type Evaluator, type ResultCallback } from './types.js';
export { splitCommandLine } from './command-line.js';
export { lastNumber } from './last-number.js';

/** After the abort's SIGTERM, how long a trial may take to exit (save a checkpoint, clean up) before SIGKILL. */
export const ABORT_GRACE_MS = 5000;

/** Bytes of a trial's stdout/stderr read back for its answer and error messages (the logs stay whole on disk). */
const TAIL_BYTES = 1 << 16;

export interface CommandOptions {
    name?: string;
    /** Program and arguments, run WITHOUT a shell; the trial placeholders (trial-protocol.ts) are substituted in each. */
    argv: string[];
    /** Working directory (the `.nas` file's folder). */
    cwd?: string;
    /** Per-attempt wall-clock limit in seconds (default: none). */
    timeoutSeconds?: number;
    /** Trials running at the same time (default 1). */
    parallel?: number;
    minimize?: boolean;
    /** Extra attempts after a failed one (default 0). Every failed attempt is kept in the result's `attempts`. */
    retries?: number;
    /** `json` (the trial protocol, default) or `last_number` (the last number printed on stdout). */
    output?: OutputMode;
    /** Field of the result object that is the metric (default `metric`), and of the report (default: the metric). */
    metricField?: string;
    reportField?: string;
    /** `{seed}` / LISSNAS_SEED (default 0). */
    seed?: number;
    /** The run directory: trials write under `<runDir>/trials/<trial id>/`. Default: a fresh temporary folder. */
    runDir?: string;
    /** The environment the kept variables are taken from (default `process.env`). */
    parentEnv?: Readonly<Record<string, string | undefined>>;
    /** Where trials run: local child processes (default) or Slurm jobs. */
    executor?: Executor;
    /** Told when each trial starts and ends (the run tails its progress.jsonl in between: trial-watch.ts). */
    watchTrial?: WatchTrial;
}

/**
 * Evaluates a genotype by running a trial program (a training script, a proxy, a wrapper around a scheduler)
 * under the trial protocol (docs/scale-out.md): placeholders and LISSNAS_* variables tell it what to evaluate
 * and where to write; its answer is a JSON object in its result file, or the last JSON line of its stdout.
 * The program is spawned directly (no shell: the architecture string holds `|` and `~`) in a process group of
 * its own, so a timeout or a cancel ends the whole tree it started (data loaders, workers).
 * A failed attempt (non-zero exit, timeout, no answer) is retried `retries` times; the last failure is an
 * evaluation error, not a failure of the run.
 * Cache identity: canonical (isomorphic cells are the same network; training one twice wastes a query).
 */
export class CommandEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize: boolean;
    readonly cacheBy = 'canonical' as const;
    private runDir: string | undefined;
    /** The Slurm side (executor slurm), made on first use: it needs the run directory. */
    slurm: SlurmRunner | undefined;

    constructor(readonly options: CommandOptions) {
        if (options.argv.length === 0) throw new Error('command: empty command line');
        this.name = options.name ?? `command(${options.argv.join(' ')})`;
        this.minimize = options.minimize ?? false;
        this.runDir = options.runDir;
    }

    /** Trials running now, by id: the same genotype asked twice at once shares one trial (and one folder). */
    private readonly inFlight = new Map<string, Promise<{ result: EvaluationResult; aborted: boolean }>>();

    /** The trial id of a genotype: stable across processes (a resumed run finds the same folder). */
    trialId(space: SearchSpace, g: Genotype): string {
        return `t-${createHash('sha1').update(`${this.name}\0${space.format(g)}`).digest('hex').slice(0, 12)}`;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        this.runDir ??= mkdtempSync(join(tmpdir(), 'lissnas-trials-'));
        const executor = this.options.executor;
        if (executor?.kind === 'slurm' && !this.slurm) {
            const poll = Number((this.options.parentEnv ?? process.env).LISSNAS_SLURM_POLL_MS);
            this.slurm = new SlurmRunner({ ...executor, runDir: this.runDir, evaluator: this.name, env: keptEnv(this.options.parentEnv ?? process.env), ...(poll > 0 ? { pollMs: poll } : {}) });
        }
        const results = new Array<EvaluationResult>(genotypes.length);
        let next = 0;
        const worker = async (): Promise<void> => {
            while (next < genotypes.length) {
                const i = next++;
                const id = this.trialId(space, genotypes[i]);
                let trial = this.inFlight.get(id);
                if (!trial) {
                    trial = this.runTrial(id, genotypes[i], space, signal).finally(() => this.inFlight.delete(id));
                    this.inFlight.set(id, trial);
                }
                const { result, aborted } = await trial;
                results[i] = result;
                // Reported the moment its process is gone, not when the batch ends: the caller journals it at once.
                if (!aborted) onResult?.(i, result);
            }
        };
        // Slurm trials all wait at once (the scheduler and `array_limit` decide how many run); local ones `parallel`.
        const lanes = Math.max(1, Math.min(this.slurm ? genotypes.length : (this.options.parallel ?? 1), genotypes.length));
        // Every lane ends only when its process group has exited, so an abort rejects with no child left running.
        await Promise.all(Array.from({ length: lanes }, worker));
        throwIfAborted(signal);
        return results;
    }

    /** One trial, watched (its progress followed) from its first attempt to its end. */
    private async runTrial(trialId: string, g: Genotype, space: SearchSpace, signal: AbortSignal | undefined): Promise<{ result: EvaluationResult; aborted: boolean }> {
        const watch = this.options.watchTrial?.({ id: trialId, arch: space.format(g), progressFile: join(this.runDir!, 'trials', trialId, 'progress.jsonl') });
        let outcome: Awaited<ReturnType<CommandEvaluator['attemptTrial']>>;
        try {
            outcome = await this.attemptTrial(trialId, g, space, signal);
        } catch (e) {
            watch?.end({ status: 'failed', error: (e as Error).message }); // its poll must not outlive it
            throw e;
        }
        const error = outcome.result.error;
        watch?.end(outcome.aborted ? { status: 'cancelled', error: 'aborted' } : error === undefined ? { status: 'done' } : { status: 'failed', error });
        return outcome;
    }

    /** Attempts until one succeeds, the retries are spent, or the run is cancelled. */
    private async attemptTrial(trialId: string, g: Genotype, space: SearchSpace, signal: AbortSignal | undefined): Promise<{ result: EvaluationResult; aborted: boolean }> {
        const trialDir = join(this.runDir!, 'trials', trialId);
        mkdirSync(trialDir, { recursive: true });
        const base = { key: space.key(g), canonical: space.canonical(g), genotype: g.slice(), trial: trialId };
        const attempts: AttemptRecord[] = [];
        const retries = this.options.retries ?? 0;
        let seconds = 0;
        for (let attempt = 1; ; attempt++) {
            const context: TrialContext = {
                arch: space.format(g),
                key: space.key(g),
                genotype: g,
                trialId,
                trialDir,
                runDir: this.runDir!,
                resultFile: join(trialDir, 'result.json'),
                progressFile: join(trialDir, 'progress.jsonl'),
                seed: this.options.seed ?? 0,
                attempt,
            };
            const outcome = this.slurm
                ? await this.runSlurmAttempt(this.slurm, context, signal)
                : ((attempt === 1 ? await this.adoptAttempt(context, signal) : undefined) ?? (await this.runAttempt(context, signal)));
            seconds += outcome.seconds;
            if (outcome.aborted) {
                return { result: { ...base, metric: undefined, report: undefined, score: undefined, cost: { queries: 0, seconds }, error: 'aborted' }, aborted: true };
            }
            const withAttempts = attempts.length > 0 ? { attempts } : {};
            if (typeof outcome.answer !== 'string') {
                const a = outcome.answer;
                const result: EvaluationResult = { ...base, metric: a.metric, report: a.report, score: toScore(a.metric, this.minimize), cost: { queries: 1, seconds }, ...(a.extra ? { extra: a.extra } : {}), ...withAttempts };
                return { result, aborted: false };
            }
            attempts.push({ attempt, error: outcome.answer, seconds: outcome.seconds });
            if (attempt > retries || signal?.aborted) {
                const error = attempts.length > 1 ? `${outcome.answer} (after ${attempts.length} attempts)` : outcome.answer;
                return { result: { ...base, metric: undefined, report: undefined, score: undefined, cost: { queries: 1, seconds }, error, attempts }, aborted: false };
            }
        }
    }

    /**
     * One attempt as a Slurm job: re-attached when a previous process submitted it (trials/<id>/job), else
     * submitted. Its end is read like a local trial's: exit status, result file or stdout, stderr tail.
     */
    private async runSlurmAttempt(slurm: SlurmRunner, t: TrialContext, signal: AbortSignal | undefined): Promise<{ answer: ReturnType<typeof readTrialAnswer>; aborted: boolean; seconds: number; job?: string }> {
        const started = performance.now();
        const seconds = (): number => (performance.now() - started) / 1000;
        let job = SlurmRunner.journaledJob(t.trialDir);
        let end;
        if (job) end = await slurm.wait(job, t.trialDir, signal, this.options.timeoutSeconds);
        else {
            this.freshLogs(t);
            const env = trialEnv(this.options.parentEnv ?? process.env, t);
            delete env.CUDA_VISIBLE_DEVICES; // Slurm's own value (the GPUs it allocated) must win
            try {
                end = await slurm.run({ argv: trialArgv(this.options.argv, t), env, trialDir: t.trialDir, cwd: this.options.cwd ?? process.cwd() }, signal, this.options.timeoutSeconds);
            } catch (e) {
                return { answer: (e as Error).message, aborted: false, seconds: seconds() };
            }
            job = SlurmRunner.journaledJob(t.trialDir);
        }
        // This attempt is over (a cancelled job is not re-attached by a resume: it is submitted again).
        retireJob(t.trialDir);
        if (end === 'aborted') return { answer: 'aborted', aborted: true, seconds: seconds(), job };
        if (end === 'timeout') return { answer: `slurm job ${job} timed out after ${this.options.timeoutSeconds} s for ${t.arch} (scancel)`, aborted: false, seconds: seconds(), job };
        const stderrTail = tail(readTail(join(t.trialDir, 'stderr')));
        const why = stderrTail ? `: ${stderrTail}` : '';
        // Slurm's record (TIMEOUT, NODE_FAIL, PREEMPTED, cancelled by whom, killed by which signal) when it has one.
        const state = end.account ? describeJobAccount(end.account) : end.state;
        if (end.exitCode === undefined) return { answer: `slurm job ${job} ended ${state ?? 'and left the queue (cancelled before it started, or purged)'} with no exit status for ${t.arch}${why}`, aborted: false, seconds: seconds(), job };
        if (end.exitCode !== 0) return { answer: `command exited with ${end.exitCode} (slurm job ${job}, ${state ?? 'ended'}) for ${t.arch}${why}`, aborted: false, seconds: seconds(), job };
        const answer = readTrialAnswer(this.options.output ?? 'json', { metric: this.options.metricField ?? 'metric', report: this.options.reportField }, readIfExists(t.resultFile), readTail(join(t.trialDir, 'stdout')));
        if (typeof answer === 'string') return { answer: `command ${answer} (slurm job ${job}) for ${t.arch}${stderrTail ? `; stderr: ${stderrTail}` : ''}`, aborted: false, seconds: seconds(), job };
        const requeues = end.requeues > 0 ? { slurm_requeues: end.requeues } : {};
        return { answer: { ...answer, extra: { ...answer.extra, slurm_job: job, ...requeues } }, aborted: false, seconds: seconds(), job };
    }

    /**
     * The attempt a previous lissnas started for this trial and never saw the end of (it was SIGKILLed between
     * the trial's start and its journal line): waited for while its process group still runs (verified to be
     * the recorded one: trials/<id>/pid), then read like any attempt, so a trial is neither run twice nor lost.
     * Its exit status is the one that lissnas recorded (trials/<id>/exit_code) when it saw the end; a process
     * that ended unobserved is judged by its answer alone (exit status unknown). Undefined when there is
     * nothing to adopt, or it cannot be checked from here (another host, not Linux): the trial starts afresh.
     */
    private async adoptAttempt(t: TrialContext, signal: AbortSignal | undefined): Promise<{ answer: ReturnType<typeof readTrialAnswer>; aborted: boolean; seconds: number } | undefined> {
        const record = readTrialProcess(t.trialDir);
        // This process's own records are of attempts it saw end and reported: asked again, the trial runs again.
        if (!record || (record.owner === process.pid && record.hostname === hostname())) return undefined;
        // Another seed's attempt at the same architecture (a study's cells share the trial folder): not this trial.
        if (record.seed !== t.seed) return undefined;
        let status = readTrialExit(t.trialDir);
        const state = status !== undefined ? 'gone' : trialProcessState(record);
        if (state === 'unknown') return undefined;
        const started = performance.now();
        let ended = { aborted: false, timedOut: false };
        if (state === 'alive') {
            const limit = this.options.timeoutSeconds;
            ended = await waitForTrialProcess(record, signal, ABORT_GRACE_MS, limit === undefined ? undefined : record.startedAt + limit * 1000);
            status = readTrialExit(t.trialDir);
        }
        const end = this.attemptEnd(t, status ?? `unknown (process ${record.pid} of an earlier lissnas, adopted)`, ended.aborted, ended.timedOut);
        // Ended unobserved and left no answer (killed from outside: the OOM killer, a stopped service): nothing to
        // adopt, and no evidence the trial itself fails, so it runs afresh rather than being journaled as failed.
        if (status === undefined && !ended.aborted && !ended.timedOut && typeof end.answer === 'string') return undefined;
        return { ...end, seconds: (performance.now() - started) / 1000 };
    }

    /**
     * How an attempt's process ended, read from its files: `status` is its exit code, a signal's name, or a text
     * saying it is unknown (an adopted process that ended unobserved: its answer alone decides).
     */
    private attemptEnd(t: TrialContext, status: number | string, aborted: boolean, timedOut: boolean): { answer: ReturnType<typeof readTrialAnswer>; aborted: boolean } {
        const known = typeof status === 'number' || /^-?\d+$/.test(status) || /^SIG/.test(status);
        const ok = known ? Number(status) === 0 : true;
        const answer = ok ? readTrialAnswer(this.options.output ?? 'json', { metric: this.options.metricField ?? 'metric', report: this.options.reportField }, readIfExists(t.resultFile), readTail(join(t.trialDir, 'stdout'))) : undefined;
        // Finished on its own before (or despite) the abort: a real result, kept.
        if (aborted && answer !== undefined && typeof answer !== 'string') return { answer, aborted: false };
        if (aborted) return { answer: 'aborted', aborted: true };
        if (timedOut) return { answer: `command timed out after ${this.options.timeoutSeconds} s for ${t.arch}`, aborted: false };
        const stderrTail = tail(readTail(join(t.trialDir, 'stderr')));
        if (!ok) return { answer: `command exited with ${status} for ${t.arch}${stderrTail ? `: ${stderrTail}` : ''}`, aborted: false };
        const unknown = known ? '' : ` (exit status ${status})`;
        if (typeof answer === 'string') return { answer: `command ${answer}${unknown} for ${t.arch}${stderrTail ? `; stderr: ${stderrTail}` : ''}`, aborted: false };
        return { answer: answer!, aborted: false };
    }

    /** Moves an earlier attempt's logs aside and removes its result file. */
    private freshLogs(t: TrialContext): void {
        for (const p of [join(t.trialDir, 'stdout'), join(t.trialDir, 'stderr')]) if (existsSync(p)) renameSync(p, nextFreeName(p));
        rmSync(t.resultFile, { force: true });
    }

    /**
     * One process group. On abort it gets SIGTERM (time to exit cleanly), then SIGKILL after ABORT_GRACE_MS; a
     * trial that still exits 0 with an answer has finished its evaluation, which is then a result like any other.
     */
    private runAttempt(t: TrialContext, signal: AbortSignal | undefined): Promise<{ answer: ReturnType<typeof readTrialAnswer>; aborted: boolean; seconds: number }> {
        const argv = trialArgv(this.options.argv, t);
        const stdoutPath = join(t.trialDir, 'stdout');
        const stderrPath = join(t.trialDir, 'stderr');
        // The logs of an earlier attempt (this process's or a killed one's) are kept beside, never mixed in.
        this.freshLogs(t);
        clearTrialProcess(t.trialDir);
        const started = performance.now();
        return new Promise((resolvePromise) => {
            if (signal?.aborted) return resolvePromise({ answer: 'aborted', aborted: true, seconds: 0 });
            // The child writes straight into its log files: nothing is lost if this process dies, and no pipe fills.
            const out = openSync(stdoutPath, 'w');
            const err = openSync(stderrPath, 'w');
            const child = spawn(argv[0], argv.slice(1), {
                cwd: this.options.cwd,
                shell: false,
                detached: true, // its own process group: killing -pid reaches everything it started
                env: trialEnv(this.options.parentEnv ?? process.env, t),
                stdio: ['ignore', out, err],
            });
            closeSync(out);
            closeSync(err);
            if (child.pid !== undefined) recordTrialProcess(t.trialDir, child.pid, t.attempt, t.seed);
            let timedOut = false;
            let aborted = false;
            const killGroup = (sig: NodeJS.Signals): void => {
                try {
                    if (child.pid !== undefined) process.kill(-child.pid, sig);
                } catch {
                    // the group is already gone
                }
            };
            const timer =
                this.options.timeoutSeconds !== undefined
                    ? setTimeout(() => {
                          timedOut = true;
                          killGroup('SIGKILL');
                      }, this.options.timeoutSeconds * 1000)
                    : undefined;
            let killTimer: NodeJS.Timeout | undefined;
            const onAbort = (): void => {
                aborted = true;
                killGroup('SIGTERM');
                killTimer = setTimeout(() => killGroup('SIGKILL'), ABORT_GRACE_MS);
            };
            signal?.addEventListener('abort', onAbort, { once: true });
            const finish = (answer: ReturnType<typeof readTrialAnswer>, cut = false): void => {
                if (timer) clearTimeout(timer);
                if (killTimer) clearTimeout(killTimer);
                signal?.removeEventListener('abort', onAbort);
                // Whatever the leader's fate, nothing of its group may outlive the attempt.
                killGroup('SIGKILL');
                resolvePromise({ answer, aborted: cut, seconds: (performance.now() - started) / 1000 });
            };
            child.on('error', (e) => finish(`command ${argv[0]}: ${e.message}`, aborted));
            child.on('exit', (code, sig) => {
                const end = this.attemptEnd(t, code ?? sig ?? 'unknown', aborted, timedOut);
                // Recorded at once: a lissnas killed before journaling this attempt adopts it on resume. An
                // attempt this run stopped itself (Ctrl-C, SIGTERM) is not journaled: a resume runs it again.
                if (end.aborted) clearTrialProcess(t.trialDir);
                else recordTrialExit(t.trialDir, code ?? sig ?? 'unknown');
                finish(end.answer, end.aborted);
            });
        });
    }
}

/** `stdout.1`, `stdout.2`, ...: the first name not taken. */
function nextFreeName(path: string): string {
    for (let n = 1; ; n++) if (!existsSync(`${path}.${n}`)) return `${path}.${n}`;
}

function readIfExists(path: string): string | undefined {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The last TAIL_BYTES of a file (its answer line and error tail are at the end). */
function readTail(path: string): string {
    if (!existsSync(path)) return '';
    const fd = openSync(path, 'r');
    try {
        const size = fstatSync(fd).size;
        const length = Math.min(size, TAIL_BYTES);
        const buffer = Buffer.alloc(length);
        readSync(fd, buffer, 0, length, size - length);
        return buffer.toString('utf8');
    } finally {
        closeSync(fd);
    }
}
