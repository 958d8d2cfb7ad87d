import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { OP_PRUNING_DEFAULTS, readOpPruningSettings, runOpPruning } from '../../../engine/policy/op-pruning.js';
import { runRandomShrink } from '../../../engine/policy/random-shrink.js';
import { runPolicy, validatePolicySettings } from '../../../engine/policy/run.js';
import { shrinkMetrics } from '../../../engine/metrics/shrink.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { PolicySpec } from '../../../engine/spec.js';
import { fresh, reference, space } from './nb201-fixture.js';

const n = (value: number) => ({ kind: 'number' as const, value });
const w = (value: string) => ({ kind: 'word' as const, value });

describe('op_pruning on NB201', () => {
    test('keeps 2 ops per edge: 2^6 = 64 cells, one pocket around the best op of every edge', async () => {
        const ev = fresh();
        const r = await runOpPruning(space, NB201_SPACE_SPEC, ev, OP_PRUNING_DEFAULTS);
        assert.equal(r.members.length, 64);
        assert.equal(r.space.size, 64n);
        assert.equal(r.queries, 200);
        assert.equal(r.pockets.length, 1);
        assert.equal(r.pockets[0].radius, 6);
        for (let e = 0; e < 6; e++) assert.equal(new Set(r.members.map((g) => g[e])).size, 2);
        // Seed 0 measured: the best ops are the convolutions; best cell |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_1x1~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|.
        assert.deepEqual(r.pockets[0].seed, [3, 3, 2, 3, 3, 3]);
        const m = shrinkMetrics({ space, members: r.members, reference });
        assert.equal(m.meanReport.toFixed(2), '93.19');
    });

    test('keep 1 per edge: a single cell; clear errors for a bad keep and a non-cell space', async () => {
        const one = await runOpPruning(space, NB201_SPACE_SPEC, fresh(), { ...OP_PRUNING_DEFAULTS, keep: 1 });
        assert.equal(one.members.length, 1);
        await assert.rejects(runOpPruning(space, NB201_SPACE_SPEC, fresh(), { ...OP_PRUNING_DEFAULTS, keep: 6 }), /keep 6 per edge, but the cell has only 5 ops/);
        const hp = { name: 'HP', components: [{ kind: 'param' as const, name: 'lr', domain: { type: 'choice' as const, values: [1, 2] } }], constraints: [] };
        await assert.rejects(runOpPruning(space, hp, fresh(), OP_PRUNING_DEFAULTS), /only defined for a space made of one cell.*space HP has param/);
    });

    test('settings: `keep 3 per edge`', () => {
        const { config } = readOpPruningSettings('policy P', [{ key: 'evaluate', values: [w('E')] }, { key: 'keep', values: [n(3), w('per'), w('edge')] }, { key: 'sample', values: [n(50)] }]);
        assert.deepEqual(config, { sample: 50, keep: 3, seed: 0 });
        assert.throws(() => readOpPruningSettings('policy P', [{ key: 'evaluate', values: [w('E')] }, { key: 'keep', values: [n(3)] }]), /policy P: keep takes `<count> per edge`/);
    });
});

describe('random_shrink on NB201', () => {
    test('keep 5% = round(0.05 · 15625) = 781 distinct cells, no queries, deterministic', () => {
        const a = runRandomShrink(space, { keep: { kind: 'percent', value: 5 }, seed: 1 });
        const b = runRandomShrink(space, { keep: { kind: 'percent', value: 5 }, seed: 1 });
        assert.equal(a.members.length, 781);
        assert.equal(a.queries, 0);
        assert.deepEqual(a.space.toJSON(), b.space.toJSON());
        // A random subset is no better than the space: mean c10_test within a point of 87.06, enrichment near 1.
        const m = shrinkMetrics({ space, members: a.members, reference });
        assert.ok(Math.abs(m.meanReport - 87.06) < 1, String(m.meanReport));
        assert.ok(m.shrinkIndex < 2, String(m.shrinkIndex));
    });

    test('keep 500 and match (size given by the caller)', () => {
        assert.equal(runRandomShrink(space, { keep: { kind: 'count', value: 500 }, seed: 0 }).members.length, 500);
        assert.equal(runRandomShrink(space, { keep: { kind: 'match' }, seed: 0 }, 213).members.length, 213);
        assert.throws(() => runRandomShrink(space, { keep: { kind: 'match' }, seed: 0 }), /needs the matched policy to run first/);
    });
});

describe('runPolicy from a spec', () => {
    const spec = (kind: string, settings: PolicySpec['settings'], extra: Partial<PolicySpec> = {}): PolicySpec => ({ name: 'P', kind, space: NB201_SPACE_SPEC, evaluator: 'Bench', settings, ...extra });

    test('lissnas with settings', async () => {
        const r = await runPolicy(spec('lissnas', [{ key: 'seeds', values: [w('top'), n(5)] }, { key: 'max_iterations', values: [n(1)] }, { key: 'seed', values: [n(9)] }]), { space, evaluator: fresh() });
        assert.equal(r.pockets.length, 5);
        assert.equal(r.queries, 100);
    });

    test('random_shrink with match, and errors', async () => {
        const r = await runPolicy(spec('random_shrink', [], { match: 'L', evaluator: undefined }), { space, matchSize: 77 });
        assert.equal(r.members.length, 77);
        await assert.rejects(runPolicy(spec('lissnas', []), { space }), /policy P: needs an evaluator/);
        await assert.rejects(runPolicy(spec('annealing', []), { space }), /unknown policy kind 'annealing'/);
    });

    test('validation collects problems without running', () => {
        const problems = validatePolicySettings(spec('random_shrink', [{ key: 'keep', values: [n(5)] }, { key: 'color', values: [w('red')] }], { match: 'L', evaluator: undefined }));
        assert.deepEqual(problems.map((p) => p.key), ['color', 'match']);
    });
});

describe('settings as examples/tour.nas writes them', () => {
    test('`evaluate NAME` is accepted in policy bodies; `match NAME` may stay among random_shrink settings', async () => {
        const spec: PolicySpec = { name: 'Random', kind: 'random_shrink', space: NB201_SPACE_SPEC, settings: [{ key: 'match', values: [w('Lissnas')] }, { key: 'seed', values: [n(42)] }] };
        assert.equal((await runPolicy(spec, { space, matchSize: 30 })).members.length, 30);
        const abs: PolicySpec = { name: 'ABS', kind: 'op_pruning', space: NB201_SPACE_SPEC, settings: [{ key: 'evaluate', values: [w('c10')] }, { key: 'keep', values: [n(2), w('per'), w('edge')] }] };
        assert.equal((await runPolicy(abs, { space, evaluator: fresh() })).members.length, 64);
    });
});
