import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandEvaluator } from '../../engine/evaluate/command.js';
import { tinyCell } from '../engine/evaluate/helpers.js';
import { clusterProcesses, slurmAbsent, startCluster, type Cluster } from './cluster.js';
import { bundledCli } from '../cli-bundle.js';

/**
 * `executor slurm(...)` against a REAL Slurm (slurmctld, slurmd, munge started by the fixture): trials as array
 * jobs, a failing job retried, a timed-out job scancelled, a job scancelled from outside, a job whose batch shell is
 * SIGKILLed (FAILED, signal 9), a preempted job (PREEMPTED), a requeued job waited for again, an abort that scancels,
 * and a shrinkage whose lissnas process is SIGKILLed mid-run and resumed: no trial runs twice, none is lost.
 */
// The bundled CLI, rebuilt first when a source is newer (test/cli-bundle.ts).
const BUNDLE = bundledCli();
const skip = slurmAbsent();
if (skip) console.log(`# skipped: ${skip}`);
const node = process.execPath;
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-slurm-test-'));
let cluster: Cluster;

// Logs its key at start (so a second run of a trial shows), sleeps LISSNAS_TEST_SLEEP_MS, answers {"metric": #b}.
const TRIAL = `const fs = require('fs'); fs.appendFileSync(process.env.LISSNAS_TEST_LOG, process.env.LISSNAS_KEY + '\\n'); setTimeout(() => console.log(JSON.stringify({ metric: (process.env.LISSNAS_ARCH.match(/b~/g) || []).length })), Number(process.env.LISSNAS_TEST_SLEEP_MS || 0));`;

