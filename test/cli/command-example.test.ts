import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandEvaluator } from '../../engine/evaluate/command.js';
import { skipWithoutTorch, torchOrReason } from '../engine/neural/torch-env.js';
import { nb201Space } from '../../engine/space/nb201.js';
import { bundledCli } from '../cli-bundle.js';

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
        assert.equal((JSON.parse(readFileSync(join(dir, 'progress.jsonl'), 'utf8').split('\n')[0]) as { accuracy: number }).accuracy.toFixed(3), e.metric!.toFixed(3));
    }
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { best?: { metric: number } };
    assert.equal(result.best?.metric, Math.max(...evals.map((e) => e.metric!)));
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
