import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandEvaluator } from '../../engine/evaluate/command.js';
import { skipWithoutTorch, torchOrReason } from '../engine/neural/torch-env.js';
import { nb201Space } from '../../engine/space/nb201.js';
import { bundledCli } from '../cli-bundle.js';
import { parseRunEvent, type TrialEvent } from '../../protocol/run-events.js';
import { readRunHistory } from '../../client/panels/run-history.js';
import { trialEventWatcher } from '../../engine/run/trial-events.js';
import { SilentReporter } from '../../engine/run/progress.js';

/**
 * examples/command/: the trial script (train.py) and the .nas that shrinks with it, through the bundled CLI.
 * The shrink runs the script in its synthetic mode (fast; LISSNAS_EXAMPLE_SYNTHETIC=1 reaches it because
 * LISSNAS_* variables pass to trials); one trial also trains for real with PyTorch on Fashion-MNIST where both
 * are installed (CI installs python3-torch and dataset-fashion-mnist).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The bundled CLI, rebuilt first when a source is newer (test/cli-bundle.ts).
const BUNDLE = bundledCli();
const EXAMPLE = join(ROOT, 'examples', 'command');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-command-example-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('examples/command: a shrinkage whose evaluations are runs of train.py; answers, logs, progress and trial ids in the run', () => {
    // `python3` resolved once to the interpreter itself (a version manager's shim costs a second per trial).
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    const which = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    assert.equal(which.status, 0, 'python3 on PATH');
    symlinkSync(which.stdout.trim(), join(bin, 'python3'));
    const out = join(tmp, 'run');
    const r = spawnSync(process.execPath, [BUNDLE, 'shrink', join(EXAMPLE, 'shrink.nas'), '--policy', 'Shrink', '--out', out, '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LISSNAS_EXAMPLE_SYNTHETIC: '1' },
    });
    assert.equal(r.status, 0, r.stderr);
    const evals = readFileSync(join(out, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"type":"eval"'))
        .map((l) => JSON.parse(l) as { key: string; metric?: number; report?: number; error?: string; trial: string; extra: { mode: string } });
    assert.ok(evals.length >= 12, `${evals.length} evaluations`);
    for (const e of evals) {
        assert.equal(e.error, undefined);
        assert.equal(e.extra.mode, 'synthetic', 'the extra fields of the answer are journaled');
        assert.ok(e.metric! > 0 && e.metric! < 100 && e.report === Math.round((e.metric! - 1) * 1000) / 1000, `${e.metric} ${e.report}`);
        const dir = join(out, 'trials', e.trial);
        assert.deepEqual(readdirSync(dir).sort(), ['exit_code', 'pid', 'progress.jsonl', 'result.json', 'stderr', 'stdout']);
        assert.match(readFileSync(join(dir, 'stdout'), 'utf8'), /^trained \|/);
        // One progress line per epoch (--epochs 2), the last one at the trial's answer.
        const progress = readFileSync(join(dir, 'progress.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; loss: number; accuracy: number });
        assert.deepEqual(progress.map((p) => p.epoch), [1, 2]);
        assert.equal(progress[1].accuracy.toFixed(3), e.metric!.toFixed(3));
        assert.ok(progress[0].accuracy < progress[1].accuracy && progress[0].loss > progress[1].loss, 'a learning curve');
    }
    // The --json stream follows each trial: a valid `trial` event when it starts, its progress lines, and its end.
    const events = r.stdout.trim().split('\n').map((line) => parseRunEvent(line));
    assert.ok(events.every((e) => e !== undefined), 'every stdout line is a valid run event');
    const trials = new Map<string, TrialEvent[]>();
    for (const e of events) if (e?.event === 'trial') trials.set(e.id, [...(trials.get(e.id) ?? []), e]);
    assert.deepEqual([...trials.keys()].sort(), [...new Set(evals.map((e) => e.trial))].sort(), 'one trial event stream per trial');
    for (const e of evals) {
        const stream = trials.get(e.trial)!;
        assert.equal(stream[0].status, 'running');
        assert.equal(stream.filter((t) => t.status !== 'running').length, 1, 'one end event');
        const end = stream[stream.length - 1];
        assert.equal(end.status, 'done');
        assert.equal(end.step, 2);
        assert.equal(end.progress!.accuracy.toFixed(3), e.metric!.toFixed(3), 'the last values are the last progress line');
        assert.deepEqual(stream.flatMap((t) => t.points ?? []).map((p) => p.step), [1, 2], 'each progress line arrives once, in order');
        assert.ok(stream.every((t) => t.arch === stream[0].arch && t.elapsed >= 0));
    }
    // Read back later (the editor opening the finished run): one trial event per trial, its curve from progress.jsonl.
    const history = readRunHistory(out)!;
    const readBack = history.events.filter((e): e is TrialEvent => e.event === 'trial');
    assert.equal(readBack.length, evals.length);
    for (const t of readBack) {
        const live = trials.get(t.id)!;
        assert.equal(t.status, 'done');
        assert.deepEqual(t.points, live.flatMap((e) => e.points ?? []), 'the same points the live run sent');
        assert.deepEqual(t.progress, live[live.length - 1].progress);
        assert.equal(parseRunEvent(JSON.stringify(t))?.event, 'trial', 'valid on the wire');
    }
    // A long progress file is read back thinned to 1,000 points, its last line kept.
    const long = readBack[0];
    appendFileSync(join(out, 'trials', long.id, 'progress.jsonl'), Array.from({ length: 3000 }, (_, i) => JSON.stringify({ step: 10 + i, loss: 1 / (i + 1) })).join('\n') + '\n');
    const thinned = readRunHistory(out)!.events.find((e): e is TrialEvent => e.event === 'trial' && e.id === long.id)!;
    assert.ok(thinned.points!.length <= 1000 && thinned.points!.length >= 500, `${thinned.points!.length} points`);
    assert.equal(thinned.points![thinned.points!.length - 1].step, 3009);
    assert.equal(thinned.step, 3009);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { best?: { metric: number } };
    assert.equal(result.best?.metric, Math.max(...evals.map((e) => e.metric!)));
});

test('train.py with LISSNAS_EXAMPLE_EPOCH_SECONDS: its epochs arrive as trial events while it runs', async () => {
    const reporter = new SilentReporter();
    const ev = new CommandEvaluator({
        argv: ['python3', join(EXAMPLE, 'train.py'), '--arch', '{arch}', '--result', '{result_file}', '--epochs', '4'],
        metricField: 'accuracy',
        runDir: join(tmp, 'slow'),
        parentEnv: { ...process.env, LISSNAS_EXAMPLE_SYNTHETIC: '1', LISSNAS_EXAMPLE_EPOCH_SECONDS: '0.4' },
        watchTrial: trialEventWatcher(reporter, { pollMs: 100 }),
    });
    const [r] = await ev.evaluate([nb201Space().parse('|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|nor_conv_3x3~2|')], nb201Space());
    assert.equal(r.error, undefined);
    const events = reporter.events.filter((e): e is TrialEvent => e.event === 'trial');
    assert.ok(events.filter((e) => e.status === 'running' && e.points).length >= 3, 'epochs seen one by one while the trial ran');
    assert.deepEqual(events.flatMap((e) => e.points ?? []).map((p) => p.step), [1, 2, 3, 4]);
    assert.equal(events[events.length - 1].progress!.accuracy, r.metric);
});

test('train.py trains for real with PyTorch on Fashion-MNIST (one trial, 500 images)', { skip: skipWithoutTorch() || (existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent') }, async () => {
    const torch = torchOrReason();
    assert.ok(typeof torch !== 'string');
    const space = nb201Space();
    const ev = new CommandEvaluator({ argv: [torch.python, join(EXAMPLE, 'train.py'), '--arch', '{arch}', '--result', '{result_file}', '--subset', '500'], metricField: 'accuracy', reportField: 'test_accuracy', runDir: join(tmp, 'real') });
    const [r] = await ev.evaluate([[3, 3, 1, 3, 1, 1]], space);
    assert.equal(r.error, undefined);
    assert.equal((r.extra as { mode: string }).mode, 'torch');
    assert.ok(r.metric! > 10 && r.metric! <= 100 && r.report! > 10, `accuracy ${r.metric}, test ${r.report}: better than chance`);
    assert.ok((r.extra as { params: number }).params > 1000);
});
