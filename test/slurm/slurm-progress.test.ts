import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandEvaluator } from '../../engine/evaluate/command.js';
import { trialEventWatcher } from '../../engine/run/trial-events.js';
import { SilentReporter } from '../../engine/run/progress.js';
import { runEventProblem, type TrialEvent } from '../../protocol/run-events.js';
import { tinyCell } from '../engine/evaluate/helpers.js';
import { slurmAbsent, startCluster, type Cluster } from './cluster.js';

/**
 * Trials that run as Slurm jobs are followed like local ones: the job writes progress.jsonl in the shared run
 * directory (the fixture's single node shares it by construction) and the engine's poll sees the lines while the
 * job runs, on a REAL Slurm (the fixture of cluster.ts).
 */
const skip = slurmAbsent();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-slurm-progress-'));
let cluster: Cluster;

// Four epochs 400 ms apart, then the answer on stdout.
const EPOCHS = `const fs = require('fs'); let e = 0;
const t = setInterval(() => { e++; fs.appendFileSync(process.env.LISSNAS_PROGRESS_FILE, JSON.stringify({ epoch: e, loss: 1 / e }) + '\\n');
  if (e === 4) { clearInterval(t); console.log(JSON.stringify({ metric: 4 })); } }, 400);`;

describe('trial progress of Slurm jobs', { skip }, () => {
    before(async () => {
        cluster = await startCluster();
    });
    after(async () => {
        await cluster?.stop();
        rmSync(tmp, { recursive: true, force: true });
    });

    test('the progress lines of a running Slurm job arrive as trial events before it ends', async () => {
        const reporter = new SilentReporter();
        const ev = new CommandEvaluator({
            name: 'progress',
            argv: [process.execPath, '-e', EPOCHS],
            runDir: join(tmp, 'run'),
            executor: { kind: 'slurm', arrayLimit: 4 },
            parentEnv: { ...cluster.env, LISSNAS_SLURM_POLL_MS: '200' },
            watchTrial: trialEventWatcher(reporter, { pollMs: 100 }),
        });
        const [r] = await ev.evaluate([[1, 0, 1]], tinyCell);
        assert.equal(r.metric, 4, r.error);
        const events = reporter.events.filter((e): e is TrialEvent => e.event === 'trial');
        for (const e of events) assert.equal(runEventProblem(e), undefined);
        const end = events[events.length - 1];
        assert.equal(end.status, 'done');
        assert.deepEqual(end.progress, { epoch: 4, loss: 0.25 });
        const whileRunning = events.filter((e) => e.status === 'running' && e.points);
        assert.ok(whileRunning.length >= 2, `${whileRunning.length} running events with points: seen while the job ran`);
        assert.deepEqual(events.flatMap((e) => e.points ?? []).map((p) => p.step), [1, 2, 3, 4]);
    });
});
