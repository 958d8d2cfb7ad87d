// `lissnas study --transfer-from c10 --datasets c100`: the policies shrink on c10 only; on c100 each search runs
// in the full space and inside the c10-shrunk space (`Lissnas@c10`) with the WHOLE budget, none of it counted as
// paid by the shrinkage (its evaluations were c10's). Cells name the source, and a resume reuses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resumeStudy, runStudy } from '../../../engine/run/study.js';
import type { RunReporter } from '../../../engine/run/progress.js';
import type { CellEntry } from '../../../engine/run/study-journal.js';
import { nb201Doc } from './fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-study-transfer-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const quiet: RunReporter = { emit: () => {}, close: () => {} };
const BUDGET = 60;

const cells = (dir: string): CellEntry[] => readFileSync(join(dir, 'cells.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CellEntry);

test('transfer: shrink on c10 once per seed, search on c100 with the whole budget, nothing paid; resume reuses the cells', async () => {
    const dir = join(tmp, 'study');
    const options = { doc: nb201Doc(), file: 'nb201', policies: ['Lissnas'], searches: ['RS'], seeds: 2, datasets: ['c100', 'in16'], budgets: [BUDGET], transferFrom: 'c10', out: dir, reporter: quiet };
    const { result } = await runStudy(options);

    const ids = cells(dir).map((c) => c.id);
    // Per seed: one shrinkage on c10 (shared by both targets), and per target a full-space and a transferred search.
    assert.deepEqual(ids.filter((id) => id.startsWith('shrink|')).sort(), ['shrink|c10|0|Lissnas', 'shrink|c10|1|Lissnas']);
    for (const dataset of ['c100', 'in16']) {
        for (const seed of [0, 1]) {
            assert.ok(ids.includes(`search|${dataset}|${seed}|full|RS|${BUDGET}`));
            assert.ok(ids.includes(`search|${dataset}|${seed}|Lissnas@c10|RS|${BUDGET}`));
        }
    }
    assert.equal(ids.length, 2 + 2 * 2 * 2);

    const shrink = cells(dir).find((c) => c.id === 'shrink|c10|0|Lissnas')!;
    assert.ok(shrink.values.queries > BUDGET, `the shrinkage cost more than the whole budget (${shrink.values.queries})`);
    assert.ok((shrink.paid?.length ?? 0) > 0 && shrink.space, 'the c10 shrinkage kept its space and its paid evaluations');
    for (const c of cells(dir).filter((x) => x.policy === 'Lissnas@c10')) {
        // In the source's own study this shrinkage would have left no budget at all; transferred, it is free.
        assert.equal(c.values.shrinkQueries, 0, c.id);
        assert.equal(c.values.queries, BUDGET, `${c.id}: the search itself evaluated the whole budget on the target`);
        assert.equal(c.stoppedBy, 'budget', c.id);
    }

    assert.equal(result.transferFrom, 'c10');
    assert.deepEqual(result.datasets, ['c100', 'in16']);
    assert.deepEqual(result.shrink.map((r) => `${r.dataset}:${r.policy}`), ['c10:Lissnas']);
    assert.deepEqual(result.search.map((r) => `${r.dataset}:${r.space}`), ['c100:full', 'c100:Lissnas@c10', 'in16:full', 'in16:Lissnas@c10']);
    for (const row of result.search) assert.equal(row.feasible, 2, `${row.dataset} ${row.space}: every seed searched`);
    const md = readFileSync(join(dir, 'study.md'), 'utf8');
    assert.match(md, /Transfer: the policies shrank on c10 only/);
    assert.match(md, /\| RS \| Lissnas@c10 \|/);

    // Cut the last three cells (as a kill would): the resume computes exactly those and writes the same study.json.
    const studyJson = readFileSync(join(dir, 'study.json'), 'utf8');
    const lines = readFileSync(join(dir, 'cells.jsonl'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(join(dir, 'cells.jsonl'), lines.slice(0, -3).join('\n') + '\n');
    rmSync(join(dir, 'study.json'));
    const resumed = await resumeStudy(dir, quiet);
    assert.equal(resumed.computed, 3);
    assert.equal(resumed.reused, lines.length - 3);
    assert.equal(readFileSync(join(dir, 'study.json'), 'utf8'), studyJson);
});

test('transfer needs target datasets and searches, and a known source', async () => {
    const base = { doc: nb201Doc(), file: 'nb201', policies: ['Lissnas'], searches: ['RS'], seeds: 1, datasets: ['c100'], budgets: [BUDGET], reporter: quiet };
    await assert.rejects(runStudy({ ...base, transferFrom: 'c1000', out: join(tmp, 'a') }), /unknown dataset 'c1000' for --transfer-from/);
    await assert.rejects(runStudy({ ...base, datasets: [], transferFrom: 'c10', out: join(tmp, 'b') }), /--transfer-from needs --datasets/);
    await assert.rejects(runStudy({ ...base, searches: [], transferFrom: 'c10', out: join(tmp, 'c') }), /--transfer-from needs --searches/);
});
