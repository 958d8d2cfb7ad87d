import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { LISSNAS_DEFAULTS, runLissnas } from '../../../engine/policy/lissnas.js';
import { EVOLUTION_DEFAULTS, runEvolution } from '../../../engine/search/evolution.js';
import { LOCAL_SEARCH_DEFAULTS, runLocalSearch } from '../../../engine/search/local.js';
import { RANDOM_SEARCH_DEFAULTS, runRandomSearch } from '../../../engine/search/random.js';
import { readSearchSettings, remainingBudget, runSearch } from '../../../engine/search/run.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import { fresh, space } from '../policy/nb201-fixture.js';

// NB201 CIFAR-10: best c10_test 94.3733; full-space mean 87.06; top 1 % starts near 93.5.
describe('searches on NB201 respect the budget exactly and find good cells', () => {
    const cases = [
        ['random', (ev: CachedEvaluator, b: number) => runRandomSearch(space, ev, b, RANDOM_SEARCH_DEFAULTS), 93.77],
        ['evolution', (ev: CachedEvaluator, b: number) => runEvolution(space, ev, b, EVOLUTION_DEFAULTS), 94.21],
        ['local', (ev: CachedEvaluator, b: number) => runLocalSearch(space, ev, b, LOCAL_SEARCH_DEFAULTS), 94.2967],
    ] as const;
    for (const [name, run, expected] of cases) {
        test(`${name}: 300 queries, best c10_test ${expected} (seed 0)`, async () => {
            const ev = fresh();
            const r = await run(ev, 300);
            assert.equal(r.queries, 300);
            assert.equal(ev.queries, 300);
            assert.equal(r.trajectory.length, 300);
            assert.equal(r.stoppedBy, 'budget');
            assert.equal(r.best!.report, expected);
            assert.equal(r.trajectory.at(-1), expected);
            assert.ok(r.best!.report! > 93.5);
            // Same seed, same run.
            const again = await run(fresh(), 300);
            assert.deepEqual(again.trajectory, r.trajectory);
        });
    }

    test('odd budgets are exact too (local search cuts its last neighbourhood)', async () => {
        for (const b of [1, 7, 25, 61]) {
            assert.equal((await runLocalSearch(space, fresh(), b, LOCAL_SEARCH_DEFAULTS)).queries, b);
            assert.equal((await runEvolution(space, fresh(), b, EVOLUTION_DEFAULTS)).queries, b);
            assert.equal((await runRandomSearch(space, fresh(), b, RANDOM_SEARCH_DEFAULTS)).queries, b);
        }
    });

    test('budget 0: nothing evaluated', async () => {
        const r = await runEvolution(space, fresh(), 0, EVOLUTION_DEFAULTS);
        assert.equal(r.queries, 0);
        assert.equal(r.best, undefined);
    });
});

describe('searching a shrunk space', () => {
    test('the policy queries count against the total; its evaluations are free for the search', async () => {
        const ev = fresh();
        const policy = await runLissnas(space, ev, { ...LISSNAS_DEFAULTS, seed: 1 });
        assert.equal(policy.queries, 551);
        const left = remainingBudget(700, policy.queries);
        assert.equal(left, 149);
        const r = await runLocalSearch(policy.space, ev, left, LOCAL_SEARCH_DEFAULTS);
        assert.ok(r.queries <= left);
        assert.equal(policy.queries + r.queries, ev.queries);
        // The shrunk space holds the global optimum (94.3733), and the search finds a cell at least that good by val.
        assert.ok(r.best!.report! >= 94.2, String(r.best!.report));
        assert.throws(() => remainingBudget(500, policy.queries), /already spent 551 queries, more than the total budget 500/);
    });

    test('a tiny space runs out of new genotypes: the search stops as exhausted', async () => {
        const ev = fresh();
        const policy = await runLissnas(space, ev, { ...LISSNAS_DEFAULTS, seed: 1, maxIterations: 1, seeds: { kind: 'count', value: 1 } });
        assert.equal(policy.members.length, 25);
        const r = await runRandomSearch(policy.space, ev, 1000, RANDOM_SEARCH_DEFAULTS);
        assert.equal(r.stoppedBy, 'exhausted');
        assert.ok(r.queries <= 24, String(r.queries));
    });
});

describe('runSearch from a spec, settings, cancellation', () => {
    const n = (value: number) => ({ kind: 'number' as const, value });

    test('evolution settings and budget', async () => {
        const spec = { name: 'S', kind: 'evolution', target: { kind: 'space' as const, space: NB201_SPACE_SPEC }, evaluator: 'Bench', settings: [{ key: 'budget', values: [n(50)] }, { key: 'population', values: [n(10)] }, { key: 'tournament', values: [n(3)] }, { key: 'seed', values: [n(2)] }] };
        const r = await runSearch(spec, { space, evaluator: fresh() });
        assert.equal(r.queries, 50);
        const E = { key: 'evaluate', values: [{ kind: 'word' as const, value: 'Bench' }] };
        assert.throws(() => readSearchSettings('search S', 'evolution', [E, { key: 'population', values: [n(4)] }, { key: 'tournament', values: [n(5)] }]), /tournament 5 is larger than the population \(4\)/);
        // One name per setting: `sample_size` (an alias the language never had) is refused.
        assert.throws(() => readSearchSettings('search S', 'evolution', [E, { key: 'sample_size', values: [n(2)] }]), /unknown setting 'sample_size'/);
        await assert.rejects(runSearch({ ...spec, settings: [] }, { space, evaluator: fresh() }), /missing setting `budget`/);
    });
});

describe('local search settings use the DSL form', () => {
    const setting = (key: string, ...values: Array<{ kind: 'number'; value: number } | { kind: 'word'; value: string }>) => ({ key, values });
    test('`neighbors distance 2` sets the radius; a bad form is reported, not ignored', () => {
        const { config } = readSearchSettings('search L', 'local', [setting('evaluate', { kind: 'word', value: 'E' }), setting('neighbors', { kind: 'word', value: 'distance' }, { kind: 'number', value: 2 })]);
        assert.equal(config.kind === 'local' && config.distance, 2);
        const { reader } = readSearchSettings('search L', 'local', [setting('evaluate', { kind: 'word', value: 'E' }), setting('neighbors', { kind: 'word', value: 'radius' }, { kind: 'number', value: 2 })], true);
        assert.equal(reader.problems.length, 1);
        assert.match(reader.problems[0].message, /neighbors/);
    });
});
