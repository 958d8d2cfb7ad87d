import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { TableEvaluator } from '../../../engine/evaluate/table.js';
import type { EvaluationResult, Evaluator, JournalEntry } from '../../../engine/evaluate/types.js';
import { nb201Space } from '../../../engine/space/nb201.js';
import type { Genotype, SearchSpace } from '../../../engine/space/types.js';
import { tinyCell, TINY_CSV } from './helpers.js';

/** Counts calls; metric = sum of the genotype. */
class CountingEvaluator implements Evaluator {
    readonly name = 'counting';
    readonly minimize = false;
    readonly cacheBy = 'canonical' as const;
    calls = 0;
    async evaluate(gs: readonly Genotype[], space: SearchSpace): Promise<EvaluationResult[]> {
        this.calls += gs.length;
        return gs.map((g) => {
            const metric = g.reduce((a, b) => a + b, 0);
            return { key: space.key(g), canonical: space.canonical(g), genotype: g.slice(), metric, report: metric, score: metric, cost: { queries: 1, seconds: 2 } };
        });
    }
}

describe('cached evaluator', () => {
    test('distinct evaluations cost one query each; repeats and in-batch duplicates are free', async () => {
        const table = new TableEvaluator({ path: TINY_CSV, keyColumn: 'arch', keyFormat: 'nb201', metric: 'val', report: 'test' });
        const journal: JournalEntry[] = [];
        const cache = new CachedEvaluator(table, { journal: { record: (e) => journal.push(e) } });
        assert.equal(cache.cacheBy, 'key');
        const first = await cache.evaluate([[0, 0, 0], [0, 0, 1], [0, 0, 0]], tinyCell);
        assert.equal(cache.queries, 2);
        assert.deepEqual(first.map((r) => r.cost.queries), [1, 1, 0]);
        assert.equal(first[2].cached, true);
        assert.equal(first[2].metric, 10.5);
        const second = await cache.evaluate([[0, 0, 1], [0, 1, 0]], tinyCell);
        assert.equal(cache.queries, 3);
        assert.deepEqual(second.map((r) => r.cost.queries), [0, 1]);
        // Journal: the three real evaluations, in order; hits are not journaled.
        assert.deepEqual(journal.map((e) => e.result.key), ['0,0,0', '0,0,1', '0,1,0']);
        assert.equal(journal[0].evaluator, table.name);
    });

    test('canonical keying evaluates isomorphic cells once and returns the requested genotype', async () => {
        const space = nb201Space();
        // Output node fed only by `none` edges: the cell computes zero whatever edge 1<-0 holds.
        const a = [1, 0, 0, 0, 0, 0];
        const b = [2, 0, 0, 0, 0, 0];
        assert.equal(space.canonical(a), space.canonical(b));
        assert.notEqual(space.key(a), space.key(b));
        const inner = new CountingEvaluator();
        const cache = new CachedEvaluator(inner);
        const [ra] = await cache.evaluate([a], space);
        const [rb] = await cache.evaluate([b], space);
        assert.equal(inner.calls, 1);
        assert.equal(cache.queries, 1);
        assert.equal(cache.seconds, 2);
        assert.equal(rb.metric, ra.metric);
        assert.equal(rb.key, space.key(b));
        assert.deepEqual(rb.genotype, b);
        assert.equal(rb.cached, true);
    });

    test('key keying keeps isomorphic NB201 rows apart (their values differ by training noise)', async () => {
        const space = nb201Space();
        const table = new TableEvaluator({ path: 'data/nb201/nb201.csv', keyColumn: 'arch', keyFormat: 'nb201', metric: 'c10_val_naslib', report: 'c10_test' });
        const cache = new CachedEvaluator(table);
        // Two isomorphic cells (same canonical form) with different table rows.
        // Node 2 only feeds the output through a `none` edge, so what enters node 2 does not matter.
        const a = [3, 0, 0, 0, 3, 0];
        const b = [3, 1, 0, 0, 3, 0];
        assert.equal(space.canonical(a), space.canonical(b));
        const [ra, rb] = await cache.evaluate([a, b], space);
        assert.notEqual(ra.metric, rb.metric);
        assert.equal(cache.queries, 2);
        assert.equal(ra.metric, table.lookup(a, space)!.metric);
        assert.equal(rb.metric, table.lookup(b, space)!.metric);
    });

    test('preload restores results without queries or journal entries', async () => {
        const inner = new CountingEvaluator();
        const journal: JournalEntry[] = [];
        const cache = new CachedEvaluator(inner, { journal: { record: (e) => journal.push(e) } });
        const [r] = await new CountingEvaluator().evaluate([[1, 1, 0]], tinyCell);
        cache.preload([r]);
        const [again] = await cache.evaluate([[1, 1, 0]], tinyCell);
        assert.equal(again.metric, 2);
        assert.equal(cache.queries, 0);
        assert.equal(inner.calls, 0);
        assert.equal(journal.length, 0);
    });

    test('an aborted signal rejects before evaluating', async () => {
        const inner = new CountingEvaluator();
        const cache = new CachedEvaluator(inner);
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(cache.evaluate([[0, 0, 0]], tinyCell, controller.signal), { name: 'AbortError' });
        assert.equal(inner.calls, 0);
    });
});
