import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipWithoutTorch } from '../engine/neural/torch-env.js';
import { bundledCli, bundledTfjsWorker } from '../cli-bundle.js';
import { assertOneTrainedEpoch, assertProxyRun } from '../journal-keys.js';

/**
 * DARTS cell networks inside real runs of the bundled CLI, on a small skeleton (C 8, one normal cell per stage: 5
 * cells) to stay fast: synflow and naswot shrinkages on torch and on wasm (the tfjs worker's builder,
 * workers/tfjs/darts-network.ts), a short train(fashion_mnist) on a 200-image subset on each, and the refusal of three
 * DARTS cells.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUNDLE = bundledCli();
bundledTfjsWorker();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-neural-darts-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const skip = skipWithoutTorch();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)';

const cli = (args: string[]) => spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8' });

const file = join(tmp, 'darts.nas');
writeFileSync(
    file,
    `space D {
  cell normal { inputs 2 nodes 3 pick 2 ops [none, skip_connect, sep_conv_3x3, dil_conv_3x3, max_pool_3x3, avg_pool_3x3] }
  cell reduce = normal
  network { stem 8; cells_per_stage 1; input 16 }
}
space Three {
  cell a { inputs 2 nodes 2 pick 2 ops [skip_connect, sep_conv_3x3] }
  cell b = a
  cell c = a
}
evaluator syn = proxy(synflow) { seed 0 }
evaluator wot = proxy(naswot) { batch 16; seed 0 }
evaluator fm = train(fashion_mnist) { epochs 1; batch 25; lr 0.05; subset 200; holdout 50; test_subset 50; seed 0 }
policy S = lissnas(D) { evaluate syn; sample 4; seeds top 2; max_iterations 1; seed 1 }
policy W = lissnas(D) { evaluate wot; sample 4; seeds top 2; max_iterations 1; seed 1 }
policy T = lissnas(Three) { evaluate syn; sample 4; seeds top 2; max_iterations 1; seed 1 }
search One = random(D) { evaluate fm; budget 1; seed 3 }
`,
);



describe('DARTS cell networks in real runs (bundled CLI)', () => {
    for (const backend of ['torch', 'wasm'] as const) {
        for (const [policy, proxy] of [
            ['S', 'synflow'],
            ['W', 'naswot'],
        ]) {
            test(`${proxy} shrinks a small DARTS space on ${backend}: every evaluation finite, varying with the genotype; result.json names ${backend}`, { skip: backend === 'torch' && skip }, () => {
                const dir = join(tmp, `shrink-${proxy}-${backend}`);
                const r = cli(['shrink', file, '--policy', policy, '--backend', backend, '--out', dir]);
                assert.equal(r.status, 0, r.stderr);
                const evaluated = assertProxyRun(dir, proxy, backend);
                assert.ok(evaluated.length >= 4, `${evaluated.length} evaluations`);
            });
        }

        test(`train(fashion_mnist) trains a DARTS network on ${backend} on a 200-image subset: one epoch journaled, a finite loss, accuracies in percent`, { skip: (backend === 'torch' && skip) || fashion }, () => {
            const dir = join(tmp, `train-${backend}`);
            const r = cli(['search', file, '--search', 'One', '--backend', backend, '--out', dir]);
            assert.equal(r.status, 0, r.stderr);
            assertOneTrainedEpoch(dir);
        });
    }

    test('a space with three DARTS cells is refused, saying which cells a DARTS network takes', () => {
        const r = cli(['shrink', file, '--policy', 'T', '--out', join(tmp, 'three')]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /space Three: has 3 DARTS cells \(a, b, c\); a DARTS network takes one normal cell and one reduction cell/);
    });
});
