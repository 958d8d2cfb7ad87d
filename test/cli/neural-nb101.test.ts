import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipWithoutTorch } from '../engine/neural/torch-env.js';
import { bundledCli, bundledTfjsWorker } from '../cli-bundle.js';
import { assertOneTrainedEpoch, assertProxyRun } from '../journal-keys.js';

/**
 * NB101-style graph networks inside real runs of the bundled CLI, on a small skeleton (stem 16, one cell per stack: 3
 * cells) to stay fast: synflow and naswot shrinkages on torch, a short train(fashion_mnist) on a 200-image subset, the
 * refusal of a vertex op the builder lacks, and wasm's refusal.
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
    for (const [policy, proxy] of [
        ['S', 'synflow'],
        ['W', 'naswot'],
    ]) {
        test(`${proxy} shrinks a small graph space on torch: every evaluation finite, varying with the genotype; result.json names torch`, { skip }, () => {
            const dir = join(tmp, `shrink-${proxy}`);
            const r = cli(['shrink', file, '--policy', policy, '--backend', 'torch', '--out', dir]);
            assert.equal(r.status, 0, r.stderr);
            const evaluated = assertProxyRun(dir, proxy, 'torch');
            assert.ok(evaluated.length >= 4, `${evaluated.length} evaluations`);
        });
    }

    test('train(fashion_mnist) trains a graph network on a 200-image subset: one epoch journaled, a finite loss, accuracies in percent', { skip: skip || fashion }, () => {
        const dir = join(tmp, 'train');
        const r = cli(['search', file, '--search', 'One', '--backend', 'torch', '--out', dir]);
        assert.equal(r.status, 0, r.stderr);
        assertOneTrainedEpoch(dir);
    });

    test('a graph whose ops a vertex cannot take is refused, naming the op and what a vertex takes', () => {
        const r = cli(['shrink', file, '--policy', 'X', '--out', join(tmp, 'sep')]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /space Sep, graph graph: op 'sep_conv_3x3'.*\(a graph vertex takes conv_bn_relu, max_pool, avg_pool and identity/);
    });

    test('--backend wasm refuses a graph space before evaluating, naming torch', () => {
        const dir = join(tmp, 'wasm');
        const r = cli(['shrink', file, '--policy', 'S', '--backend', 'wasm', '--out', dir]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /NAS-Bench-101 graph networks are built by the torch back-end only, not by wasm: use --backend torch/);
        const journalFile = join(dir, 'journal.jsonl');
        const evals = existsSync(journalFile) ? readFileSync(journalFile, 'utf8').split('\n').filter((l) => l.includes('"type":"eval"')).length : 0;
        assert.equal(evals, 0);
    });
});
