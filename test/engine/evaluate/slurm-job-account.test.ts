import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeJobAccount, parseSacct, parseScontrolJob, sacctArgs } from '../../../engine/evaluate/slurm/job-account.js';
import { SlurmRunner } from '../../../engine/evaluate/slurm/slurm-runner.js';

/**
 * Slurm's record of a job's end, as lissnas reads it (engine/evaluate/slurm/job-account.ts): the job's own line of
 * `sacct -P -n` (not its steps'), `CANCELLED by UID` split, `scontrol show job` fields, and the phrase that goes
 * into the failed attempt's error. The real cluster (test/slurm/) has no accounting storage: the sacct lines
 * here are in sacct's documented `-P -n` format for the fields lissnas asks for.
 */
test('sacct: the job line, not its steps; who cancelled it; the asked-for fields', () => {
    assert.deepEqual(sacctArgs('12_0'), ['-j', '12_0', '--format=JobID,State,ExitCode,Reason', '-P', '-n']);
    const text = '12_0|CANCELLED by 1000|0:15|None\n12_0.batch|CANCELLED|0:15|\n12_0.extern|COMPLETED|0:0|\n';
    assert.deepEqual(parseSacct(text, '12_0'), { state: 'CANCELLED', exitCode: '0:15', cancelledBy: '1000', from: 'sacct' });
    assert.equal(describeJobAccount(parseSacct(text, '12_0')!), 'CANCELLED (by uid 1000; killed by signal 15; from sacct)');
    assert.equal(parseSacct(text, '12_1'), undefined, 'another array element is not this job');
    assert.equal(parseSacct('', '12_0'), undefined);
    const timeout = parseSacct('7_3|TIMEOUT|0:0|None\n7_3.batch|CANCELLED|0:15|\n', '7_3')!;
    assert.equal(describeJobAccount(timeout), "TIMEOUT (Slurm's time limit; from sacct)");
});

test('scontrol show job: state, exit code, reason, restarts', () => {
    // Cut from a real `scontrol show job` of Slurm 22.05 (a job whose batch shell was SIGKILLed).
    const text = `JobId=2 ArrayJobId=2 ArrayTaskId=0 JobName=job.sh
   UserId=root(0) GroupId=root(0) MCS_label=N/A
   JobState=FAILED Reason=JobLaunchFailure Dependency=(null)
   Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:9`;
    const a = parseScontrolJob(text)!;
    assert.deepEqual(a, { state: 'FAILED', exitCode: '0:9', reason: 'JobLaunchFailure', from: 'scontrol' });
    assert.equal(describeJobAccount(a), 'FAILED (killed by signal 9; reason JobLaunchFailure; from scontrol)');
    assert.equal(parseScontrolJob('slurm_load_jobs error: Invalid job id specified'), undefined);
    const requeued = parseScontrolJob('JobState=PREEMPTED Reason=None Dependency=(null)\n   Requeue=0 Restarts=2 BatchFlag=1 ExitCode=0:15')!;
    assert.equal(describeJobAccount(requeued), 'PREEMPTED (preempted by a higher-priority job; killed by signal 15; requeued 2 times; from scontrol)');
});

test('each final state of a failed job reads as what happened', () => {
    const say = (state: string, exitCode = '0:0') => describeJobAccount({ state, exitCode, from: 'scontrol' });
    assert.equal(say('NODE_FAIL'), 'NODE_FAIL (its node failed; from scontrol)');
    assert.equal(say('OUT_OF_MEMORY', '0:125'), 'OUT_OF_MEMORY (out of memory; killed by signal 125; from scontrol)');
    assert.equal(say('BOOT_FAIL'), 'BOOT_FAIL (its node failed to boot; from scontrol)');
    assert.equal(say('FAILED', '2:0'), 'FAILED (exit code 2; from scontrol)');
    assert.equal(say('CANCELLED', '0:15'), 'CANCELLED (by whom: unknown without sacct; killed by signal 15; from scontrol)');
});

test('one poll, several unclean ends: one sacct for all of them, scontrol only for the job sacct does not list', async () => {
    // Stand-ins for squeue, sacct and scontrol (processes spawned as the runner spawns Slurm's): each logs its
    // arguments; squeue lists four ended jobs, sacct knows two of the three unclean ones.
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-slurm-fake-'));
    const log = join(dir, 'calls.log');
    const fake = (name: string, output: string) => writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> ${JSON.stringify(log)}\nprintf '${output}'\n`, { mode: 0o755 });
    fake('squeue', '12_0|FAILED\\n12_1|CANCELLED\\n12_2|COMPLETED\\n12_3|FAILED\\n');
    fake('sacct', '12_0|FAILED|3:0|NonZeroExitCode\\n12_0.batch|FAILED|3:0|\\n12_1|CANCELLED by 0|0:15|None\\n');
    fake('scontrol', 'JobId=12 ArrayTaskId=3 JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0 Restarts=0\\n');
    try {
        const runner = new SlurmRunner({ runDir: dir, evaluator: 'e', env: { PATH: `${dir}:/usr/bin:/bin` }, pollMs: 10 });
        const ends = await Promise.all(
            ['12_0', '12_1', '12_2', '12_3'].map((job, i) => {
                const trialDir = join(dir, job);
                mkdirSync(trialDir);
                if (i !== 1) writeFileSync(join(trialDir, 'exit_code'), i === 2 ? '0\n' : `${i === 0 ? 3 : 1}\n`);
                return runner.wait(job, trialDir);
            }),
        );
        const calls = readFileSync(log, 'utf8').trim().split('\n');
        assert.deepEqual(calls.filter((c) => !c.startsWith('squeue')), ['sacct -j 12_0,12_1,12_3 --format=JobID,State,ExitCode,Reason -P -n', 'scontrol show job 12_3']);
        const accounts = ends.map((e) => (typeof e === 'string' ? e : e.account && describeJobAccount(e.account)));
        assert.deepEqual(accounts, [
            'FAILED (exit code 3; reason NonZeroExitCode; from sacct)',
            'CANCELLED (by uid 0; killed by signal 15; from sacct)',
            undefined,
            'FAILED (exit code 1; reason NonZeroExitCode; from scontrol)',
        ]);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
