import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipWithoutTorch } from '../engine/neural/torch-env.js';
import { bundledCli, bundledTfjsWorker } from '../cli-bundle.js';
import { assertProxyRun } from '../journal-keys.js';

/**
 * Layer-chain (MobileNet-style) networks inside real runs of the bundled CLI: a synflow shrinkage of a small chain
 * space on torch, the refusal of a chain whose parameters the builder does not know, and wasm's refusal.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUNDLE = bundledCli();
bundledTfjsWorker();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-neural-chain-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const skip = skipWithoutTorch();

const cli = (args: string[]) => spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8' });

const file = join(tmp, 'chain.nas');
writeFileSync(
    file,
    `space Tiny {
  layers 3 { kernel choice [3, 5]; expand choice [1, 3]; se choice [false, true] }
  width choice [0.5, 1.0]
  network { classes 10 input 16 }
}
space Odd {
  layers 3 { kernel choice [3, 5]; ratio choice [3, 6] }
}
evaluator syn = proxy(synflow) { seed 0 }
policy L = lissnas(Tiny) { evaluate syn; sample 6; seeds top 2; max_iterations 1; seed 1 }
policy O = lissnas(Odd) { evaluate syn; sample 4; seeds top 2; max_iterations 1; seed 1 }
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

    test('--backend wasm refuses a chain space before evaluating, naming torch', () => {
        const dir = join(tmp, 'wasm');
        const r = cli(['shrink', file, '--policy', 'L', '--backend', 'wasm', '--out', dir]);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.match(r.stderr, /layer-chain \(MobileNet-style\) networks are built by the torch back-end only, not by wasm: use --backend torch/);
        const journal = join(dir, 'journal.jsonl');
        const evals = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"type":"eval"')).length : 0;
        assert.equal(evals, 0);
    });
});
