import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { policyQueryBound } from '../../../engine/policy/bound.js';
import { runPolicy } from '../../../engine/policy/run.js';
import { RunSession } from '../../../engine/run/session.js';
import { SilentReporter } from '../../../engine/run/progress.js';
import { validateRunEvent } from '../../../protocol/run-events.js';
import { checkSearchBudget } from '../../../engine/search/budget-check.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { PolicySpec, Setting } from '../../../engine/spec.js';
import { fresh, space } from './nb201-fixture.js';
import { nb201Doc } from '../run/fixture.js';

const num = (key: string, value: number): Setting => ({ key, values: [{ kind: 'number', value }] });
const words = (key: string, ...values: Array<string | number>): Setting => ({
    key,
    values: values.map((v) => (typeof v === 'number' ? { kind: 'number' as const, value: v } : { kind: 'word' as const, value: v })),
});
const policy = (kind: string, settings: Setting[]): PolicySpec => ({ name: 'P', kind, space: NB201_SPACE_SPEC, evaluator: 'c10', settings });

describe('upper bound of a policy\'s queries, from its settings', () => {
    test('lissnas: max_iterations x sample, and the real runs stay within it', async () => {
        for (const [sample, iterations, seed] of [[50, 6, 42], [30, 3, 1], [100, 10, 7], [20, 2, 3]]) {
            const spec = policy('lissnas', [num('sample', sample), num('max_iterations', iterations), num('seed', seed)]);
            const bound = policyQueryBound(spec, space);
            assert.equal(bound.queries, sample * iterations);
            assert.equal(bound.reason, `max_iterations ${iterations} x sample ${sample}`);
            const real = await runPolicy(spec, { space, evaluator: fresh() });
            assert.ok(real.queries <= bound.queries, `${real.queries} <= ${bound.queries}`);
        }
    });

    test('lissnas defaults (sample 100 x max_iterations 10), capped by the space, and a filter bounds by the space', () => {
        assert.equal(policyQueryBound(policy('lissnas', []), space).queries, 1000);
        const huge = policyQueryBound(policy('lissnas', [num('sample', 5000), num('max_iterations', 10)]), space);
        assert.equal(huge.queries, 15625);
        assert.match(huge.reason, /capped at the space's 15,625 members/);
        const filtered = policyQueryBound(policy('lissnas', [words('neighbors', 'distance', 1, 'filter', 'better_than', 'median')]), space);
        assert.equal(filtered.queries, 15625);
        assert.match(filtered.reason, /filter median/);
    });

    test('op_pruning: its sample; random_shrink: 0', async () => {
        const abs = policy('op_pruning', [num('sample', 200), num('seed', 1)]);
        assert.equal(policyQueryBound(abs, space).queries, 200);
        assert.equal((await runPolicy(abs, { space, evaluator: fresh() })).queries, 200);
        assert.equal(policyQueryBound({ ...policy('random_shrink', [num('seed', 1)]), evaluator: undefined }, space).queries, 0);
    });
});

describe('a search inside a shrunk space checks its total budget against the bound', () => {
    // fixture: Lissnas samples 30 for at most 3 iterations (bound 90); REA targets it with `budget 200`.
    test('refused before the policy evaluates anything (the session is the last line, startRun checks earlier)', async () => {
        assert.throws(() => checkSearchBudget(nb201Doc(), 'REA', 89), /search REA: policy Lissnas may spend up to 90 queries \(max_iterations 3 x sample 30\), more than the total budget 89; give --budget >= 90/);
        assert.doesNotThrow(() => checkSearchBudget(nb201Doc(), 'REA', 90));
        assert.doesNotThrow(() => checkSearchBudget(nb201Doc(), 'REA', undefined), 'the `budget 200` setting fits');
        assert.doesNotThrow(() => checkSearchBudget(nb201Doc(), 'RS', 1), 'full-space searches have no policy to bound');
        const session = new RunSession(nb201Doc(), [], undefined, new SilentReporter());
        await assert.rejects(session.searchResult('REA', 60), /may spend up to 90 queries/);
        assert.equal(session.evaluated, 0);
        const ok = await session.searchResult('REA', 90);
        assert.equal(ok.shrinkQueries + ok.queries <= 90, true);
        assert.ok(ok.stopReason === 'budget' || ok.stopReason === 'exhausted');
    });
});

describe('the done event carries the stop reason', () => {
    test('validated: a known reason passes, an unknown one is rejected', () => {
        const done = { event: 'done', files: [], evaluated: 1, reused: 0 };
        assert.ok(validateRunEvent({ ...done, stopReason: 'exhausted' }));
        assert.ok(validateRunEvent(done), 'optional');
        assert.equal(validateRunEvent({ ...done, stopReason: 'tired' }), undefined);
    });
});
