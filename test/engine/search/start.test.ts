import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { LISSNAS_DEFAULTS, runLissnas } from '../../../engine/policy/lissnas.js';
import { EVOLUTION_DEFAULTS, runEvolution } from '../../../engine/search/evolution.js';
import { LOCAL_SEARCH_DEFAULTS, runLocalSearch } from '../../../engine/search/local.js';
import { RANDOM_SEARCH_DEFAULTS, runRandomSearch } from '../../../engine/search/random.js';
import { runSearch } from '../../../engine/search/run.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { Genotype, SearchSpace } from '../../../engine/space/types.js';
import { fresh, space } from '../policy/nb201-fixture.js';

/**
 * A search given a start (`--start`, the pocket view's "Search from here") evaluates it first; local search climbs
 * from it. Without a start every search is the one the existing expectations pin (searches.test.ts).
 */

// A poor cell (every edge a 1x1 convolution but one skip): far from the optimum, so a climb from it is visible.
const START_TEXT = '|nor_conv_1x1~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|';
const START = space.parse(START_TEXT);

/** The evaluator, with every batch the search asked for (keys, in order). */
function recording(): { ev: CachedEvaluator; calls: string[][] } {
    const ev = fresh();
    const calls: string[][] = [];
    const evaluate = ev.evaluate.bind(ev);
    ev.evaluate = (gs: readonly Genotype[], s: SearchSpace, signal?: AbortSignal) => {
        calls.push(gs.map((g) => s.key(g)));
        return evaluate(gs, s, signal);
    };
    return { ev, calls };
}

async function startReport(): Promise<number> {
    const [r] = await fresh().evaluate([START], space);
    return r.report!;
}

describe('a search given a start evaluates it first', () => {
    test('local search: the first evaluation is the start, the second its whole neighbourhood; the climb leaves it', async () => {
        const { ev, calls } = recording();
        const r = await runLocalSearch(space, ev, 100, { ...LOCAL_SEARCH_DEFAULTS, start: START });
        assert.deepEqual(calls[0], [space.key(START)]);
        const neighbours = space.neighbors(START, 1).map((g) => space.key(g));
        assert.equal(neighbours.length, 24);
        assert.deepEqual(calls[1], neighbours);
        // The third batch is the neighbourhood of the best neighbour: the search moved away from the start (it is poor).
        // (an NB201 key is the op index of each edge, comma-separated)
        const third = calls[2].map((k) => k.split(',').map(Number));
        assert.equal(third.length, 24);
        assert.ok(calls[2].includes(space.key(START)), 'the start is a neighbour of the point the climb moved to');
        assert.ok(third.every((g) => space.distance(g, START) <= 2));
        assert.equal(r.trajectory[0], await startReport());
        assert.ok(r.best!.report! > r.trajectory[0]!, 'the climb improves on the start');
        assert.equal(r.queries, 100);
        // Deterministic: the same start and seed give the same run.
        const again = await runLocalSearch(space, fresh(), 100, { ...LOCAL_SEARCH_DEFAULTS, start: START });
        assert.deepEqual(again.trajectory, r.trajectory);
    });

    test('evolution: the start is the first member of the initial population (evaluated first), the rest random', async () => {
        const { ev, calls } = recording();
        const r = await runEvolution(space, ev, 60, { ...EVOLUTION_DEFAULTS, start: START });
        assert.equal(calls[0][0], space.key(START));
        assert.equal(calls[0].length, EVOLUTION_DEFAULTS.population);
        assert.equal(r.trajectory[0], await startReport());
        assert.equal(r.queries, 60);
        // The other 19 are the first 19 random draws of a run without a start (same seed).
        const plain = recording();
        await runEvolution(space, plain.ev, 60, EVOLUTION_DEFAULTS);
        assert.deepEqual(calls[0].slice(1), plain.calls[0].slice(0, 19));
        assert.notEqual(plain.calls[0][0], space.key(START));
    });

    test('random search: the start is evaluated first, then the usual samples', async () => {
        const { ev, calls } = recording();
        const r = await runRandomSearch(space, ev, 40, { ...RANDOM_SEARCH_DEFAULTS, start: START });
        assert.equal(calls[0][0], space.key(START));
        assert.equal(calls[0].length, RANDOM_SEARCH_DEFAULTS.batch);
        assert.equal(r.trajectory[0], await startReport());
        const plain = recording();
        await runRandomSearch(space, plain.ev, 40, RANDOM_SEARCH_DEFAULTS);
        assert.deepEqual(calls[0].slice(1), plain.calls[0].slice(0, RANDOM_SEARCH_DEFAULTS.batch - 1));
    });

    test('a budget of 1 buys exactly the start', async () => {
        for (const run of [
            () => runLocalSearch(space, fresh(), 1, { ...LOCAL_SEARCH_DEFAULTS, start: START }),
            () => runEvolution(space, fresh(), 1, { ...EVOLUTION_DEFAULTS, start: START }),
            () => runRandomSearch(space, fresh(), 1, { ...RANDOM_SEARCH_DEFAULTS, start: START }),
        ]) {
            const r = await run();
            assert.equal(r.queries, 1);
            assert.equal(r.best!.key, space.key(START));
        }
    });
});

