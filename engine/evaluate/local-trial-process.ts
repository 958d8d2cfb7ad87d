// A local trial's process, recorded in its folder so that a later lissnas can find it again. A lissnas that is
// SIGKILLed cannot stop its trials: they run on, orphaned, and finish unobserved. `resume` then ADOPTS them
// instead of starting them again: it waits for a live one (its process group, checked to be really the one
// recorded) and reads the answer it wrote, so nothing finished is evaluated twice and nothing running is lost.
// Linux only for live processes (/proc tells a process's start time and group); elsewhere a recorded process
// is adopted only once lissnas saw it end (its `exit_code` file), else the trial runs again as before.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** trials/<id>/pid: one JSON object, written when the trial's process starts. */
export const PID_FILE = 'pid';
/** trials/<id>/exit_code: the exit status lissnas saw (a number, or the signal's name), written when it exits. */
export const EXIT_FILE = 'exit_code';

export interface TrialProcessRecord {
    /** Pid of the trial's main process, which is also its process group id (spawned detached). */
    pid: number;
    hostname: string;
    /** The kernel's boot id and the process's start time in clock ticks since boot (/proc/<pid>/stat field 22): with the pid, they name one process for ever. Absent off Linux. */
    bootId?: string;
    startTicks?: string;
    /** Wall-clock time of the start (ms since the epoch): an adopted trial's timeout counts from here. */
    startedAt: number;
    attempt: number;
    /** Pid of the lissnas that started it: only a record of another (earlier) lissnas is adopted. */
    owner: number;
    /**
     * The trial's seed: a study's cells share the run directory, so `trials/<id>` of one architecture is written by
     * every seed; a record of another seed's attempt is not this trial's to adopt.
     */
    seed?: number;
}

/** Writes the record of a just-started trial process (atomically: a reader never sees half of it). */
export function recordTrialProcess(trialDir: string, pid: number, attempt: number, seed: number): void {
    const record: TrialProcessRecord = { pid, hostname: hostname(), startedAt: Date.now(), attempt, owner: process.pid, seed };
    const stat = procStat(pid);
    const bootId = readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim();
    if (stat && bootId) Object.assign(record, { bootId, startTicks: stat.startTicks });
    const path = join(trialDir, PID_FILE);
    writeFileSync(`${path}.tmp`, JSON.stringify(record) + '\n');
    renameSync(`${path}.tmp`, path);
}

/** Writes the exit status lissnas observed for the recorded process (atomically). */
export function recordTrialExit(trialDir: string, status: number | string): void {
    const path = join(trialDir, EXIT_FILE);
    writeFileSync(`${path}.tmp`, `${status}\n`);
    renameSync(`${path}.tmp`, path);
}

/** Removes the previous attempt's record and exit status (a new attempt starts). */
export function clearTrialProcess(trialDir: string): void {
    rmSync(join(trialDir, PID_FILE), { force: true });
    rmSync(join(trialDir, EXIT_FILE), { force: true });
}

export function readTrialProcess(trialDir: string): TrialProcessRecord | undefined {
    const text = readOrUndefined(join(trialDir, PID_FILE));
    if (text === undefined) return undefined;
    try {
        const r = JSON.parse(text) as TrialProcessRecord;
        return Number.isInteger(r.pid) && r.pid > 0 && typeof r.hostname === 'string' ? r : undefined;
    } catch {
        return undefined; // written by something else: not ours to adopt
    }
}

/** The exit status lissnas recorded, if it saw the process end. */
export function readTrialExit(trialDir: string): string | undefined {
    return readOrUndefined(join(trialDir, EXIT_FILE))?.trim() || undefined;
}

/**
 * Whether the recorded process group still has a live (not zombie) member that is really the recorded trial's:
 * - `alive`: the leader runs with the recorded start time (same boot), or the leader is gone and processes
 *   remain in its group (Linux never hands out a pid still in use as a group id, so they are the trial's);
 * - `gone`: nothing of it is left;
 * - `unknown`: it cannot be checked here (another host, no /proc, no start time recorded, another boot with
 *   the pid taken): not adopted, not killed.
 */
export function trialProcessState(r: TrialProcessRecord): 'alive' | 'gone' | 'unknown' {
    if (r.hostname !== hostname() || !r.bootId || !r.startTicks || !existsSync('/proc/self/stat')) return 'unknown';
    const bootId = readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim();
    if (bootId !== r.bootId) return 'gone'; // rebooted since: every process of that boot is gone
    const leader = procStat(r.pid);
    if (leader && leader.startTicks !== r.startTicks) return 'gone'; // the pid was reused: the group had ended
    if (leader && leader.state !== 'Z') return 'alive';
    return groupMembers(r.pid).length > 0 ? 'alive' : 'gone';
}

/** Pids of live (not zombie) processes in process group `pgid`, from /proc. */
export function groupMembers(pgid: number): number[] {
    const members: number[] = [];
    for (const name of readdirSync('/proc')) {
        if (!/^\d+$/.test(name)) continue;
        const s = procStat(Number(name));
        if (s && s.pgrp === pgid && s.state !== 'Z') members.push(Number(name));
    }
    return members;
}

/** Fields of /proc/<pid>/stat: state (3), process group (5), start time (22); undefined when it is gone. */
function procStat(pid: number): { state: string; pgrp: number; startTicks: string } | undefined {
    const text = readOrUndefined(`/proc/${pid}/stat`);
    if (text === undefined) return undefined;
    // The command name (field 2) is in parentheses and may hold spaces or ')': split after the LAST ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], pgrp: Number(fields[2]), startTicks: fields[19] };
}

function readOrUndefined(path: string): string | undefined {
    try {
        return readFileSync(path, 'utf8');
    } catch {
        return undefined;
    }
}

/**
 * Waits until the recorded (alive, verified) process group is gone, polling /proc. On `signal` the group gets
 * SIGTERM, then SIGKILL after `graceMs`; at `deadline` (ms since the epoch) SIGKILL. Each kill is sent only
 * after checking again that the group is still the recorded one.
 */
export function waitForTrialProcess(r: TrialProcessRecord, signal: AbortSignal | undefined, graceMs: number, deadline?: number): Promise<{ aborted: boolean; timedOut: boolean }> {
    return new Promise((resolve) => {
        let aborted = false;
        let timedOut = false;
        let killAt: number | undefined;
        const kill = (sig: NodeJS.Signals): void => {
            if (trialProcessState(r) !== 'alive') return;
            try {
                process.kill(-r.pid, sig);
            } catch {
                // gone meanwhile
            }
        };
        const onAbort = (): void => {
            aborted = true;
            kill('SIGTERM');
            killAt = Date.now() + graceMs;
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
        const check = (): void => {
            if (trialProcessState(r) !== 'alive') {
                signal?.removeEventListener('abort', onAbort);
                return resolve({ aborted, timedOut });
            }
            if (deadline !== undefined && Date.now() >= deadline && !timedOut) {
                timedOut = true;
                kill('SIGKILL');
            }
            if (killAt !== undefined && Date.now() >= killAt) kill('SIGKILL');
            setTimeout(check, 100);
        };
        check();
    });
}
