import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import type { EvaluationResult, Evaluator } from '../../../engine/evaluate/types.js';
import { LISSNAS_DEFAULTS, runLissnas, type LissnasConfig } from '../../../engine/policy/lissnas.js';
import { runOpPruning } from '../../../engine/policy/op-pruning.js';
import { runRandomShrink } from '../../../engine/policy/random-shrink.js';
import { runEvolution } from '../../../engine/search/evolution.js';
import { runLocalSearch } from '../../../engine/search/local.js';
import { runRandomSearch } from '../../../engine/search/random.js';
import { remainingBudget } from '../../../engine/search/run.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { Genotype, SearchSpace } from '../../../engine/space/types.js';
import { fresh, space, table } from '../policy/nb201-fixture.js';

/** The `Lissnas` policy of examples/nb201.nas: 143 queries, 248 members (plateau at iteration 3, space of iteration 1). */
const EXAMPLE: LissnasConfig = { ...LISSNAS_DEFAULTS, sample: 50, seeds: { kind: 'count', value: 10 }, distance: 1, patience: 1, delta: 0.05, maxIterations: 6, seed: 42 };

async function shrunk() {
    const ev = fresh();
    const policy = await runLissnas(space, ev, EXAMPLE);
    return { ev, policy };
}

const unevaluated = (ev: CachedEvaluator, members: readonly Genotype[], s: SearchSpace): number => members.filter((g) => !ev.has(g, s)).length;

const SEARCHES = {
    evolution: (s: SearchSpace, ev: CachedEvaluator, b: number) => runEvolution(s, ev, b, { population: 20, sampleSize: 5, seed: 42 }),
    local: (s: SearchSpace, ev: CachedEvaluator, b: number) => runLocalSearch(s, ev, b, { seed: 42, distance: 1 }),
    random: (s: SearchSpace, ev: CachedEvaluator, b: number) => runRandomSearch(s, ev, b, { seed: 42, batch: 16 }),
} as const;

describe('searches inside the shrunk NB201 space spend their budget or exhaust the space', () => {
    test('the example policy: 143 queries, 248 members, plateau choosing the space of iteration 1 of 3', async () => {
        const { policy } = await shrunk();
        assert.equal(policy.queries, 143);
        assert.equal(policy.members.length, 248);
        assert.equal(policy.stoppedBy, 'plateau');
        assert.equal(policy.history.length, 3);
        assert.equal(policy.chosenIteration, 1);
        // History row 2 sampled the space iteration 1 built: the chosen one.
        assert.equal(policy.history[1].size, 248);
    });

    for (const [name, run] of Object.entries(SEARCHES)) {
        test(`${name}: total 300 is spent exactly (stop reason budget)`, async () => {
            const { ev, policy } = await shrunk();
            const left = remainingBudget(300, policy.queries);
            const unseenBefore = unevaluated(ev, policy.members, policy.space);
            assert.ok(unseenBefore > left, `the space holds ${unseenBefore} unevaluated members, more than the ${left} queries left`);
            const r = await run(policy.space, ev, left);
            assert.equal(r.stoppedBy, 'budget');
            assert.equal(r.queries, left);
            assert.equal(policy.queries + r.queries, 300);
            assert.equal(ev.queries, 300);
            assert.equal(r.trajectory.length, left);
        });

        test(`${name}: total 400 exhausts the space (every member evaluated, the rest of the budget unspent)`, async () => {
            const { ev, policy } = await shrunk();
            const left = remainingBudget(400, policy.queries);
            const unseenBefore = unevaluated(ev, policy.members, policy.space);
            assert.ok(unseenBefore < left);
            const r = await run(policy.space, ev, left);
            assert.equal(r.stoppedBy, 'exhausted');
            assert.equal(r.queries, unseenBefore, 'it bought every member nobody had evaluated');
            assert.equal(unevaluated(ev, policy.members, policy.space), 0);
            // Its best is the best of the whole shrunk space (the policy's evaluations of it included, free).
            const bestInSpace = Math.max(...policy.members.map((g) => ev.peek(g, policy.space)!.score ?? -Infinity));
            assert.equal(r.best!.score, bestInSpace);
        });
    }
});

describe('the other stop reasons', () => {
    test('stalled: canonical identities in a constrained NB201 space (127 networks for 729 cells) cannot be counted out', async () => {
        // The cells without convolutions (flops <= 7,783,050): 3^6 = 729 cells computing 127 distinct networks. A
        // training-like evaluator caches by network (canonical form) while the space's size counts cells, so the
        // tracker cannot tell that every network was seen: it stops on its stall limit.
        const small = compileSpace({ ...NB201_SPACE_SPEC, name: 'NoConv', constraints: [{ metric: 'flops', op: '<=', value: 7_783_050 }] });
        assert.equal(small.size, 729n);
        const ev = new CachedEvaluator(table, { by: 'canonical' });
        const r = await runRandomSearch(small, ev, 200, { seed: 3, batch: 16 });
        assert.equal(r.stoppedBy, 'stalled');
        assert.equal(r.queries, 127);
    });

    test('cancelled: an abort stops the search and returns what it found', async () => {
        const controller = new AbortController();
        let seen = 0;
        const aborting: Evaluator = {
            name: 'aborting',
            minimize: false,
            cacheBy: 'key',
            async evaluate(gs: readonly Genotype[], s: SearchSpace, signal?: AbortSignal): Promise<EvaluationResult[]> {
                const out = await table.evaluate(gs, s, signal);
                seen += gs.length;
                if (seen >= 40) controller.abort();
                return out;
            },
        };
        const ev = new CachedEvaluator(aborting);
        const r = await runRandomSearch(space, ev, 300, { seed: 0, batch: 8 }, controller.signal);
        assert.equal(r.stoppedBy, 'cancelled');
        assert.equal(seen, 40);
        // The batch in flight when the signal fired is dropped: 4 batches of 8 were returned.
        assert.equal(r.queries, 32);
        assert.ok(r.best !== undefined);
    });

    test('policies: max_iterations (space of the last iteration) and complete (op_pruning, random_shrink)', async () => {
        const r = await runLissnas(space, fresh(), { ...EXAMPLE, maxIterations: 2 });
        assert.equal(r.stoppedBy, 'max_iterations');
        assert.equal(r.chosenIteration, 2);
        const ev = fresh();
        const abs = await runOpPruning(space, NB201_SPACE_SPEC, ev, { sample: 50, keep: 2, seed: 1 });
        assert.equal(abs.stoppedBy, 'complete');
        assert.equal(runRandomShrink(space, { keep: { kind: 'count', value: 30 }, seed: 1 }).stoppedBy, 'complete');
    });
});
