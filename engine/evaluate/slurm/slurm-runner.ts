// Trials as Slurm jobs: the same trial protocol as local trials (placeholders, LISSNAS_* variables, result file,
// logs under trials/<id>/), with the process started by slurmd instead of lissnas. Trials asked for within a
// short window are submitted together as ONE array job (one sbatch, one scheduler entry); one squeue call per
// poll tracks every live trial; scancel ends them on cancel or timeout. The job id of each trial is written to
// trials/<id>/job the moment sbatch answers, so a resumed run finds its jobs and waits for them again instead
// of submitting them twice.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlurmOptions } from '../../registry/executor-shape.js';
import { shellQuote } from './shell-quote.js';
import { parseSacct, parseScontrolJob, sacctArgs, type JobAccount } from './job-account.js';

/** A trial to run as a job: its argv (placeholders substituted), environment, folder and working directory. */
export interface SlurmTrial {
    argv: string[];
    env: Record<string, string>;
    trialDir: string;
    cwd: string;
}

/** How a job ended, as far as this process can tell. */
export interface SlurmEnd {
    job: string;
    /** The trial program's exit status (from its exit_code file); undefined when it never wrote one. */
    exitCode: number | undefined;
    /** Slurm's final state (COMPLETED, FAILED, TIMEOUT, CANCELLED, ...) when squeue still knew the job. */
    state: string | undefined;
    /** Seconds from submission (or re-attachment) to the end. */
    seconds: number;
    /** Slurm's record of the end (sacct, else scontrol), asked for when the job did not end COMPLETED with exit status 0. */
    account?: JobAccount;
    /** Times the job was requeued: seen back to PENDING after it ran, or Slurm's SLURM_RESTART_COUNT of its last run (trials/<id>/restarts). */
    requeues: number;
}

export const FINAL = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED', 'NODE_FAIL', 'PREEMPTED', 'OUT_OF_MEMORY', 'BOOT_FAIL', 'DEADLINE', 'SPECIAL_EXIT', 'REVOKED']);