describe('the start must be a member of the searched space', () => {
    test('a cell outside the shrunk space is refused, naming the cell and the space, before any query', async () => {
        const ev = fresh();
        const policy = await runLissnas(space, ev, { ...LISSNAS_DEFAULTS, seed: 1, maxIterations: 1, seeds: { kind: 'count', value: 1 } });
        assert.equal(policy.members.length, 25);
        assert.equal(policy.space.contains(START), false);
        const before = ev.queries;
        const expected = new RegExp(`the start ${START_TEXT.replace(/[|+~]/g, '\\$&')} is not a member of the searched space ${policy.space.name.replace(/[()[\]]/g, '\\$&')} \\(25 members\\)`);
        await assert.rejects(runLocalSearch(policy.space, ev, 50, { ...LOCAL_SEARCH_DEFAULTS, start: START }), expected);
        await assert.rejects(runEvolution(policy.space, ev, 50, { ...EVOLUTION_DEFAULTS, start: START }), expected);
        await assert.rejects(runRandomSearch(policy.space, ev, 50, { ...RANDOM_SEARCH_DEFAULTS, start: START }), expected);
        assert.equal(ev.queries, before);
        // A member is accepted and evaluated first (a fresh cache: it costs the first query).
        const member = policy.members[3];
        const { ev: ev2, calls } = recording();
        const r = await runLocalSearch(policy.space, ev2, 10, { ...LOCAL_SEARCH_DEFAULTS, start: member });
        assert.deepEqual(calls[0], [space.key(member)]);
        assert.equal(r.queries, 10);
        assert.equal(r.trajectory[0], (await fresh().evaluate([member], space))[0].report);
    });

    test('runSearch (a declaration) refuses a genotype that is no cell of the space', async () => {
        const spec = {
            name: 'L',
            kind: 'local',
            target: { kind: 'space' as const, space: NB201_SPACE_SPEC },
            evaluator: 'Bench',
            settings: [{ key: 'budget', values: [{ kind: 'number' as const, value: 20 }] }],
        };
        await assert.rejects(runSearch(spec, { space, evaluator: fresh(), start: [9, 0, 0, 0, 0, 0] }), /search L: the start .* is not a member of the searched space NB201/);
        const r = await runSearch(spec, { space, evaluator: fresh(), start: START });
        assert.equal(r.trajectory[0], await startReport());
    });
});

describe('without a start nothing changes', () => {
    // The values searches.test.ts pins for seed 0 and 300 queries (from before starts existed).
    const cases = [
        ['random', () => runRandomSearch(space, fresh(), 300, RANDOM_SEARCH_DEFAULTS), 93.77],
        ['evolution', () => runEvolution(space, fresh(), 300, EVOLUTION_DEFAULTS), 94.21],
        ['local', () => runLocalSearch(space, fresh(), 300, LOCAL_SEARCH_DEFAULTS), 94.2967],
    ] as const;
    for (const [name, run, expected] of cases) {
        test(`${name}: best ${expected}, and the start changes the run`, async () => {
            const r = await run();
            assert.equal(r.best!.report, expected);
            assert.notEqual(r.trajectory[0], await startReport());
        });
    }
});
