import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStudy, withSeedEverywhere } from '../../../engine/run/study.js';
import { RunSession } from '../../../engine/run/session.js';
import { SilentReporter } from '../../../engine/run/progress.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { StudyResult } from '../../../engine/report/study-result.js';
import type { DocumentSpec, EvaluatorSpec, Setting } from '../../../engine/spec.js';
import { nb201Doc } from './fixture.js';
import { switchDataset } from '../../../engine/run/datasets.js';

/**
 * Study budgets are total cost (docs/cheap-shrinking.md): each evaluator's `query_cost` per query, default 1.
 * With the defaults a study's cells are what the query budget gave before (recomputed here the old way, through
 * the session: the search inside gets `budget - policyQueries` queries and the policy's evaluations for free);
 * with weights, the search inside gets floor((budget - policy cost) / search cost) queries; a search with
 * another evaluator than its policy's pays for every evaluation again.
 */
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-study-cost-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

const cost = (value: number): Setting => ({ key: 'query_cost', values: [{ kind: 'number', value }] });

/** nb201Doc plus `c10b` (the same table under another name), `params` (in-process) and a policy shrinking with it. */
function doc(c10Cost?: number): DocumentSpec {
    const d = nb201Doc();
    const c10 = d.evaluators[0];
    if (c10Cost !== undefined) c10.settings = [...c10.settings, cost(c10Cost)];
    const params: EvaluatorSpec = { name: 'params', kind: 'proxy', args: [{ value: { kind: 'word', value: 'params' } }], settings: [] };
    d.evaluators.push({ ...structuredClone(c10), name: 'c10b' }, params);
    const lissnas = d.policies.find((p) => p.name === 'Lissnas')!;
    d.policies.push({ ...structuredClone(lissnas), name: 'Cheap', evaluator: 'params' });
    d.searches.push({ ...structuredClone(d.searches.find((s) => s.name === 'RS')!), name: 'RSb', evaluator: 'c10b' });
    return d;
}

async function study(d: DocumentSpec, policies: string[], searches: string[], budgets: number[]): Promise<StudyResult> {
    const outcome = await runStudy({ doc: d, file: 'test.nas', policies, searches, seeds: 1, datasets: [], budgets, out: join(tmp, `s${++n}`), reporter: new SilentReporter() });
    return outcome.result;
}

const cellOf = (r: StudyResult, policy: string, search?: string, budget?: number) => {
    const c = r.runs.find((x) => x.policy === policy && x.search === search && x.budget === budget);
    assert.ok(c, `cell ${policy} ${search} ${budget}`);
    return c;
};

