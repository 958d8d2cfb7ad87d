// Why a Slurm job ended, as the scheduler records it: `sacct` where accounting storage is configured (it keeps
// every job, and says who cancelled one), else `scontrol show job` (the controller remembers a finished job for
// MinJobAge, 300 s by default). Asked only for a job that ended without success or without its exit file, so a
// healthy run costs no extra scheduler call. Pure parsing here; the runner runs the commands.

/** A job's end as Slurm recorded it. */
export interface JobAccount {
    /** FAILED, TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY, CANCELLED, BOOT_FAIL, DEADLINE, COMPLETED, ... */
    state: string;
    /** Slurm's `exit:signal` of the batch script (`0:9`: killed by SIGKILL; `2:0`: exited with 2). */
    exitCode?: string;
    /** Slurm's reason code (JobLaunchFailure, NodeDown, ...), when it gives one other than None. */
    reason?: string;
    /** Who cancelled it (a uid, from sacct's `CANCELLED by UID`). */
    cancelledBy?: string;
    /** How often Slurm requeued it (preemption, node failure, `scontrol requeue`). */
    restarts?: number;
    from: 'sacct' | 'scontrol';
}

/** The sacct command line for jobs: `sacct -j ID[,ID...] --format=JobID,State,ExitCode,Reason -P -n`. */
export function sacctArgs(jobs: string): string[] {
    return ['-j', jobs, '--format=JobID,State,ExitCode,Reason', '-P', '-n'];
}

/**
 * sacct's `-P -n` lines (`JobID|State|ExitCode|Reason`) for `job`: the line of the job itself, not of its
 * steps (`12_0.batch`, `12_0.extern`). Undefined when sacct does not list it.
 */
export function parseSacct(text: string, job: string): JobAccount | undefined {
    for (const line of text.split('\n')) {
        const [id, state, exitCode, reason] = line.trim().split('|');
        if (id !== job || !state) continue;
        const by = /^(\S+) by (\S+)$/.exec(state);
        return clean({ state: by ? by[1] : state, exitCode, reason, cancelledBy: by?.[2], from: 'sacct' });
    }
    return undefined;
}

/** `scontrol show job ID` (its `Key=Value` pairs): undefined when the controller no longer knows the job. */
export function parseScontrolJob(text: string): JobAccount | undefined {
    const field = (name: string): string | undefined => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(text)?.[1];
    const state = field('JobState');
    if (!state) return undefined;
    const restarts = Number(field('Restarts'));
    return clean({ state, exitCode: field('ExitCode'), reason: field('Reason'), restarts: Number.isFinite(restarts) ? restarts : undefined, from: 'scontrol' });
}

function clean(a: JobAccount): JobAccount {
    const out: JobAccount = { state: a.state, from: a.from };
    if (a.exitCode && a.exitCode !== '') out.exitCode = a.exitCode;
    if (a.reason && a.reason !== 'None' && a.reason !== '(null)') out.reason = a.reason;
    if (a.cancelledBy) out.cancelledBy = a.cancelledBy;
    if (a.restarts) out.restarts = a.restarts;
    return out;
}

const MEANING: Record<string, string> = {
    TIMEOUT: "Slurm's time limit",
    PREEMPTED: 'preempted by a higher-priority job',
    NODE_FAIL: 'its node failed',
    OUT_OF_MEMORY: 'out of memory',
    BOOT_FAIL: 'its node failed to boot',
    DEADLINE: 'its deadline passed',
};

/** One phrase for an error message: `FAILED (killed by signal 9; reason JobLaunchFailure; sacct)`. */
export function describeJobAccount(a: JobAccount): string {
    const parts: string[] = [];
    if (a.state === 'CANCELLED') parts.push(a.cancelledBy !== undefined ? `by uid ${a.cancelledBy}` : 'by whom: unknown without sacct');
    else if (MEANING[a.state]) parts.push(MEANING[a.state]);
    const [code, signal] = (a.exitCode ?? '').split(':').map(Number);
    if (signal > 0) parts.push(`killed by signal ${signal}`);
    else if (code > 0) parts.push(`exit code ${code}`);
    if (a.reason) parts.push(`reason ${a.reason}`);
    if (a.restarts) parts.push(`requeued ${a.restarts} time${a.restarts === 1 ? '' : 's'}`);
    parts.push(`from ${a.from}`);
    return `${a.state} (${parts.join('; ')})`;
}
