import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One writer per run directory. Two processes appending to one `journal.jsonl` would interleave two executions
 * of the same run (each evaluating what the other already did, each writing a `done` line), so `start` and
 * `resume` hold `DIR/run.lock` for as long as they write.
 *
 * - The lock is a small JSON file (pid, hostname, start time, command). It is written to a private temporary
 *   file first and then hard-linked into place: `link` fails if the lock exists, so taking it is atomic and the
 *   lock file is never seen half-written.
 * - A lock whose process is gone (same host, pid not running: a SIGKILL, a crash, a power loss) is stale: it is
 *   taken over, with a message. A lock of a live process, or of another host (whose processes cannot be
 *   checked from here), is refused with a message naming the owner and what to do.
 * - Released when the run ends, including on an error or an interrupt, and on `process.exit`.
 *
 * Known limit: a pid reused by an unrelated process makes a stale lock look live; the refusal says how to
 * remove the lock by hand.
 */

export const LOCK_FILE = 'run.lock';

export interface LockOwner {
    pid: number;
    hostname: string;
    /** ISO time the owner took the lock. */
    started: string;
    /** What the owner runs (`shrink`, `search`, `resume`). */
    command: string;
}

/** Thrown when another live process holds the run directory. */
export class RunLockedError extends Error {
    constructor(message: string, readonly owner: LockOwner | undefined) {
        super(message);
        this.name = 'RunLockedError';
    }
}

export interface RunLock {
    readonly path: string;
    readonly owner: LockOwner;
    release(): void;
}

/**
 * Takes the lock of run directory `dir` (which must exist) for `command`. `onMessage` hears about a stale lock
 * taken over. Throws `RunLockedError` when another live process holds it.
 */
export function acquireRunLock(dir: string, command: string, onMessage: (message: string) => void = () => {}): RunLock {
    const path = join(dir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), command };
    const text = JSON.stringify(owner) + '\n';
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    try {
        // A few rounds: between seeing a stale lock and removing it, another process may have taken over first.
        for (let round = 0; round < 5; round++) {
            try {
                linkSync(tmp, path);
                return holding(path, owner, text);
            } catch (error) {
                if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            }
            const existing = readText(path);
            if (existing === undefined) continue; // released meanwhile: try again
            const other = parseOwner(existing);
            if (other && other.hostname !== owner.hostname) {
                throw new RunLockedError(
                    `${dir} is locked by process ${other.pid} on host ${other.hostname} (lissnas ${other.command}, since ${other.started}); ` +
                        `wait for it to finish, or if that run is gone, delete ${path} and run \`lissnas resume ${dir}\` again`,
                    other,
                );
            }
            if (other && isAlive(other.pid)) {
                throw new RunLockedError(
                    `${dir} is in use by process ${other.pid} (lissnas ${other.command}, since ${other.started}): ` +
                        `wait for it to finish, or stop it (kill ${other.pid}) and then run \`lissnas resume ${dir}\`; ` +
                        `if process ${other.pid} is not lissnas, delete ${path}`,
                    other,
                );
            }
            onMessage(
                other
                    ? `taking over the lock of process ${other.pid} (lissnas ${other.command}, since ${other.started}), which is no longer running`
                    : `taking over an unreadable lock file ${path}`,
            );
            // Remove exactly the stale lock we read, not one another process has just taken.
            if (readText(path) === existing) removeQuietly(path);
        }
        throw new RunLockedError(`${dir}: could not take ${path} (other processes keep taking it); try again`, undefined);
    } finally {
        removeQuietly(tmp);
    }
}

function holding(path: string, owner: LockOwner, text: string): RunLock {
    let held = true;
    const release = (): void => {
        if (!held) return;
        held = false;
        process.removeListener('exit', release);
        // Only our own lock: after a takeover by someone else (our process was thought dead) it is theirs.
        if (readText(path) === text) removeQuietly(path);
    };
    process.on('exit', release);
    return { path, owner, release };
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isAlive(pid: number): boolean {
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/** The owner recorded in a lock file, or undefined when there is none. */
export function readLockOwner(dir: string): LockOwner | undefined {
    const text = readText(join(dir, LOCK_FILE));
    return text === undefined ? undefined : parseOwner(text);
}

function parseOwner(text: string): LockOwner | undefined {
    try {
        const value = JSON.parse(text) as Partial<LockOwner>;
        if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
        return { pid: value.pid, hostname: value.hostname, started: String(value.started ?? '?'), command: String(value.command ?? '?') };
    } catch {
        return undefined;
    }
}

function readText(path: string): string | undefined {
    try {
        return readFileSync(path, 'utf8');
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
    }
}

function removeQuietly(path: string): void {
    try {
        unlinkSync(path);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
}