describe('Slurm executor on a real cluster', { skip }, () => {
    before(async () => {
        cluster = await startCluster();
    });
    after(async () => {
        await cluster?.stop();
        rmSync(tmp, { recursive: true, force: true });
    });

    const evaluator = (name: string, script: string, extra: Partial<ConstructorParameters<typeof CommandEvaluator>[0]> = {}) =>
        new CommandEvaluator({
            name,
            argv: [node, '-e', script, '{arch}'],
            runDir: join(tmp, name),
            executor: { kind: 'slurm', arrayLimit: 8 },
            parentEnv: { ...cluster.env, LISSNAS_TEST_LOG: join(tmp, `${name}.log`), LISSNAS_SLURM_POLL_MS: '200' },
            ...extra,
        });

    test('a batch is one array job; answers, logs and job ids per trial; a failing job is retried, its attempts kept', async () => {
        const ev = evaluator('batch', TRIAL);
        const rs = await ev.evaluate([[0, 0, 0], [1, 1, 1], [1, 0, 1], [0, 1, 0]], tinyCell);
        assert.deepEqual(rs.map((r) => r.metric), [0, 3, 2, 1]);
        assert.equal(ev.slurm!.submissions, 1, 'four trials, one sbatch');
        const jobs = rs.map((r) => (r.extra as { slurm_job: string }).slurm_job);
        assert.equal(new Set(jobs.map((j) => j.split('_')[0])).size, 1);
        assert.deepEqual(jobs.map((j) => j.split('_')[1]).sort(), ['0', '1', '2', '3']);
        for (const r of rs) assert.equal(readFileSync(join(tmp, 'batch', 'trials', r.trial!, 'job.1'), 'utf8').trim(), (r.extra as { slurm_job: string }).slurm_job);

        const flaky = `if (process.env.LISSNAS_ATTEMPT === '1') { console.error('node lost'); process.exit(4); } console.log('{"metric": 5}')`;
        const [f] = await evaluator('flaky', flaky, { retries: 1 }).evaluate([[0, 0, 1]], tinyCell);
        assert.equal(f.metric, 5);
        // Slurm's record of the failed job (sacct, or scontrol where accounting is off as in this fixture).
        assert.match(f.attempts![0].error, /exited with 4 \(slurm job \d+_0, FAILED \(exit code 4; (reason NonZeroExitCode; )?from (scontrol|sacct)\)\).*node lost/);
        const [e] = await evaluator('failing', `console.error('out of memory'); process.exit(2)`).evaluate([[0, 0, 1]], tinyCell);
        assert.match(e.error!, /exited with 2 \(slurm job .*out of memory/);
    });

    test('a timed-out job is scancelled and recorded; a job scancelled from outside is a recorded failure; an abort scancels', async () => {
        const sleeper = `setTimeout(() => console.log('{"metric": 1}'), 60000)`;
        const slow = evaluator('timeout', sleeper, { timeoutSeconds: 2 });
        const [t] = await slow.evaluate([[0, 0, 0]], tinyCell);
        assert.match(t.error!, /slurm job (\d+_0) timed out after 2 s .*\(scancel\)/);
        const timedOut = /slurm job (\S+)/.exec(t.error!)![1];
        // COMPLETING still holds the node's CPUs: the next job would wait behind it.
        const gone = (job: string) => !/RUNNING|PENDING|COMPLETING/.test(cluster.run('squeue', ['-h', '-r', '-t', 'all', '-j', job.split('_')[0], '-o', '%T']).stdout);
        assert.ok(await eventually(() => gone(timedOut)), 'the job was cancelled');

        // Logs its start, so the scancel below reaches a running program: squeue says RUNNING as soon as slurmctld
        // allocates, before slurmd has started the batch script; a scancel in that gap ends in SIGKILL (signal 9).
        const outside = evaluator('outside', `require('fs').appendFileSync(process.env.LISSNAS_TEST_LOG, 'started\\n'); ${sleeper}`);
        const trialDir = join(tmp, 'outside', 'trials', outside.trialId(tinyCell, [1, 1, 1]));
        const pending = outside.evaluate([[1, 1, 1]], tinyCell);
        assert.ok(await eventually(() => existsSync(join(trialDir, 'job'))));
        const job = readFileSync(join(trialDir, 'job'), 'utf8').trim();
        // Generous: on a loaded 2-core machine slurmd may take a while to start a job after the last one's cleanup.
        assert.ok(await eventually(() => existsSync(join(tmp, 'outside.log')), 60_000), 'the trial program runs');
        assert.equal(cluster.run('scancel', [job]).status, 0);
        const [c] = await pending;
        assert.match(c.error!, new RegExp(`slurm job ${job} ended CANCELLED \\((by uid 0|by whom: unknown without sacct); killed by signal 15; from (scontrol|sacct)\\) with no exit status`));

        const aborted = evaluator('abort', sleeper);
        const abortDir = join(tmp, 'abort', 'trials', aborted.trialId(tinyCell, [0, 1, 1]));
        const controller = new AbortController();
        const running = aborted.evaluate([[0, 1, 1]], tinyCell, controller.signal);
        assert.ok(await eventually(() => existsSync(join(abortDir, 'job'))));
        const abortJob = readFileSync(join(abortDir, 'job'), 'utf8').trim();
        controller.abort();
        await assert.rejects(running, { name: 'AbortError' });
        assert.ok(await eventually(() => gone(abortJob)), 'abort scancelled the job');
    });

    test('a job killed without writing its exit file is a failure with Slurm\'s reason, retried; a requeued job is waited for again and counted once', async () => {
        // Attempt 1 SIGKILLs its job's batch shell (as the OOM killer or a crash would) and exits: no exit file.
        const hang = `if (process.env.LISSNAS_ATTEMPT === '1') { process.kill(process.ppid, 'SIGKILL'); process.exit(0); } console.log('{"metric": 3}')`;
        const killed = evaluator('killed', hang, { retries: 1 });
        const killedDir = join(tmp, 'killed', 'trials', killed.trialId(tinyCell, [1, 0, 0]));
        const pending = killed.evaluate([[1, 0, 0]], tinyCell);
        assert.ok(await eventually(() => existsSync(join(killedDir, 'job'))), 'submitted');
        const job = readFileSync(join(killedDir, 'job'), 'utf8').trim();
        const [k] = await pending;
        assert.equal(k.metric, 3, 'the retry answered');
        assert.match(k.attempts![0].error, new RegExp(`slurm job ${job} ended FAILED \\(killed by signal 9; .*from (scontrol|sacct)\\) with no exit status`));
        assert.equal(k.attempts!.length, 1);

        // Preempted and not requeued (PreemptMode=CANCEL): a job of partition `high` needing all 8 slots takes
        // them; the trial's job ends PREEMPTED, a failed attempt with that reason, retried.
        const preempted = evaluator('preempted', hang.replace("process.kill(process.ppid, 'SIGKILL'); process.exit(0);", 'setTimeout(() => {}, 60000);'), { retries: 1 });
        const preemptedDir = join(tmp, 'preempted', 'trials', preempted.trialId(tinyCell, [1, 1, 0]));
        const first = preempted.evaluate([[1, 1, 0]], tinyCell);
        const pjob = await runningJob(preemptedDir);
        const high = cluster.run('sbatch', ['--parsable', '--partition=high', '--cpus-per-task=8', `--output=${join(tmp, 'high.out')}`, '--wrap=sleep 1']);
        assert.equal(high.status, 0, high.stderr);
        const [p] = await first;
        assert.equal(p.metric, 3, 'the retry answered');
        assert.match(p.attempts![0].error, new RegExp(`slurm job ${pjob} ended PREEMPTED \\(preempted by a higher-priority job; .*from (scontrol|sacct)\\) with no exit status`));

        // Requeued while running (what PreemptMode=REQUEUE or a failed node does): same job id, run again by Slurm,
        // waited for again by lissnas; one result, no failed attempt. The second run answers at once.
        const log = join(tmp, 'requeued.log');
        const requeue = `require('fs').appendFileSync(${JSON.stringify(log)}, 'run ' + (process.env.SLURM_RESTART_COUNT || 0) + '\\n'); if (!process.env.SLURM_RESTART_COUNT) setTimeout(() => {}, 60000); else console.log('{"metric": 7}')`;
        const requeued = evaluator('requeued', requeue);
        const requeuedDir = join(tmp, 'requeued', 'trials', requeued.trialId(tinyCell, [0, 1, 1]));
        const waiting = requeued.evaluate([[0, 1, 1]], tinyCell);
        const rjob = await runningJob(requeuedDir);
        assert.ok(await eventually(() => existsSync(log)), 'the first run started');
        assert.equal(cluster.run('scontrol', ['requeue', rjob]).status, 0);
        assert.ok(await eventually(() => /PENDING/.test(cluster.run('squeue', ['-h', '-r', '-j', rjob, '-o', '%T']).stdout)), 'requeued');
        // Slurm holds a requeued job back for a while (BeginTime); let it start now.
        assert.equal(cluster.run('scontrol', ['update', `JobId=${rjob}`, 'StartTime=now']).status, 0);
        const [r] = await waiting;
        assert.equal(r.error, undefined);
        assert.equal(r.metric, 7, "the requeued run's answer");
        assert.equal(r.attempts, undefined, 'a requeue is not a failed attempt');
        assert.deepEqual(r.extra, { slurm_job: rjob, slurm_requeues: 1 });
        assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['run 0', 'run 1'], 'Slurm ran it twice, lissnas counted it once');
    });

    test('lissnas SIGKILLed mid-shrinkage, then resumed: jobs re-attached, no trial run twice, none lost', async () => {
        const script = join(tmp, 'trial.js');
        writeFileSync(script, TRIAL);
        const nas = join(tmp, 'slurm.nas');
        writeFileSync(
            nas,
            `ops O { none\n skip_connect = identity\n nor_conv_3x3 = relu_conv_bn(kernel: 3) }
space S { cell { nodes 4 edges all ops O } }
evaluator onSlurm = command(${JSON.stringify(`${node} ${script} {arch}`)}) { executor slurm(array_limit: 4, time: 10m, cpus: 1); retries 1 }
policy Shrink = lissnas(S) { evaluate onSlurm; sample 8; seeds top 2; neighbors distance 1; max_iterations 1; seed 3 }
`,
        );
        const log = join(tmp, 'resume.log');
        const out = join(tmp, 'resume-run');
        const env = { ...process.env, ...cluster.env, LISSNAS_TEST_LOG: log, LISSNAS_TEST_SLEEP_MS: '1500', LISSNAS_SLURM_POLL_MS: '200' };
        const first = spawn(node, [BUNDLE, 'shrink', nas, '--policy', 'Shrink', '--out', out], { env, stdio: 'ignore' });
        const trials = join(out, 'trials');
        const jobFiles = (): number => (existsSync(trials) ? readdirSync(trials).filter((t) => existsSync(join(trials, t, 'job'))).length : 0);
        // Killed while jobs are submitted and not finished (the sample's 8 run 4 at a time for 1.5 s each).
        assert.ok(await eventually(() => jobFiles() >= 4, 30_000), 'jobs submitted');
        first.kill('SIGKILL');
        await new Promise((r) => first.once('exit', r));
        const live = jobFiles();
        assert.ok(live > 0, 'some jobs were still open when lissnas died');
        const resumed = spawnSync(node, [BUNDLE, 'resume', out], { env, encoding: 'utf8', timeout: 120_000 });
        assert.equal(resumed.status, 0, resumed.stderr);
        const ran = readFileSync(log, 'utf8').trim().split('\n');
        const evals = readFileSync(join(out, 'journal.jsonl'), 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('{"type":"eval"'))
            .map((l) => JSON.parse(l) as { canonical: string; key: string; error?: string; extra?: { slurm_job?: string } });
        assert.equal(new Set(ran).size, ran.length, `a trial ran twice: ${ran.join(' ')}`);
        assert.ok(evals.every((e) => e.error === undefined && e.extra?.slurm_job), 'every evaluation is a Slurm job with an answer');
        assert.deepEqual(evals.map((e) => e.key).sort(), [...ran].sort(), 'every trial that ran is journaled, and nothing else');
        assert.ok(existsSync(join(out, 'result.json')));
    });

    // Last: it stops the cluster. A job still running at stop() (a test that failed mid-way) must not leave its
    // slurmstepd behind, reparented to init: the fixture ends the step daemons of its own slurm.conf.
    test('stop() with a job running leaves no process of this cluster', async () => {
        const submitted = cluster.run('sbatch', ['--parsable', '-o', '/dev/null', '--wrap', 'sleep 120']);
        const job = submitted.stdout.trim();
        assert.ok(await eventually(() => /RUNNING/.test(cluster.run('squeue', ['-h', '-j', job, '-o', '%T']).stdout), 60_000), `job ${job} runs`);
        const ours = (): number[] => clusterProcesses(cluster.env.SLURM_CONF);
        assert.ok(ours().length > 0, 'the running job has processes of this cluster');
        await cluster.stop();
        assert.ok(await eventually(() => ours().length === 0, 10_000), `left running: ${ours().join(' ')}`);
    });
});

/** The job id of the trial in `trialDir`, once the job runs. */
async function runningJob(trialDir: string): Promise<string> {
    assert.ok(await eventually(() => existsSync(join(trialDir, 'job'))), 'submitted');
    const job = readFileSync(join(trialDir, 'job'), 'utf8').trim();
    assert.ok(await eventually(() => /RUNNING/.test(cluster.run('squeue', ['-h', '-r', '-j', job, '-o', '%T']).stdout), 60_000), `job ${job} runs`);
    return job;
}

async function eventually(ok: () => boolean, ms = 20_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!ok()) {
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 100));
    }
    return true;
}
