/**
 * A long run's trial progress does not grow the editor's memory without bound (client/runs/run-tracker.ts): past
 * MAX_RUNNING_TRIAL_EVENTS the `running` trial events go to live listeners only; trial ends and every other event
 * are kept. A real child process (a stand-in for the CLI printing events) writes them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_RUNNING_TRIAL_EVENTS, RunTracker } from '../../client/runs/run-tracker.js';

test('past the cap, running trial events reach listeners but are not kept; the trial end and later events are kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-trial-cap-'));
    try {
        const extra = 50;
        const cli = join(dir, 'fake-cli.cjs');
        writeFileSync(cli, `
const out = [JSON.stringify({ event: 'start', command: 'shrink', name: 'L', seed: 0, journaled: 0 })];
for (let i = 0; i < ${MAX_RUNNING_TRIAL_EVENTS + extra}; i++) out.push(JSON.stringify({ event: 'trial', id: 't', arch: 'a', status: 'running', elapsed: i / 4, step: i }));
out.push(JSON.stringify({ event: 'trial', id: 't', arch: 'a', status: 'done', elapsed: 9999 }));
out.push(JSON.stringify({ event: 'progress', phase: 'shrink', done: 1 }));
process.stdout.write(out.join('\\n') + '\\n');
`);
        let heard = 0;
        const runs = new RunTracker({ cliPath: cli, onEvent: (_run, e) => void (e.event === 'trial' && heard++) });
        const run = runs.start({ kind: 'shrink', name: 'L', runDir: join(dir, 'run'), args: ['shrink'], cwd: dir });
        await runs.ended(run);
        assert.equal(heard, MAX_RUNNING_TRIAL_EVENTS + extra + 1, 'every trial event reached the live listener');
        const kept = run.events.filter((e) => e.event === 'trial');
        assert.equal(kept.filter((e) => e.event === 'trial' && e.status === 'running').length, MAX_RUNNING_TRIAL_EVENTS);
        assert.ok(kept.some((e) => e.event === 'trial' && e.status === 'done'), 'the trial end is kept');
        assert.equal(run.events.at(-1)?.event, 'progress', 'an event after them is kept');
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
