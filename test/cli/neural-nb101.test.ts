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
 * NB101-style graph networks inside real runs of the bundled CLI, on a small skeleton (stem 16, one cell per stack: 3
 * cells) to stay fast: synflow and naswot shrinkages on torch and on wasm (the tfjs worker's builder,
 * workers/tfjs/graph-network.ts), a short train(fashion_mnist) on a 200-image subset on each, and the refusal of a
 * vertex op the builder lacks.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUNDLE = bundledCli();
bundledTfjsWorker();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-neural-nb101-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const skip = skipWithoutTorch();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)';

const cli = (args: string[]) => spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8' });

const file = join(tmp, 'nb101.nas');
writeFileSync(
    file,
    `space G {
  graph { max_nodes 7 max_edges 9 ops [conv3x3_bn_relu, conv1x1_bn_relu, maxpool3x3] }
  network { stem 16; cells_per_stage 1; input 16 }
}
space Sep {
  graph { max_nodes 4 max_edges 5 ops [conv3x3_bn_relu, sep_conv_3x3] }
}
evaluator syn = proxy(synflow) { seed 0 }
evaluator wot = proxy(naswot) { batch 16; seed 0 }
evaluator fm = train(fashion_mnist) { epochs 1; batch 25; lr 0.05; subset 200; holdout 50; test_subset 50; seed 0 }
policy S = lissnas(G) { evaluate syn; sample 4; seeds top 2; max_iterations 1; seed 1 }
policy W = lissnas(G) { evaluate wot; sample 4; seeds top 2; max_iterations 1; seed 1 }
policy X = lissnas(Sep) { evaluate syn; sample 4; seeds top 2; max_iterations 1; seed 1 }
search One = random(G) { evaluate fm; budget 1; seed 3 }
`,
);



describe('NB101 graph networks in real runs (bundled CLI)', () => {
    for (const backend of ['torch', 'wasm'] as const) {
        for (const [policy, proxy] of [
            ['S', 'synflow'],
            ['W', 'naswot'],
        ]) {
            test(`${proxy} shrinks a small graph space on ${backend}: every evaluation finite, varying with the genotype; result.json names ${backend}`, { skip: backend === 'torch' && skip }, () => {
                const dir = join(tmp, `shrink-${proxy}-${backend}`);
                const r = cli(['shrink', file, '--policy', policy, '--backend', backend, '--out', dir]);
                assert.equal(r.status, 0, r.stderr);
                const evaluated = assertProxyRun(dir, proxy, backend);
                assert.ok(evaluated.length >= 4, `${evaluated.length} evaluations`);
            });
        }

        test(`train(fashion_mnist) trains a graph network on ${backend} on a 200-image subset: one epoch journaled, a finite loss, accuracies in percent`, { skip: (backend === 'torch' && skip) || fashion }, () => {
            const dir = join(tmp, `train-${backend}`);
            const r = cli(['search', file, '--search', 'One', '--backend', backend, '--out', dir]);
            assert.equal(r.status, 0, r.stderr);
            assertOneTrainedEpoch(dir);
        });
    }

    test('a graph whose ops a vertex cannot take is refused, naming the op and what a vertex takes', () => {
        const r = cli(['shrink', file, '--policy', 'X', '--out', join(tmp, 'sep')]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /space Sep, graph graph: op 'sep_conv_3x3'.*\(a graph vertex takes conv_bn_relu, max_pool, avg_pool and identity/);
    });
});
