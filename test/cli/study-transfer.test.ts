// `lissnas study --transfer-from D` through the CLI: flag errors are usage errors (exit 2) before any work, and a
// real one-seed transfer study prints D's shrinkage and, per target, the full space against `<policy>@D`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './in-process.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-cli-transfer-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const FILE = 'examples/study-nb201.nas';

test('study --transfer-from: usage errors before any work', async () => {
    const out = join(tmp, 'refused');
    const unknown = await run('study', FILE, '--policies', 'Lissnas', '--searches', 'RS', '--datasets', 'c100', '--transfer-from', 'c1000', '--out', out);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown dataset 'c1000' for --transfer-from/);
    const noTargets = await run('study', FILE, '--policies', 'Lissnas', '--searches', 'RS', '--transfer-from', 'c10', '--out', out);
    assert.equal(noTargets.code, 2);
    assert.match(noTargets.err, /--transfer-from needs --datasets/);
    const noSearches = await run('study', FILE, '--policies', 'Lissnas', '--datasets', 'c100', '--transfer-from', 'c10', '--out', out);
    assert.equal(noSearches.code, 2);
    assert.match(noSearches.err, /--transfer-from needs --searches/);
    const sourceAsTarget = await run('study', FILE, '--policies', 'Lissnas', '--searches', 'RS', '--datasets', 'c10,c100', '--transfer-from', 'c10', '--out', out);
    assert.equal(sourceAsTarget.code, 2);
    assert.match(sourceAsTarget.err, /--datasets must not include the --transfer-from dataset 'c10'/);
    assert.ok(!existsSync(out), 'nothing was written');
});

test('study --transfer-from c10 --datasets in16: c10 shrinkage, in16 searches in full and Lissnas@c10', async () => {
    const out = join(tmp, 'study');
    const r = await run('study', FILE, '--policies', 'Lissnas', '--searches', 'RS', '--seeds', '1', '--datasets', 'in16', '--budgets', '100', '--transfer-from', 'c10', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Transfer: the policies shrank on c10 only/);
    assert.match(r.out, /dataset c10: shrinkage[\s\S]*Lissnas +lissnas/);
    assert.doesNotMatch(r.out, /dataset in16: shrinkage/);
    assert.match(r.out, /dataset in16: best report[\s\S]*RS +full +[\d.]+[\s\S]*RS +Lissnas@c10 +[\d.]+/);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    assert.equal(study.transferFrom, 'c10');
    const manifest = JSON.parse(readFileSync(join(out, 'study-run.json'), 'utf8'));
    assert.equal(manifest.transferFrom, 'c10', 'a resume continues the same transfer');
});
