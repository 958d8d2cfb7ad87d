import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrialProcess, recordTrialProcess, trialProcessState, waitForTrialProcess } from '../../../engine/evaluate/local-trial-process.js';

/**
 * The record a resume uses to adopt a SIGKILLed run's trial processes (engine/evaluate/local-trial-process.ts), on
 * real processes: a live group is recognised; a record whose start time differs (the pid reused by another
 * process) or of another host is never taken for it; an adopted group is waited for, and stopped on abort.
 */
const linux = existsSync('/proc/self/stat') ? false : 'needs /proc (Linux)';

test('a recorded process group: alive while it runs, gone after; a reused pid or another host is not it', { skip: linux }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-trial-process-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { detached: true, stdio: 'ignore' });
    try {
        recordTrialProcess(dir, child.pid!, 1, 0);
        const r = readTrialProcess(dir)!;
        assert.equal(r.pid, child.pid);
        assert.equal(r.owner, process.pid);
        assert.equal(trialProcessState(r), 'alive');
        assert.equal(trialProcessState({ ...r, startTicks: String(Number(r.startTicks) + 1) }), 'gone', 'same pid, another start time: a reused pid');
        assert.equal(trialProcessState({ ...r, hostname: 'another-host' }), 'unknown', 'cannot be checked from here');
        assert.equal(trialProcessState({ ...r, bootId: 'an-earlier-boot' }), 'gone');

        const controller = new AbortController();
        const waiting = waitForTrialProcess(r, controller.signal, 200);
        controller.abort();
        assert.deepEqual(await waiting, { aborted: true, timedOut: false });
        assert.equal(trialProcessState(r), 'gone', 'the abort ended the adopted group');
    } finally {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
    }
});

test('an adopted group past its timeout (counted from its original start) is killed', { skip: linux }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-trial-process-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { detached: true, stdio: 'ignore' });
    try {
        recordTrialProcess(dir, child.pid!, 1, 0);
        const r = readTrialProcess(dir)!;
        assert.deepEqual(await waitForTrialProcess(r, undefined, 5000, r.startedAt + 300), { aborted: false, timedOut: true });
        assert.equal(trialProcessState(r), 'gone');
    } finally {
        child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
    }
});
