import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { CommandEvaluator, lastNumber, splitCommandLine } from '../../../engine/evaluate/command.js';
import { createEvaluator, readCommandSettings } from '../../../engine/evaluate/create.js';
import type { EvaluatorSpec } from '../../../engine/spec.js';
import { tinyCell } from './helpers.js';

const node = process.execPath;
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-command-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let runs = 0;
const runDir = (): string => join(tmp, `run-${runs++}`);

// Prints some noise, then the number of 'b' ops in the arch string (the last number printed): the OLD protocol.
const countB = `const a = process.argv[1]; console.log('epoch 1/2'); console.log('acc', (a.match(/b~/g) || []).length);`;
// The trial protocol: the number of 'b' ops as {"metric": n, "test": 10n, "epochs": 2} on the last stdout line.
const jsonB = `const n = (process.argv[1].match(/b~/g) || []).length; console.log('epoch 2/2'); console.log(JSON.stringify({ metric: n, test: 10 * n, epochs: 2 }));`;

/** Whether a process still runs (a zombie waiting for a reaper that never comes, in a container, does not). */
function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch {
        return false;
    }
    try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
        return !existsSync('/proc/self');
    }
}

describe('command evaluator: the trial protocol', () => {
    test('placeholders and LISSNAS_* variables; no shell; only the documented environment leaks', async () => {
        const dir = runDir();
        // Writes what it was given into its result file (which is then its answer).
        const echo = `const fs = require('fs'); const e = process.env; fs.writeFileSync(process.argv[5], JSON.stringify({ metric: 1, argv: process.argv.slice(1), env: Object.keys(e).filter((k) => !k.startsWith('LISSNAS_TEST')).sort(), arch: e.LISSNAS_ARCH, key: e.LISSNAS_KEY, trial: e.LISSNAS_TRIAL_ID, params: JSON.parse(e.LISSNAS_PARAMS_JSON), result: e.LISSNAS_RESULT_FILE, run: e.LISSNAS_RUN_DIR, seed: e.LISSNAS_SEED, progress: e.LISSNAS_PROGRESS_FILE }));`;
        const ev = new CommandEvaluator({
            argv: [node, '-e', echo, '{arch}', '{key}', '{trial_id}', '{params_json}', '{result_file}', '{run_dir}', '{seed}', '$HOME;{unknown}'],
            runDir: dir,
            seed: 5,
            parentEnv: { PATH: process.env.PATH, HOME: tmp, SECRET_TOKEN: 'leak', VSCODE_PID: '1', LISSNAS_SEED: 'overridden', LISSNAS_TEST_KEEP: 'y' },
        });
        const [r] = await ev.evaluate([[1, 0, 1]], tinyCell);
        assert.equal(r.error, undefined);
        const x = r.extra as Record<string, unknown>;
        const trial = ev.trialId(tinyCell, [1, 0, 1]);
        const result = join(dir, 'trials', trial, 'result.json');
        assert.deepEqual(x.argv, ['|b~0|+|a~0|b~1|', '1,0,1', trial, JSON.stringify({ arch: '|b~0|+|a~0|b~1|', key: '1,0,1', genotype: [1, 0, 1], trial_id: trial, seed: 5 }), result, dir, '5', '$HOME;{unknown}']);
        assert.deepEqual([x.arch, x.key, x.trial, x.result, x.run, x.seed, x.progress], ['|b~0|+|a~0|b~1|', '1,0,1', trial, result, dir, '5', join(dir, 'trials', trial, 'progress.jsonl')]);
        assert.deepEqual((x.params as { genotype: number[] }).genotype, [1, 0, 1]);
        assert.deepEqual(x.env, ['HOME', 'LISSNAS_ARCH', 'LISSNAS_ATTEMPT', 'LISSNAS_GENOTYPE', 'LISSNAS_KEY', 'LISSNAS_PARAMS_JSON', 'LISSNAS_PROGRESS_FILE', 'LISSNAS_RESULT_FILE', 'LISSNAS_RUN_DIR', 'LISSNAS_SEED', 'LISSNAS_TRIAL_DIR', 'LISSNAS_TRIAL_ID', 'PATH']);
        assert.equal(r.trial, trial);
    });

    test('answer: result file over stdout; else the last JSON line of stdout; extra fields kept; report field; garbage fails with the stderr tail', async () => {
        const dir = runDir();
        const ev = new CommandEvaluator({ argv: [node, '-e', jsonB, '{arch}'], parallel: 3, runDir: dir, reportField: 'test' });
        const rs = await ev.evaluate([[0, 0, 0], [1, 1, 1], [1, 0, 1], [0, 1, 0]], tinyCell);
        assert.deepEqual(rs.map((r) => [r.metric, r.report, r.score]), [[0, 0, 0], [3, 30, 3], [2, 20, 2], [1, 10, 1]]);
        assert.deepEqual(rs[1].extra, { epochs: 2 });
        // Per-trial logs in the run directory.
        assert.equal(readFileSync(join(dir, 'trials', rs[1].trial!, 'stdout'), 'utf8'), 'epoch 2/2\n{"metric":3,"test":30,"epochs":2}\n');
        assert.ok(existsSync(join(dir, 'trials', rs[1].trial!, 'stderr')));

        // The result file wins over a JSON line on stdout.
        const both = `require('fs').writeFileSync(process.env.LISSNAS_RESULT_FILE, '{"metric": 7}'); console.log('{"metric": 1}');`;
        const [b] = await new CommandEvaluator({ argv: [node, '-e', both, '{arch}'], runDir: runDir() }).evaluate([[0, 0, 0]], tinyCell);
        assert.equal(b.metric, 7);

        const garbage = `console.error('warning: something'); console.error('loss exploded'); console.log('accuracy 93.1');`;
        const [g] = await new CommandEvaluator({ argv: [node, '-e', garbage, '{arch}'], runDir: runDir() }).evaluate([[0, 0, 0]], tinyCell);
        assert.equal(g.metric, undefined);
        assert.match(g.error!, /printed no JSON object on stdout .*stderr: warning: something \| loss exploded/);
        const noField = `console.log(JSON.stringify({ acc: 1 }))`;
        assert.match((await new CommandEvaluator({ argv: [node, '-e', noField, '{arch}'], runDir: runDir() }).evaluate([[0, 0, 0]], tinyCell))[0].error!, /no finite number 'metric' \(it has acc\)/);
        const badFile = `require('fs').writeFileSync(process.env.LISSNAS_RESULT_FILE, 'not json'); console.log('{"metric": 1}')`;
        assert.match((await new CommandEvaluator({ argv: [node, '-e', badFile, '{arch}'], runDir: runDir() }).evaluate([[0, 0, 0]], tinyCell))[0].error!, /result file is not JSON/);
    });

    test('answer last_number: the old protocol, only when asked for', async () => {
        const ev = new CommandEvaluator({ argv: [node, '-e', countB, '{arch}'], output: 'last_number', runDir: runDir() });
        assert.deepEqual((await ev.evaluate([[1, 1, 0], [0, 0, 0]], tinyCell)).map((r) => r.metric), [2, 0]);
        const json = new CommandEvaluator({ argv: [node, '-e', countB, '{arch}'], runDir: runDir() });
        assert.match((await json.evaluate([[1, 1, 0]], tinyCell))[0].error!, /no JSON object/);
    });

    test('non-zero exit, timeout (the whole group), missing program: recorded failures', async () => {
        const failing = new CommandEvaluator({ argv: [node, '-e', 'console.error("boom"); process.exit(3)', '{arch}'], runDir: runDir() });
        const [f] = await failing.evaluate([[0, 0, 0]], tinyCell);
        assert.equal(f.metric, undefined);
        assert.match(f.error!, /exited with 3 .*boom/);
        const dir = runDir();
        // Starts a grandchild that would outlive a kill of the leader alone, then hangs.
        const forks = `const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' }); require('fs').writeFileSync(process.env.LISSNAS_TRIAL_DIR + '/grandchild', String(c.pid)); setTimeout(() => {}, 30000);`;
        const slow = new CommandEvaluator({ argv: [node, '-e', forks, '{arch}'], timeoutSeconds: 0.5, runDir: dir });
        const [s] = await slow.evaluate([[0, 0, 0]], tinyCell);
        assert.match(s.error!, /timed out after 0.5 s/);
        const grandchild = Number(readFileSync(join(dir, 'trials', s.trial!, 'grandchild'), 'utf8'));
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(alive(grandchild), false, 'the timeout killed the grandchild too');
        const missing = new CommandEvaluator({ argv: ['/no/such/program', '{arch}'], runDir: runDir() });
        assert.match((await missing.evaluate([[0, 0, 0]], tinyCell))[0].error!, /ENOENT/);
    });

    test('retries: failed attempts are kept (logs and records); a later success is the result; exhausted retries fail', async () => {
        const dir = runDir();
        const flaky = `const a = Number(process.env.LISSNAS_ATTEMPT); console.log('attempt', a); if (a < 3) { console.error('CUDA error ' + a); process.exit(1); } console.log(JSON.stringify({ metric: 42 }));`;
        const [r] = await new CommandEvaluator({ argv: [node, '-e', flaky, '{arch}'], retries: 2, runDir: dir }).evaluate([[0, 0, 0]], tinyCell);
        assert.equal(r.metric, 42);
        assert.deepEqual(r.attempts!.map((a) => [a.attempt, a.error.replace(/ for .*: /, ': ')]), [[1, 'command exited with 1: CUDA error 1'], [2, 'command exited with 1: CUDA error 2']]);
        // Beside the logs: the last attempt's process record and the exit status lissnas saw (adopted by a resume after a SIGKILL).
        const logs = readdirSync(join(dir, 'trials', r.trial!)).sort();
        assert.deepEqual(logs, ['exit_code', 'pid', 'stderr', 'stderr.1', 'stderr.2', 'stdout', 'stdout.1', 'stdout.2']);
        assert.equal(readFileSync(join(dir, 'trials', r.trial!, 'stdout.1'), 'utf8'), 'attempt 1\n');
        const [e] = await new CommandEvaluator({ argv: [node, '-e', flaky, '{arch}'], retries: 1, runDir: runDir() }).evaluate([[0, 0, 0]], tinyCell);
        assert.match(e.error!, /CUDA error 2 \(after 2 attempts\)/);
        assert.equal(e.attempts!.length, 2);
    });

    test('parallel N: N trials at once, never more', async () => {
        const dir = runDir();
        // Each trial logs start and end times; 6 trials of 300 ms with parallel 3 take two waves.
        const timed = `const fs = require('fs'); const log = process.env.LISSNAS_RUN_DIR + '/times'; fs.appendFileSync(log, 'start ' + Date.now() + '\\n'); setTimeout(() => { fs.appendFileSync(log, 'end ' + Date.now() + '\\n'); console.log('{"metric": 1}'); }, 300);`;
        const ev = new CommandEvaluator({ argv: [node, '-e', timed, '{arch}'], parallel: 3, runDir: dir });
        const rs = await ev.evaluate([[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1]], tinyCell);
        assert.ok(rs.every((r) => r.metric === 1));
        const events = readFileSync(join(dir, 'times'), 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, t]) => [Number(t), k === 'start' ? 1 : -1] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        let running = 0;
        let most = 0;
        for (const [, d] of events) most = Math.max(most, (running += d));
        assert.equal(most, 3);
    });

    test('the same architecture twice in one batch is one trial (one folder, one process)', async () => {
        const dir = runDir();
        const once = `require('fs').appendFileSync(process.env.LISSNAS_RUN_DIR + '/starts', 'x'); setTimeout(() => console.log('{"metric": 2}'), 200);`;
        const rs = await new CommandEvaluator({ argv: [node, '-e', once, '{arch}'], parallel: 2, runDir: dir }).evaluate([[1, 0, 1], [1, 0, 1]], tinyCell);
        assert.deepEqual(rs.map((r) => [r.metric, r.trial]), [[2, rs[0].trial], [2, rs[0].trial]]);
        assert.equal(readFileSync(join(dir, 'starts'), 'utf8'), 'x');
    });

    test('abort kills the whole process group and rejects; the cache keeps nothing', async () => {
        const dir = runDir();
        const forks = `const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' }); require('fs').writeFileSync(process.env.LISSNAS_TRIAL_DIR + '/grandchild', String(c.pid)); setTimeout(() => {}, 30000);`;
        const inner = new CommandEvaluator({ argv: [node, '-e', forks, '{arch}'], runDir: dir });
        const slow = new CachedEvaluator(inner);
        const controller = new AbortController();
        const marker = join(dir, 'trials', inner.trialId(tinyCell, [0, 0, 0]), 'grandchild');
        const watch = setInterval(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '' && controller.abort(), 20);
        await assert.rejects(slow.evaluate([[0, 0, 0]], tinyCell, controller.signal), { name: 'AbortError' });
        clearInterval(watch);
        assert.equal(slow.queries, 0);
        assert.equal(slow.cachedCount, 0);
        const grandchild = Number(readFileSync(marker, 'utf8'));
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(alive(grandchild), false, 'the grandchild got the group signal');
    });

    test('helpers: lastNumber, splitCommandLine', () => {
        assert.equal(lastNumber('loss 0.5\nacc 93.25\n'), 93.25);
        assert.equal(lastNumber('val=-1.5e-2'), -0.015);
        assert.equal(lastNumber('no digits'), undefined);
        assert.deepEqual(splitCommandLine(`python "my script.py" --arch '{arch}'  -v`), ['python', 'my script.py', '--arch', '{arch}', '-v']);
    });
});

