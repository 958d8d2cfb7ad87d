import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES, skipWithoutTorch, torchOrReason } from '../engine/neural/torch-env.js';
import { bundledCli, bundledTfjsWorker, skipWithoutWebgpu } from '../cli-bundle.js';
import { journalLines } from '../journal-keys.js';

/**
 * proxy(...) and train(...) evaluators inside real runs of the bundled CLI (out/cli/main.cjs, rebuilt when a
 * source is newer): a synflow shrinkage killed mid-run and resumed, a two-architecture training search on a
 * 500-image Fashion-MNIST subset (on torch, and on wasm), and back-end selection (an unbuilt back-end, no torch at
 * all: training falls back to wasm).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The bundled CLI, rebuilt first when a source is newer (test/cli-bundle.ts).
const BUNDLE = bundledCli();
bundledTfjsWorker();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-neural-cli-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const skip = skipWithoutTorch();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)';

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

const OPS = `ops NB201Ops {
  none
  skip_connect = identity
  nor_conv_1x1 = relu_conv_bn(kernel: 1)
  nor_conv_3x3 = relu_conv_bn(kernel: 3)
  avg_pool_3x3 = avg_pool(kernel: 3)
}
space Small {
  cell { nodes 4 edges all ops NB201Ops }
  network { stem 8 stages [8, 16, 32] cells_per_stage 1 }
}
`;
const file = join(tmp, 'neural.nas');
writeFileSync(
    file,
    OPS +
        `evaluator syn = proxy(synflow) { seed 0 }
policy L = lissnas(Small) { evaluate syn; sample 10; seeds top 3; max_iterations 2; seed 1 }
evaluator fm = train(fashion_mnist) { epochs 2; batch 25; lr 0.1; subset 500; holdout 200; test_subset 500; seed 0 }
search Two = random(Small) { evaluate fm; budget 2; seed 3 }
`,
);


describe('neural back-end selection (bundled CLI)', () => {
    test('--backend tensorflow without tfjs-node-gpu: says it is an opt-in and where to read, exit 1, nothing written; an unknown name is a usage error', () => {
        const out = join(tmp, 'no-tensorflow');
        const r = cli(['shrink', file, '--policy', 'L', '--backend', 'tensorflow', '--out', out]);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /back-end 'tensorflow' is not available: @tensorflow\/tfjs-node-gpu is not installed .*opt-in: docs\/proxies\.md/);
        assert.equal(existsSync(out), false);
        const u = cli(['search', file, '--search', 'Two', '--backend', 'gpu']);
        assert.equal(u.status, 2);
        assert.match(u.stderr, /unknown back-end 'gpu' \(known: auto, torch, cpu, tensorflow, webgpu, wasm\)/);
    });

    const noTorch = { LISSNAS_PYTHON: join(FIXTURES, 'python-wrapper.sh'), LISSNAS_TEST_MODE: 'no-torch', LISSNAS_TEST_PYTHON: typeof torchOrReason() === 'string' ? 'python3' : (torchOrReason() as { python: string }).python };

    test('no torch (LISSNAS_PYTHON without it): torch asked for is a clear error naming what to install', () => {
        const out = join(tmp, 'absent');
        const r = cli(['shrink', file, '--policy', 'L', '--backend', 'torch', '--out', out], noTorch);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /back-end 'torch' is not available/);
        assert.match(r.stderr, /cannot import torch/);
        assert.match(r.stderr, /apt-get install python3-torch/);
        assert.equal(existsSync(out), false);
    });

    test('a study is refused the same way before it writes anything (every proxy evaluation would fail)', () => {
        const out = join(tmp, 'absent-study');
        const r = cli(['study', file, '--policies', 'L', '--seeds', '1', '--backend', 'torch', '--out', out], noTorch);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /back-end 'torch' is not available/);
        assert.match(r.stderr, /apt-get install python3-torch/);
        assert.equal(existsSync(out), false);
    });

    test('wasm: --backend wasm, and auto without torch, run a synflow shrinkage on wasm; result.json says so', () => {
        for (const [name, args, env] of [['forced', ['--backend', 'wasm'], {}], ['auto', [], noTorch]] as const) {
            const dir = join(tmp, `wasm-${name}`);
            const r = cli(['shrink', file, '--policy', 'L', ...args, '--out', dir], env);
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout + r.stderr, /back-end: wasm \(tfjs, one thread\) on cpu \(.*tfjs-worker\.cjs\)/);
            const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { backend?: { name: string; device: string; version: string }; best?: { metric: number } };
            assert.deepEqual({ name: result.backend?.name, device: result.backend?.device }, { name: 'wasm', device: 'cpu' });
            assert.match(result.backend?.version ?? '', /^4\.22\./);
            const evaluated = journalLines(dir).filter((l) => l.type === 'eval');
            assert.ok(evaluated.length >= 10, `${evaluated.length} evaluations`);
            // synflow's log values of this small skeleton: finite, and the failures are the path-less cells only.
            for (const l of evaluated) assert.ok(l.metric === undefined ? /synflow is 0/.test(l.error ?? '') : Number.isFinite(l.metric) && l.metric > 0, JSON.stringify(l));
        }
    });

    test('webgpu: --backend webgpu runs a synflow shrinkage on Dawn (here Mesa\'s software adapter); result.json names the adapter, and its values equal wasm\'s', { skip: skipWithoutWebgpu() }, () => {
        const runs = (['webgpu', 'wasm'] as const).map((b) => {
            const dir = join(tmp, `engine-${b}`);
            const r = cli(['shrink', file, '--policy', 'L', '--backend', b, '--out', dir]);
            assert.equal(r.status, 0, r.stderr);
            return { dir, out: r.stdout + r.stderr };
        });
        assert.match(runs[0].out, /back-end: webgpu \(tfjs 4\.22\.\d+\) on (gpu|cpu, software): .* \(.*tfjs-worker\.cjs\)/);
        const result = JSON.parse(readFileSync(join(runs[0].dir, 'result.json'), 'utf8')) as { backend?: { name: string; device: string } };
        assert.equal(result.backend?.name, 'webgpu');
        assert.match(result.backend?.device ?? '', /^(gpu|cpu, software): \S/);
        // synflow's weights come from tfjs's seeded generator (on the CPU) on both engines, so a cell both runs
        // evaluated has the same value up to float32 order of operations (measured: within 1e-4 in log).
        const values = runs.map(({ dir }) => new Map(journalLines(dir).filter((l) => l.type === 'eval').map((l) => [l.key, l.metric])));
        const both = [...values[0].keys()].filter((k) => values[1].has(k));
        assert.ok(both.length >= 10, `${both.length} cells evaluated by both`);
        for (const key of both) {
            const [v, w] = values.map((m) => m.get(key));
            if (v === undefined || w === undefined) assert.equal(v, w, `${key}: a failure on one engine only`);
            else assert.ok(Math.abs(v - w) < 1e-3, `${key}: webgpu ${v}, wasm ${w}`);
        }
    });

    test('train(fashion_mnist) on wasm (--backend wasm): two architectures on a 500-image subset, per-epoch values journaled, above chance; result.json says wasm', { skip: fashion }, () => {
        const dir = join(tmp, 'wasm-train');
        const r = cli(['search', file, '--search', 'Two', '--backend', 'wasm', '--out', dir]);
        assert.equal(r.status, 0, r.stderr);
        const evals = journalLines(dir).filter((l) => l.type === 'eval');
        assert.equal(evals.length, 2);
        for (const e of evals) {
            assert.equal(e.error, undefined, e.error);
            assert.deepEqual(e.epochs?.map((x) => x.epoch), [1, 2]);
            assert.equal(e.metric, e.epochs![1].validation, 'the metric is the last epoch validation accuracy');
            assert.ok(e.report! >= 0 && e.report! <= 100, `test accuracy ${e.report} is a percentage`);
            assert.ok(e.epochs!.every((x) => Number.isFinite(x.loss) && x.loss > 0 && x.seconds > 0), JSON.stringify(e.epochs));
            assert.ok(e.epochs![1].loss < e.epochs![0].loss, `the loss falls: ${e.epochs!.map((x) => x.loss)}`);
        }
        // Measured on these two cells (seed 3's draw): test accuracy 61.4% and 62% after 2 epochs (chance is 10%;
        // torch's own seeded draw of weights and split lands near the same).
        assert.ok(Math.max(...evals.map((e) => e.report!)) > 45, `the better network learns: ${evals.map((e) => e.report)}`);
        const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { best: { report: number }; backend: { name: string; device: string } };
        assert.deepEqual({ name: result.backend.name, device: result.backend.device }, { name: 'wasm', device: 'cpu' });
        assert.equal(result.best.report, evals.reduce((a, b) => (b.metric! > a.metric! ? b : a)).report);
    });

    test('training without torch: auto falls back to wasm; a NaN loss (lr 1e12) is a recorded failed evaluation and the run goes on to the end', { skip: fashion }, () => {
        const nan = join(tmp, 'nan.nas');
        writeFileSync(nan, OPS + `evaluator fm = train(fashion_mnist) { epochs 1; batch 10; lr 1e12; subset 200; holdout 50; test_subset 50; seed 0 }\nsearch Two = random(Small) { evaluate fm; budget 2; seed 3 }\n`);
        const dir = join(tmp, 'wasm-nan');
        const r = cli(['search', nan, '--search', 'Two', '--out', dir], noTorch);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout + r.stderr, /back-end: wasm \(tfjs, one thread\) on cpu/);
        const evals = journalLines(dir).filter((l) => l.type === 'eval');
        assert.equal(evals.length, 2, 'both architectures evaluated: the first failure did not stop the run');
        for (const e of evals) {
            assert.equal(e.metric, undefined);
            assert.match(e.error ?? '', /^training: loss became (nan|inf|-inf) at epoch 1 \(learning rate 1e\+12 too high\?\)$/);
        }
        assert.equal((JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { backend: { name: string } }).backend.name, 'wasm');
    });

    test('training on wasm without the data set: each evaluation fails with the install message', () => {
        const dir = join(tmp, 'wasm-no-data');
        const r = cli(['search', file, '--search', 'Two', '--backend', 'wasm', '--out', dir], { LISSNAS_FASHION_MNIST: join(tmp, 'no-such-folder') });
        assert.equal(r.status, 0, r.stderr);
        const evals = journalLines(dir).filter((l) => l.type === 'eval');
        assert.equal(evals.length, 2);
        for (const e of evals) assert.match(e.error ?? '', /^training: Fashion-MNIST not found \(looked in .*no-such-folder\): install it with `apt-get install dataset-fashion-mnist`.*or set LISSNAS_FASHION_MNIST/);
    });
});

describe('proxy and train evaluators in real runs (bundled CLI)', { skip }, () => {
    test('a synflow shrinkage killed mid-run resumes to the end; result.json names the back-end', async () => {
        const dir = join(tmp, 'shrink');
        const child = spawn(process.execPath, [BUNDLE, 'shrink', file, '--policy', 'L', '--out', dir], { cwd: ROOT, stdio: 'ignore' });
        const evals = (): number => (existsSync(join(dir, 'journal.jsonl')) ? journalLines(dir).filter((l) => l.type === 'eval').length : 0);
        const deadline = Date.now() + 60_000;
        while (evals() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const before = evals();
        assert.ok(before >= 4 && before < 18, `killed after ${before} evaluations`);
        assert.equal(existsSync(join(dir, 'result.json')), false);

        const r = cli(['resume', dir]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout + r.stderr, /back-end: torch .* on cpu/);
        const lines = journalLines(dir);
        const resume = lines.find((l) => l.type === 'phase' && (l as { phase?: string }).phase === 'resume')!;
        assert.equal(resume.journaled, before);
        const done = lines.filter((l) => l.type === 'done').pop()!;
        assert.ok(done.reused! >= before, `reused ${done.reused} of ${before}`);
        const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { queries: number; backend?: { name: string; device: string }; best?: { metric: number } };
        assert.equal(result.queries, 18);
        assert.deepEqual({ name: result.backend?.name, device: result.backend?.device }, { name: 'torch', device: 'cpu' });
        assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /back-end torch \S+ on cpu/);
        const evalsDone = lines.filter((l) => l.type === 'eval');
        assert.equal(new Set(evalsDone.map((l) => l.key)).size, evalsDone.length, 'no evaluation repeated');
        assert.equal(result.best?.metric, Math.max(...evalsDone.filter((l) => l.metric !== undefined).map((l) => l.metric!)));
    });

    test('train(fashion_mnist): two architectures on a 500-image subset, per-epoch values journaled', { skip: fashion }, () => {
        const dir = join(tmp, 'train');
        const r = cli(['search', file, '--search', 'Two', '--out', dir]);
        assert.equal(r.status, 0, r.stderr);
        const evals = journalLines(dir).filter((l) => l.type === 'eval');
        assert.equal(evals.length, 2);
        for (const e of evals) {
            assert.equal(e.error, undefined, e.error);
            assert.equal(e.epochs?.length, 2);
            assert.equal(e.metric, e.epochs![1].validation, 'the metric is the last epoch validation accuracy');
            assert.ok(e.report! >= 0 && e.report! <= 100, `test accuracy ${e.report} is a percentage`);
            assert.ok(e.epochs!.every((x) => Number.isFinite(x.loss) && x.seconds > 0));
        }
        assert.ok(Math.max(...evals.map((e) => e.report!)) > 30, 'the better network learns (chance is 10%)');
        const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { best: { report: number }; backend: { name: string } };
        assert.equal(result.backend.name, 'torch');
        assert.equal(result.best.report, evals.reduce((a, b) => (b.metric! > a.metric! ? b : a)).report);
    });
});
