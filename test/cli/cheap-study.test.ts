import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledCli, ROOT } from '../cli-bundle.js';
import type { StudyResult } from '../../engine/report/study-result.js';
import { skipWithoutTorch } from '../engine/neural/torch-env.js';

/**
 * The command of docs/cheap-shrinking.md, small: examples/study-nb201-cheap.nas runs through the bundled CLI without
 * torch (params/flops are counted in-process), on two datasets, and study.json records each cell's cost: the
 * params shrinkage at 0.001 per query, the table search at 1. Where torch is installed, also the synflow policy:
 * its own space (NB201's cell, one cell per stage) searched with the table.
 */
const BUNDLE = bundledCli();
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-cheap-study-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

test('examples/study-nb201-cheap.nas: cheap shrinkage, table search, costs in study.json', () => {
    const out = join(tmp, 'study');
    const args = ['study', 'examples/study-nb201-cheap.nas', '--policies', 'CheapParams,Expensive', '--searches', 'REA', '--seeds', '1', '--datasets', 'c10,in16', '--budgets', '100', '--out', out];
    const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LISSNAS_PYTHON: '/nonexistent/python3' } });
    assert.equal(r.status, 0, r.stderr);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as StudyResult;
    for (const dataset of ['c10', 'in16']) {
        const cell = (policy: string, search?: string) => study.runs.find((x) => x.dataset === dataset && x.policy === policy && x.search === search)!;
        const shrinkQueries = cell('CheapParams').values.queries;
        const shrinkCost = Number((shrinkQueries * 0.001).toPrecision(12));
        assert.deepEqual(cell('CheapParams').cost, { shrink: shrinkCost });
        const inside = cell('CheapParams', 'REA');
        assert.equal(inside.values.queries, Math.floor(100 - shrinkCost));
        assert.deepEqual(inside.cost, { shrink: shrinkCost, search: inside.values.queries });
        assert.ok(inside.values.bestReport! > 0, 'the table search reports test accuracy');
        assert.equal(cell('Expensive', 'REA').values.infeasible, 1, 'the table shrinkage alone spends more than 100');
        assert.deepEqual(cell('full', 'REA').cost, { shrink: 0, search: 100 });
    }
    // The params shrinkage does not read the dataset: the same space on both.
    const sizes = study.runs.filter((x) => x.policy === 'CheapParams' && x.search === undefined).map((x) => x.values.sizeLog10);
    assert.equal(new Set(sizes).size, 1);
});

test('examples/study-nb201-cheap.nas: synflow shrinks its one-cell-per-stage space, the table searches it, datasets share the networks', { skip: skipWithoutTorch() }, () => {
    const out = join(tmp, 'synflow');
    const args = ['study', 'examples/study-nb201-cheap.nas', '--policies', 'CheapSynflow', '--searches', 'REA', '--seeds', '1', '--datasets', 'c10,in16', '--budgets', '100', '--out', out];
    const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const study = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as StudyResult;
    const cell = (dataset: string, search?: string) => study.runs.find((x) => x.dataset === dataset && x.policy === 'CheapSynflow' && x.search === search)!;
    for (const dataset of ['c10', 'in16']) {
        const shrinkCost = Number((cell(dataset).values.queries * 0.001).toPrecision(12));
        assert.deepEqual(cell(dataset).cost, { shrink: shrinkCost });
        const inside = cell(dataset, 'REA');
        assert.equal(inside.values.queries, Math.floor(100 - shrinkCost));
        // NB201OneCell's members are NB201 cells with NB201's keys: the table answers every one the search asks for.
        assert.ok(inside.values.bestReport! > 0, 'the table search inside the synflow space reports test accuracy');
    }
    // synflow reads no data: the same shrinkage on both datasets, its networks computed once (the study's log); only
    // the failures (synflow 0: no path through the cell), which are not shared, are computed again for in16.
    assert.equal(cell('in16').values.sizeLog10, cell('c10').values.sizeLog10);
    const queries = cell('c10').values.queries;
    assert.equal(cell('in16').values.queries, queries);
    const shrinkCell = readFileSync(join(out, 'cells.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; paid?: Array<{ error?: string }> }).find((c) => c.id === 'shrink|in16|0|CheapSynflow')!;
    const failed = shrinkCell.paid!.filter((e) => e.error !== undefined).length;
    const line = /proxy synflow: (\d+) network\(s\) evaluated, (\d+) evaluation/.exec(r.stderr + r.stdout);
    assert.ok(line, r.stderr);
    assert.deepEqual([Number(line[1]), Number(line[2])], [queries + failed, queries - failed], line[0]);
});