describe('command from a spec', () => {
    const spec = (args: string[], settings: EvaluatorSpec['settings'] = []): EvaluatorSpec => ({
        name: 'Train',
        kind: 'command',
        args: args.map((value) => ({ value: { kind: 'string' as const, value } })),
        settings,
    });

    test('settings: timeout with units, parallel, retries, metric, report, output, seed, minimize', async () => {
        const s = readCommandSettings(spec(['python train.py --arch {arch}'], [
            { key: 'timeout', values: [{ kind: 'quantity', value: 10, unit: 'm' }] },
            { key: 'parallel', values: [{ kind: 'number', value: 4 }] },
            { key: 'retries', values: [{ kind: 'number', value: 2 }] },
            { key: 'metric', values: [{ kind: 'word', value: 'val_acc' }] },
            { key: 'report', values: [{ kind: 'string', value: 'test acc' }] },
            { key: 'seed', values: [{ kind: 'number', value: 3 }] },
            { key: 'minimize', values: [] },
        ]));
        assert.deepEqual([s.argv, s.timeoutSeconds, s.parallel, s.retries, s.metricField, s.reportField, s.output, s.seed, s.minimize], [['python', 'train.py', '--arch', '{arch}'], 600, 4, 2, 'val_acc', 'test acc', 'json', 3, true]);
        const ev = createEvaluator(spec([node, '-e', countB, '{arch}'], [{ key: 'minimize', values: [] }, { key: 'answer', values: [{ kind: 'word', value: 'last_number' }] }]));
        const [r] = await ev.evaluate([[1, 1, 0]], tinyCell);
        assert.equal(r.metric, 2);
        assert.equal(r.score, -2);
        assert.equal(ev.cacheBy, 'canonical');
        assert.throws(() => createEvaluator(spec(['x {arch}'], [{ key: 'answer', values: [{ kind: 'word', value: 'last_number' }] }, { key: 'report', values: [{ kind: 'word', value: 't' }] }])), /no meaning with `answer last_number`/);
    });
});