/** States of a job put back in the queue after it ran. */
const REQUEUED = new Set(['PENDING', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED']);

interface Waiter {
    job: string;
    trialDir: string;
    started: number;
    /** Polls in a row in which squeue did not list the job. */
    missing: number;
    state?: string;
    requeues: number;
    resolve: (end: SlurmEnd) => void;
}

export interface SlurmRunnerOptions extends SlurmOptions {
    runDir: string;
    /** Name of the evaluator (job names: `lissnas-<evaluator>`). */
    evaluator: string;
    /** Environment for sbatch/squeue/scancel themselves (SLURM_CONF, PATH). */
    env: Record<string, string>;
    /** Milliseconds between squeue polls (LISSNAS_SLURM_POLL_MS; default 1000). */
    pollMs?: number;
    /** Milliseconds trials wait to be submitted together (default 200). */
    batchMs?: number;
}

export class SlurmRunner {
    private readonly waiters = new Map<string, Waiter>();
    private pending: Array<{ trial: SlurmTrial; done: (job: string | Error) => void }> = [];
    private batchTimer: NodeJS.Timeout | undefined;
    private pollTimer: NodeJS.Timeout | undefined;
    private polling = false;
    private batches = 0;
    /** Job names carry a hash of the run directory: squeue lists this run's jobs only. */
    readonly jobName: string;
    /** sbatch calls made by this process (array jobs submitted). */
    submissions = 0;
    /** squeue calls made by this process. */
    polls = 0;
    /** False once sacct failed (no accounting storage): ended jobs are then looked up with scontrol only. */
    private sacctUsable = true;

    constructor(readonly options: SlurmRunnerOptions) {
        this.jobName = `lissnas-${options.evaluator.replace(/[^\w-]/g, '_')}-${createHash('sha1').update(options.runDir).digest('hex').slice(0, 8)}`;
    }

    /** The job id a previous process submitted for this trial folder (trials/<id>/job), if any. */
    static journaledJob(trialDir: string): string | undefined {
        const path = join(trialDir, 'job');
        return existsSync(path) ? readFileSync(path, 'utf8').trim() || undefined : undefined;
    }

    /** Submits (batched with the trials asked for in the same window) and waits for the job's end. */
    async run(trial: SlurmTrial, signal?: AbortSignal, timeoutSeconds?: number): Promise<SlurmEnd | 'aborted' | 'timeout'> {
        const script = join(trial.trialDir, 'run.sh');
        writeFileSync(script, trialScript(trial), { mode: 0o755 });
        rmSync(join(trial.trialDir, 'exit_code'), { force: true });
        const job = await new Promise<string | Error>((done) => {
            this.pending.push({ trial, done });
            this.batchTimer ??= setTimeout(() => void this.submitPending(), this.options.batchMs ?? 200);
        });
        if (job instanceof Error) throw job;
        return this.wait(job, trial.trialDir, signal, timeoutSeconds);
    }

    /** Waits for a job already submitted (by this process or one that was killed); scancel on abort or timeout. */
    wait(job: string, trialDir: string, signal?: AbortSignal, timeoutSeconds?: number): Promise<SlurmEnd | 'aborted' | 'timeout'> {
        return new Promise((resolve) => {
            let timer: NodeJS.Timeout | undefined;
            const stop = (why: 'aborted' | 'timeout'): void => {
                this.waiters.delete(job);
                if (timer) clearTimeout(timer);
                signal?.removeEventListener('abort', onAbort);
                void this.command('scancel', [job]).finally(() => resolve(why));
            };
            const onAbort = (): void => stop('aborted');
            if (signal?.aborted) return stop('aborted');
            signal?.addEventListener('abort', onAbort, { once: true });
            if (timeoutSeconds !== undefined) timer = setTimeout(() => stop('timeout'), timeoutSeconds * 1000);
            this.waiters.set(job, {
                job,
                trialDir,
                started: performance.now(),
                missing: 0,
                requeues: 0,
                resolve: (end) => {
                    if (timer) clearTimeout(timer);
                    signal?.removeEventListener('abort', onAbort);
                    resolve(end);
                },
            });
            this.schedulePoll();
        });
    }

    private async submitPending(): Promise<void> {
        this.batchTimer = undefined;
        const batch = this.pending;
        this.pending = [];
        if (batch.length === 0) return;
        const dir = join(this.options.runDir, 'slurm');
        mkdirSync(dir, { recursive: true });
        const list = join(dir, `batch-${process.pid}-${this.batches++}.list`);
        writeFileSync(list, batch.map((b) => join(b.trial.trialDir, 'run.sh')).join('\n') + '\n');
        // The array element picks its trial's script by index; the trial's own script runs its argv, quoted.
        const wrapper = `#!/bin/sh\nexec /bin/sh "$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" ${shellQuote(list)})"\n`;
        const wrapperPath = `${list}.sh`;
        writeFileSync(wrapperPath, wrapper, { mode: 0o755 });
        const o = this.options;
        const args = [
            '--parsable',
            `--job-name=${this.jobName}`,
            `--array=0-${batch.length - 1}${o.arrayLimit ? `%${o.arrayLimit}` : ''}`,
            `--output=${join(dir, '%A_%a.out')}`,
            ...(o.partition ? [`--partition=${o.partition}`] : []),
            ...(o.account ? [`--account=${o.account}`] : []),
            ...(o.qos ? [`--qos=${o.qos}`] : []),
            ...(o.gres ? [`--gres=${o.gres}`] : []),
            ...(o.timeSeconds ? [`--time=${Math.ceil(o.timeSeconds / 60)}`] : []),
            ...(o.cpus ? [`--cpus-per-task=${o.cpus}`] : []),
            ...(o.mem ? [`--mem=${o.mem}`] : []),
            wrapperPath,
        ];
        const r = await this.command('sbatch', args);
        const id = r.code === 0 ? /^(\d+)/.exec(r.stdout.trim())?.[1] : undefined;
        this.submissions++;
        batch.forEach((b, i) => {
            if (!id) return b.done(new Error(`sbatch failed (${r.code}): ${r.stderr.trim().slice(-300)}`));
            const job = `${id}_${i}`;
            // Journaled at once: a lissnas killed from here on finds the job again on resume.
            writeFileSync(join(b.trial.trialDir, 'job'), `${job}\n`);
            b.done(job);
        });
    }

    private schedulePoll(): void {
        if (this.pollTimer || this.polling) return;
        this.pollTimer = setTimeout(() => {
            this.pollTimer = undefined;
            void this.poll();
        }, this.options.pollMs ?? 1000);
    }

    /** One squeue for every live trial of this run; ended ones resolve; the next poll is scheduled while any wait. */
    private async poll(): Promise<void> {
        if (this.waiters.size === 0) return;
        this.polling = true;
        try {
            this.polls++;
            const r = await this.command('squeue', ['-h', '-r', '-t', 'all', `--name=${this.jobName}`, '-o', '%i|%T']);
            if (r.code !== 0) return; // the controller is busy or restarting: ask again next time
            const states = new Map(r.stdout.split('\n').filter(Boolean).map((l) => l.split('|') as [string, string]));
            const ended: Array<{ w: Waiter; exitCode: number | undefined }> = [];
            for (const w of [...this.waiters.values()]) {
                // A one-element array cancelled before it started is listed under the bare job id.
                const state = states.get(w.job) ?? (w.job.endsWith('_0') ? states.get(w.job.slice(0, -2)) : undefined);
                const exitFile = join(w.trialDir, 'exit_code');
                if (state !== undefined) {
                    // Requeued (preempted with PreemptMode=REQUEUE, a failed node, `scontrol requeue`): same id,
                    // waited for again; its run.sh starts by removing the killed run's exit status and answer.
                    if (REQUEUED.has(state) && w.state !== undefined && !REQUEUED.has(w.state)) w.requeues++;
                    w.state = state;
                    w.missing = 0;
                    if (!FINAL.has(state)) continue;
                } else if (!existsSync(exitFile) && ++w.missing < 3) continue; // not listed yet, or just purged
                this.waiters.delete(w.job);
                const read = existsSync(exitFile) ? Number(readFileSync(exitFile, 'utf8').trim()) : undefined;
                ended.push({ w, exitCode: Number.isFinite(read) ? read : undefined });
            }
            // Anything but a clean end: Slurm's own record says why (TIMEOUT, NODE_FAIL, PREEMPTED, by whom...),
            // asked for every such job of this poll at once.
            const unclean = ended.filter(({ w, exitCode }) => exitCode !== 0 || (w.state !== undefined && w.state !== 'COMPLETED'));
            const accounts = await this.accounts(unclean.map(({ w }) => w.job));
            for (const { w, exitCode } of ended) {
                const account = accounts.get(w.job);
                const restarts = existsSync(join(w.trialDir, 'restarts')) ? Number(readFileSync(join(w.trialDir, 'restarts'), 'utf8').trim()) : 0;
                const requeues = Math.max(w.requeues, Number.isInteger(restarts) ? restarts : 0);
                w.resolve({ job: w.job, exitCode, state: account?.state ?? w.state, seconds: (performance.now() - w.started) / 1000, requeues, ...(account ? { account } : {}) });
            }
        } finally {
            this.polling = false;
            if (this.waiters.size > 0) this.schedulePoll();
        }
    }

    /**
     * Slurm's records of ended jobs: one sacct for all of them when accounting storage is configured (a job it
     * lists in a final state), else `scontrol show job` for each job sacct did not answer, while the controller
     * remembers it; a job neither knows is absent from the map.
     */
    async accounts(jobs: readonly string[]): Promise<Map<string, JobAccount>> {
        const found = new Map<string, JobAccount>();
        if (jobs.length === 0) return found;
        if (this.sacctUsable) {
            const r = await this.command('sacct', sacctArgs(jobs.join(',')));
            // Off for the rest of the run only when it cannot work here: no sacct at all, or "accounting storage is
            // disabled"; a passing failure (slurmdbd restarting) falls back to scontrol for these jobs only.
            if (r.code === null || (r.code !== 0 && /disabled/i.test(r.stderr))) this.sacctUsable = false;
            for (const job of r.code === 0 ? jobs : []) {
                const a = parseSacct(r.stdout, job);
                if (a && FINAL.has(a.state)) found.set(job, a);
            }
        }
        for (const job of jobs.filter((j) => !found.has(j))) {
            const r = await this.command('scontrol', ['show', 'job', job]);
            const a = r.code === 0 ? parseScontrolJob(r.stdout) : undefined;
            if (a) found.set(job, a);
        }
        return found;
    }

    /** Runs a Slurm command (no shell) with the runner's environment. */
    command(program: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
        return new Promise((resolve) => {
            const child = spawn(program, args, { shell: false, env: this.options.env, stdio: ['ignore', 'pipe', 'pipe'] });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('error', (e) => resolve({ code: null, stdout, stderr: `${program}: ${e.message}` }));
            child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
    }
}

/** Moves a finished attempt's job file aside (`job.1`, ...): the next attempt submits anew. */
export function retireJob(trialDir: string): void {
    const path = join(trialDir, 'job');
    if (!existsSync(path)) return;
    let n = 1;
    while (existsSync(`${path}.${n}`)) n++;
    renameSync(path, `${path}.${n}`);
}

/** Variables Slurm sets in a job that a trial program may need (its allocation), passed through when set. */
const SLURM_PASSED = ['SLURM_RESTART_COUNT', 'SLURM_JOB_ID', 'SLURM_ARRAY_JOB_ID', 'SLURM_ARRAY_TASK_ID', 'SLURM_CPUS_PER_TASK', 'SLURM_CPUS_ON_NODE', 'SLURM_MEM_PER_NODE', 'SLURM_JOB_GPUS', 'CUDA_VISIBLE_DEVICES', 'SLURM_JOB_NODELIST'];

/** The job step of one trial: its argv with its environment only, logs in its folder, then its exit status. */
function trialScript(t: SlurmTrial): string {
    const q = shellQuote;
    const env = Object.entries(t.env).map(([k, v]) => q(`${k}=${v}`));
    return [
        '#!/bin/sh',
        `cd ${q(t.cwd)} || exit 97`,
        // A requeued job (preemption, node failure) runs this again: the killed run's exit status and answer go.
        `rm -f ${q(join(t.trialDir, 'exit_code'))} ${q(join(t.trialDir, 'result.json'))}`,
        // Slurm's own count of this job's requeues: a requeue and restart between two polls is counted all the same.
        `echo "\${SLURM_RESTART_COUNT:-0}" > ${q(join(t.trialDir, 'restarts'))}`,
        // env -i: only the trial's variables, plus what Slurm tells the job about its allocation.
        `env -i ${SLURM_PASSED.map((n) => `\${${n}+"${n}=$${n}"}`).join(' ')} ${env.join(' ')} ${t.argv.map(q).join(' ')} > ${q(join(t.trialDir, 'stdout'))} 2> ${q(join(t.trialDir, 'stderr'))}`,
        // Written atomically (a poll never reads half a number); the job's own state follows the program's status.
        'code=$?',
        `echo $code > ${q(join(t.trialDir, 'exit_code'))}.tmp && mv ${q(join(t.trialDir, 'exit_code'))}.tmp ${q(join(t.trialDir, 'exit_code'))}`,
        'exit $code',
        '',
    ].join('\n');
}
