/**
 * A progress file that cannot be read (here a directory where the file should be: EISDIR; on a shared file system
 * EIO or ESTALE) stops that trial's live view with one warning; the poll timer never throws out of the run
 * (engine/run/trial-events.ts), and the trial's end is still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { trialEventWatcher } from '../../../engine/run/trial-events.js';
import type { RunEvent } from '../../../protocol/run-events.js';

test('an unreadable progress file: one warning, no exception, the end still reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-trial-events-'));
    try {
        const progressFile = join(dir, 'progress.jsonl');
        mkdirSync(progressFile);
        const events: RunEvent[] = [];
        const watch = trialEventWatcher({ emit: (e) => void events.push(e) }, { pollMs: 5 })({ id: 't1', arch: '|a~0|', progressFile });
        await sleep(60); // several polls
        watch.end({ status: 'done' });
        const warnings = events.filter((e) => e.event === 'log' && e.level === 'warn');
        assert.equal(warnings.length, 1, JSON.stringify(warnings));
        assert.match(warnings[0].event === 'log' ? warnings[0].message : '', /t1: progress\.jsonl can no longer be read \(EISDIR\)/);
        const trials = events.filter((e) => e.event === 'trial');
        assert.deepEqual(trials.map((e) => e.event === 'trial' && e.status), ['running', 'done']);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
