import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireRunLock, LOCK_FILE, readLockOwner, RunLockedError } from '../../../engine/run/run-lock.js';

/**
 * The run lock's decisions on lock files left by others (the two-process case, a live `search` and a refused
 * `resume`, is in interrupt.test.ts with real processes).
 */
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-lock-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function freshDir(name: string): string {
    const dir = join(tmp, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
}

/** The pid of a process that has exited (a real one, so the number is a pid this machine handed out). */
function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(child.stdout);
}

test('a lock holds the owner, refuses a second taker naming the pid, and is gone after release', () => {
    const dir = freshDir('live');
    const lock = acquireRunLock(dir, 'shrink');
    const owner = readLockOwner(dir);
    assert.deepEqual(owner, { pid: process.pid, hostname: hostname(), started: lock.owner.started, command: 'shrink' });
    assert.throws(
        () => acquireRunLock(dir, 'resume'),
        (error: unknown) =>
            error instanceof RunLockedError &&
            error.message.includes(`is in use by process ${process.pid} (lissnas shrink, since ${lock.owner.started})`) &&
            error.message.includes(`kill ${process.pid}`) &&
            error.message.includes(`lissnas resume ${dir}`),
    );
    lock.release();
    assert.ok(!existsSync(join(dir, LOCK_FILE)));
    acquireRunLock(dir, 'resume').release();
});

test('a lock whose process is dead is taken over, with a message naming it', () => {
    const dir = freshDir('stale');
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: hostname(), started: '2026-01-01T00:00:00.000Z', command: 'search' }) + '\n');
    const messages: string[] = [];
    const lock = acquireRunLock(dir, 'resume', (m) => messages.push(m));
    assert.deepEqual(messages, [`taking over the lock of process ${pid} (lissnas search, since 2026-01-01T00:00:00.000Z), which is no longer running`]);
    assert.equal(readLockOwner(dir)?.pid, process.pid);
    lock.release();
});

test("another host's lock is refused (its processes cannot be checked) and says how to remove it", () => {
    const dir = freshDir('remote');
    const text = JSON.stringify({ pid: 1, hostname: `not-${hostname()}`, started: 'yesterday', command: 'search' }) + '\n';
    writeFileSync(join(dir, LOCK_FILE), text);
    assert.throws(() => acquireRunLock(dir, 'resume'), new RegExp(`locked by process 1 on host not-.*delete ${join(dir, LOCK_FILE).replace(/[.*+?^$()[\]{}|\\]/g, '\\$&')}`));
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), text, 'left untouched');
});

test('release leaves a lock that another process has taken over in place', () => {
    const dir = freshDir('taken');
    const lock = acquireRunLock(dir, 'search');
    const theirs = JSON.stringify({ pid: 1, hostname: hostname(), started: 'now', command: 'resume' }) + '\n';
    writeFileSync(join(dir, LOCK_FILE), theirs);
    lock.release();
    assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8'), theirs);
});
