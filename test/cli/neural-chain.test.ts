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
 * Layer-chain (MobileNet-style) networks inside real runs of the bundled CLI: synflow shrinkages of small chain spaces
 * on torch and, without SE, on wasm (the tfjs worker's builder, workers/tfjs/chain-network.ts); a naswot shrinkage and
 * a short train(fashion_mnist) on wasm of a chain with SE; the refusal of a chain whose parameters the builder does
 * not know, and wasm's refusal of synflow on a chain whose space allows SE.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUNDLE = bundledCli();
bundledTfjsWorker();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-neural-chain-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const skip = skipWithoutTorch();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || process.env.LISSNAS_FASHION_MNIST ? false : 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)';

const cli = (args: string[]) => spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8' });

const file = join(tmp, 'chain.nas');
writeFileSync(
    file,
    `space Tiny {
  layers 3 { kernel choice [3, 5]; expand choice [1, 3]; se choice [false, true] }
  width choice [0.5, 1.0]
  network { classes 10 input 16 }
}
space Plain {
  layers 3 { kernel choice [3, 5]; expand choice [1, 3]; se choice [false] }
  width choice [0.5, 1.0]
  network { classes 10 input 16 }
}
space Odd {
  layers 3 { kernel choice [3, 5]; ratio choice [3, 6] }
}
evaluator syn = proxy(synflow) { seed 0 }
evaluator wot = proxy(naswot) { batch 16; seed 0 }
evaluator fm = train(fashion_mnist) { epochs 1; batch 25; lr 0.05; subset 200; holdout 50; test_subset 50; seed 0 }
policy L = lissnas(Tiny) { evaluate syn; sample 6; seeds top 2; max_iterations 1; seed 1 }
policy P = lissnas(Plain) { evaluate syn; sample 6; seeds top 2; max_iterations 1; seed 1 }
policy W = lissnas(Tiny) { evaluate wot; sample 6; seeds top 2; max_iterations 1; seed 1 }
policy O = lissnas(Odd) { evaluate syn; sample 4; seeds top 2; max_iterations 1; seed 1 }
search One = random(Tiny) { evaluate fm; budget 1; seed 3 }
`,
);

describe('layer-chain networks in real runs (bundled CLI)', () => {
    test('synflow shrinks a 3-layer chain space on torch: every evaluation a finite log-synflow; result.json names torch', { skip }, () => {
        const dir = join(tmp, 'shrink');
        const r = cli(['shrink', file, '--policy', 'L', '--out', dir]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(assertProxyRun(dir, 'synflow', 'torch').length, 6);
    });

    test('a chain with parameters the builder does not know is refused, naming them and what it expects', () => {
        const r = cli(['shrink', file, '--policy', 'O', '--out', join(tmp, 'odd')]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /the chain builder does not know the parameter 'ratio'; it expects layer parameters 'kernel' .*'expand'/);
    });

    for (const [policy, proxy, what] of [
        ['P', 'synflow', 'a chain without SE'],
        ['W', 'naswot', 'a chain with SE'],
    ]) {
        test(`${proxy} shrinks ${what} on wasm: every evaluation finite, varying with the genotype; result.json names wasm`, () => {
            const dir = join(tmp, `wasm-${proxy}`);
            const r = cli(['shrink', file, '--policy', policy, '--backend', 'wasm', '--out', dir]);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(assertProxyRun(dir, proxy, 'wasm').length, 6);
        });
    }

    test('train(fashion_mnist) trains a chain with SE on wasm on a 200-image subset: one epoch journaled, a finite loss, accuracies in percent', { skip: fashion }, () => {
        const dir = join(tmp, 'train-wasm');
        const r = cli(['search', file, '--search', 'One', '--backend', 'wasm', '--out', dir]);
        assert.equal(r.status, 0, r.stderr);
        assertOneTrainedEpoch(dir);
    });

    test('--backend wasm refuses synflow on a chain whose space allows SE before evaluating, saying why and naming torch', () => {
        const dir = join(tmp, 'wasm');
        const r = cli(['shrink', file, '--policy', 'L', '--backend', 'wasm', '--out', dir]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /evaluator syn, space Tiny: synflow of a layer chain whose space allows squeeze-and-excitation \(`se`\) needs float64: the SE's sigmoid gate is not positively homogeneous.*Use --backend torch/);
        const journal = join(dir, 'journal.jsonl');
        const evals = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"type":"eval"')).length : 0;
        assert.equal(evals, 0);
    });
});