describe('study budgets in cost', () => {
    test('default weights: every cell is what the query budget gave (recomputed the old way)', async () => {
        const d = nb201Doc();
        const budgets = [200, 400];
        const r = await study(d, ['Lissnas'], ['RS'], budgets);
        const seeded = withSeedEverywhere(d, 0);
        const spec = seeded.searches.find((s) => s.name === 'RS')!;
        const session = new RunSession(seeded, [], undefined, new SilentReporter());
        const policy = await session.policy('Lissnas');
        const paid = session.seenResults('c10');
        assert.equal(cellOf(r, 'Lissnas').values.queries, policy.queries);
        assert.deepEqual(cellOf(r, 'Lissnas').cost, { shrink: policy.queries });
        for (const budget of budgets) {
            const full = await new RunSession(seeded, [], undefined, new SilentReporter()).searchFresh(spec, session.space(NB201_SPACE_SPEC), budget, [], 0);
            const fullCell = cellOf(r, 'full', 'RS', budget);
            assert.equal(fullCell.values.queries, budget);
            assert.equal(fullCell.values.queries, full.queries);
            assert.equal(fullCell.values.bestReport, full.best?.report);
            assert.deepEqual(fullCell.cost, { shrink: 0, search: budget });

            const inside = await session.searchFresh(spec, policy.space, budget, paid, policy.queries);
            const cell = cellOf(r, 'Lissnas', 'RS', budget);
            assert.equal(cell.values.queries, inside.queries);
            assert.equal(cell.values.shrinkQueries, policy.queries);
            assert.equal(cell.values.bestReport, inside.best?.report);
            assert.equal(cell.values.bestMetric, inside.best?.metric);
            if (cell.stoppedBy === 'budget') assert.equal(cell.values.queries, budget - policy.queries);
            assert.deepEqual(cell.cost, { shrink: policy.queries, search: inside.queries });
        }
    });

    test('weights: a search gets floor((budget - policy cost) / its cost) queries', async () => {
        // The table costs 2 per query, params 0.001 (its default): budget 100 buys 50 table queries in the full space.
        const r = await study(doc(2), ['Lissnas', 'Cheap'], ['RS'], [100]);
        const full = cellOf(r, 'full', 'RS', 100);
        assert.equal(full.values.queries, 50);
        assert.deepEqual(full.cost, { shrink: 0, search: 100 });

        const cheapQueries = cellOf(r, 'Cheap').values.queries;
        assert.ok(cheapQueries > 0);
        const cheapCost = Number((cheapQueries * 0.001).toPrecision(12));
        assert.deepEqual(cellOf(r, 'Cheap').cost, { shrink: cheapCost });
        const inCheap = cellOf(r, 'Cheap', 'RS', 100);
        assert.equal(inCheap.stoppedBy, 'budget');
        assert.equal(inCheap.values.queries, Math.floor((100 - cheapCost) / 2));
        assert.deepEqual(inCheap.cost, { shrink: cheapCost, search: inCheap.values.queries * 2 });

        // LISSNAS with the table: its queries cost 2 each, so it overruns 100 as soon as it spends more than 50.
        const tableQueries = cellOf(r, 'Lissnas').values.queries;
        assert.ok(tableQueries * 2 > 100, `the fixture's LISSNAS spends ${tableQueries} queries`);
        assert.equal(cellOf(r, 'Lissnas', 'RS', 100).values.infeasible, 1);
    });

    test("a search with another evaluator than its policy's pays for every evaluation again", async () => {
        // A budget far above the shrunk space's size: random search evaluates the whole space and stops exhausted.
        const r = await study(doc(), ['Lissnas'], ['RS', 'RSb'], [5000]);
        const size = Math.round(10 ** cellOf(r, 'Lissnas').values.sizeLog10);
        const same = cellOf(r, 'Lissnas', 'RS', 5000);
        const other = cellOf(r, 'Lissnas', 'RSb', 5000);
        assert.equal(other.stoppedBy, 'exhausted');
        assert.equal(same.stoppedBy, 'exhausted');
        assert.equal(other.values.queries, size, 'c10b evaluated every member itself');
        assert.ok(same.values.queries < size, 'c10 got the members the policy evaluated for free');
        assert.deepEqual(other.cost, { shrink: cellOf(r, 'Lissnas').values.queries, search: size });
    });

    test('a search evaluator of query_cost 0 is refused before the study writes anything', async () => {
        const out = join(tmp, 'zero');
        const d = doc(0);
        await assert.rejects(
            runStudy({ doc: d, file: 'test.nas', policies: ['Cheap'], searches: ['RS'], seeds: 1, datasets: [], budgets: [100], out, reporter: new SilentReporter() }),
            /search RS: its evaluator costs 0 per query \(query_cost 0\)/,
        );
        assert.ok(!existsSync(out), 'nothing written');
    });

    test('--datasets switches only the table columns: params and the costs stay as written', () => {
        const d = doc(2);
        const switched = switchDataset(d, 'in16');
        assert.deepEqual(switched.evaluators.find((e) => e.name === 'params'), d.evaluators.find((e) => e.name === 'params'));
        const c10 = switched.evaluators.find((e) => e.name === 'c10')!;
        assert.deepEqual(
            c10.settings.map((s) => [s.key, ...s.values.map((v) => ('value' in v ? v.value : v.kind))]),
            [['key', 'arch', 'as', 'nb201'], ['metric', 'in16_val_naslib'], ['report', 'in16_test'], ['query_cost', 2]],
        );
    });
});

describe('result.json records cost', () => {
    test('shrink: queries x query_cost, and a cheap policy is still measured against the table', async () => {
        const session = new RunSession(withSeedEverywhere(doc(2), 0), [], undefined, new SilentReporter());
        const cheap = await session.shrinkResult('Cheap');
        assert.ok(cheap.queries > 0);
        assert.equal(cheap.cost, Number((cheap.queries * 0.001).toPrecision(12)));
        assert.equal(cheap.best?.report, undefined, 'params has no report column');
        // The document's table judges the space params shrank (no metrics without it).
        assert.ok(cheap.metrics.optimumKept === 0 || cheap.metrics.optimumKept === 1);
        assert.ok(cheap.metrics['recallTop1%'] !== undefined);
        const table = await session.shrinkResult('Lissnas');
        assert.equal(table.cost, table.queries * 2);
    });

    test('search: the shrinkage cost and the search cost', async () => {
        const session = new RunSession(withSeedEverywhere(doc(2), 0), [], undefined, new SilentReporter());
        const r = await session.searchResult('REA', 2000);
        assert.ok(r.shrink && r.queries > 0);
        assert.deepEqual(r.cost, { shrink: r.shrinkQueries * 2, search: r.queries * 2 });
        const full = await session.searchResult('RS', 60);
        assert.deepEqual(full.cost, { shrink: 0, search: 120 });
    });
});
