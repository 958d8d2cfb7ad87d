// Settings relative to the space (docs/lissnas.md, "Settings relative to the space"): `sample <percent> [min] max`,
// `neighbors count <k>`, `stop plateau(delta: noise)`; and the proof that configurations written before them run
// exactly as they did.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readLissnasSettings, runLissnas, plateauDelta, LISSNAS_DEFAULTS } from '../../../engine/policy/lissnas.js';
import { policyQueryBound } from '../../../engine/policy/bound.js';
import { resolveSampleSize, sampleSize, stop, neighbors } from '../../../engine/registry/shapes.js';
import { Rng } from '../../../engine/rng.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { nearestNeighbors } from '../../../engine/space/nearest.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import { ShrunkSpace } from '../../../engine/space/shrunk.js';
import type { Genotype, SearchSpace } from '../../../engine/space/types.js';
import type { EvaluationResult } from '../../../engine/evaluate/types.js';
import type { Setting, SettingValue } from '../../../engine/spec.js';
import { fresh, space } from './nb201-fixture.js';
import { DARTS, JOINT, MOBILE, NB101, TRAINING } from '../space/tour-specs.js';

const n = (value: number): SettingValue => ({ kind: 'number', value });
const w = (value: string): SettingValue => ({ kind: 'word', value });
const pct = (value: number): SettingValue => ({ kind: 'quantity', value, unit: '%' });
const call = (name: string, args: Array<[string | undefined, SettingValue]>): SettingValue => ({ kind: 'call', name, args: args.map(([a, value]) => (a ? { name: a, value } : { value })) });
const E: Setting = { key: 'evaluate', values: [w('E')] };
const read = (settings: Setting[]) => readLissnasSettings('policy P', [E, ...settings]).config;
const hash = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

describe('configurations written before the relative settings run byte-identically', () => {
    // Recorded with the engine of commit b3e7db6 (before this change): members, pockets, the exact order of every
    // genotype handed to the evaluator, the history and the stop. A change to sampling, seeding, neighbourhoods or
    // the plateau rule of these configurations changes a hash.
    const recorded: Array<[string, Setting[], string]> = [
        ['defaults seed 1', [{ key: 'seed', values: [n(1)] }], '199 551 07b6ccc566a6cd3e 1ced3c3fd8915218 398a6c0928e33e28 2f9eb01b6fc65963 plateau 5'],
        ['defaults seed 7', [{ key: 'seed', values: [n(7)] }], '208 487 7cb90cecf6c2cb33 23cc2f4c9d5ebe43 dc4810e13c1c5eb6 0ec3f2415aa378e1 plateau 4'],
        ['in current seed 2', [{ key: 'neighbors', values: [w('distance'), n(1), w('in'), w('current')] }, { key: 'seed', values: [n(2)] }], '43 224 0d7cfbad5a1c0bf8 e69f96a59abc3226 f5a8183224eb9a49 fb1083535e8f0ea2 plateau 3'],
        ['filter median seed 3', [{ key: 'neighbors', values: [w('distance'), n(1), w('filter'), w('median')] }, { key: 'seed', values: [n(3)] }], '12 692 a51da47e439be6ce 3107d55b0a591e6a 33e140d2bff8106d d2337d9329b7f5b8 plateau 6'],
        [
            'sample 50, top 10%, distance 2, plateau(2, 0.1), seed 5',
            [
                { key: 'sample', values: [n(50)] },
                { key: 'seeds', values: [w('top'), pct(10)] },
                { key: 'neighbors', values: [w('distance'), n(2)] },
                { key: 'stop', values: [call('plateau', [['patience', n(2)], ['delta', n(0.1)]])] },
                { key: 'seed', values: [n(5)] },
            ],
            '1139 246 7ed6d125214fa73a b9a4aa9b529e1de1 fc41468e6499400e ce3ff41f88b715fb plateau 2',
        ],
    ];
    for (const [name, settings, expected] of recorded) {
        test(name, async () => {
            const ev = fresh();
            const order: string[] = [];
            const evaluate = ev.evaluate.bind(ev);
            ev.evaluate = async (gs, sp, signal) => {
                for (const g of gs) order.push(space.key(g));
                return evaluate(gs, sp, signal);
            };
            const r = await runLissnas(space, ev, read(settings));
            const got = [r.members.length, r.queries, hash(r.members.map((g) => space.key(g)).sort()), hash(r.pockets), hash(order), hash(r.history), r.stoppedBy, r.chosenIteration].join(' ');
            assert.equal(got, expected);
        });
    }
});

describe('sample as a share of the space', () => {
    const share = { percent: 1, min: 20, max: 200 };
    test('resolved against the full space, within its bounds; huge and continuous spaces get max', () => {
        assert.equal(resolveSampleSize(share, 15625n), 156);
        assert.equal(resolveSampleSize(share, 4096n), 41);
        assert.equal(resolveSampleSize(share, 729n), 20);
        assert.equal(resolveSampleSize(share, 10n ** 40n), 200);
        assert.equal(resolveSampleSize(share, 'continuous'), 200);
        assert.equal(resolveSampleSize(100, 729n), 100);
    });

    test('the shape: bounds in either order, min defaults to 1, max required; errors name the value', () => {
        const r = (values: SettingValue[]) => sampleSize().read(values, 'sample');
        assert.deepEqual(r([pct(1), w('min'), n(20), w('max'), n(200)]), { ok: true, value: share });
        assert.deepEqual(r([pct(0.5), w('max'), n(50), w('min'), n(10)]), { ok: true, value: { percent: 0.5, min: 10, max: 50 } });
        assert.deepEqual(r([pct(2), w('max'), n(300)]), { ok: true, value: { percent: 2, min: 1, max: 300 } });
        assert.deepEqual(r([n(100)]), { ok: true, value: 100 });
        assert.deepEqual(r([pct(1)]), { ok: false, index: 0, message: 'sample 1% needs an upper bound, `max <count>`: a share of a huge or continuous space is unbounded (e.g. `sample 1% min 20 max 200`)' });
        assert.deepEqual(r([pct(1), w('min'), n(30), w('max'), n(20)]), { ok: false, index: 1, message: 'sample: min 30 is above max 20' });
        assert.deepEqual(r([pct(1), w('at_most'), n(20)]), { ok: false, index: 1, message: 'sample takes `<count>|<percent> [min <count>] max <count>`, e.g. `sample 1% min 20 max 200`' });
        assert.deepEqual(r([pct(1), w('max'), n(2.5)]), { ok: false, index: 2, message: 'sample max must be a whole number >= 1, not 2.5' });
        assert.deepEqual(r([pct(120), w('max'), n(20)]), { ok: false, index: 0, message: 'sample 120% is outside (0%, 100%]' });
    });

    test('every iteration samples the resolved size (156 of NB201), and the query bound uses it', async () => {
        const settings: Setting[] = [{ key: 'sample', values: [pct(1), w('min'), n(20), w('max'), n(200)] }, { key: 'seed', values: [n(1)] }];
        const r = await runLissnas(space, fresh(), read(settings));
        assert.equal(r.history[0].sampled, 156);
        for (const h of r.history) assert.equal(h.sampled, Math.min(156, h.size));
        const bound = policyQueryBound({ name: 'P', kind: 'lissnas', space: NB201_SPACE_SPEC, evaluator: 'c10', settings }, space);
        assert.equal(bound.queries, 1560);
        assert.equal(bound.reason, 'max_iterations 10 x sample 156 (1% of the space, within 20..200)');
        assert.ok(r.queries <= bound.queries);
    });
});

describe('neighbours by count', () => {
    const keys = (s: SearchSpace, gs: Genotype[]) => gs.map((g) => s.key(g)).sort();

    test('on NB201: the 24 nearest are the distance-1 ball; 30 adds 6 cells at distance 2, drawn by the rng', () => {
        const g = space.sample(new Rng(1));
        assert.deepEqual(keys(space, nearestNeighbors(space, g, 24, new Rng(0))), keys(space, space.neighbors(g, 1)));
        const a = nearestNeighbors(space, g, 30, new Rng(1));
        const b = nearestNeighbors(space, g, 30, new Rng(2));
        assert.equal(a.length, 30);
        assert.deepEqual(a.map((x) => space.distance(g, x)).sort(), [...Array(24).fill(1), ...Array(6).fill(2)]);
        assert.deepEqual(keys(space, nearestNeighbors(space, g, 30, new Rng(1))), keys(space, a), 'same rng, same pick');
        assert.notDeepEqual(keys(space, a), keys(space, b), 'ties are drawn, not taken in key order');
    });

    test('every space kind of the tour: k distinct valid members, none farther than one left out', () => {
        const rng = new Rng(3);
        for (const spec of [NB201_SPACE_SPEC, NB101, DARTS, MOBILE, TRAINING, JOINT]) {
            const s = compileSpace(spec);
            const g = s.sample(rng);
            const k = 40;
            const near = nearestNeighbors(s, g, k, new Rng(4));
            assert.equal(near.length, k, spec.name);
            assert.equal(new Set(keys(s, near)).size, k, `${spec.name}: distinct`);
            assert.ok(!keys(s, near).includes(s.key(g)), `${spec.name}: not g itself`);
            for (const x of near) assert.ok(s.contains(x), spec.name);
            const farthest = Math.max(...near.map((x) => s.distance(g, x)));
            // Nothing left out of the ball that holds them is closer than the farthest kept.
            const chosen = new Set(keys(s, near));
            for (const x of s.neighbors(g, Math.ceil(farthest - 1e-9))) {
                if (!chosen.has(s.key(x))) assert.ok(s.distance(g, x) >= farthest - 1e-9, `${spec.name}: ${s.format(x)} is closer`);
            }
        }
    });

    test('a small shrunk space: asking for more than it holds gives every other member, and stops', () => {
        const g = space.sample(new Rng(5));
        const ball = space.neighbors(g, 1).slice(0, 4);
        const far = space.sample(new Rng(6));
        const shrunk = new ShrunkSpace(space, [{ seed: g, members: ball, radius: 1 }, { seed: far, members: [], radius: 0 }]);
        const near = nearestNeighbors(shrunk, g, 50, new Rng(0));
        assert.deepEqual(keys(space, near), keys(space, [...ball, far].filter((x) => space.key(x) !== space.key(g))));
    });

    test('the shape and the policy: `count 30` grows pockets of 31 (seed + 30); `count 24` = `distance 1` on NB201', async () => {
        assert.deepEqual(neighbors(true).read([w('count'), n(30), w('in'), w('current')], 'neighbors'), { ok: true, value: { distance: 1, count: 30, within: 'current' } });
        assert.deepEqual(neighbors(true).read([w('count'), n(0)], 'neighbors'), { ok: false, index: 1, message: 'the neighbour count must be a whole number >= 1, not 0' });
        assert.equal(neighbors(false).read([w('count'), n(3)], 'neighbors').ok, false);
        const c30 = await runLissnas(space, fresh(), read([{ key: 'neighbors', values: [w('count'), n(30)] }, { key: 'max_iterations', values: [n(2)] }, { key: 'seed', values: [n(1)] }]));
        for (const p of c30.pockets) {
            assert.equal(p.members.length, 31);
            assert.equal(p.radius, 2);
        }
        const c24 = await runLissnas(space, fresh(), read([{ key: 'neighbors', values: [w('count'), n(24)] }, { key: 'seed', values: [n(1)] }]));
        const d1 = await runLissnas(space, fresh(), read([{ key: 'seed', values: [n(1)] }]));
        assert.deepEqual(keys(space, c24.members), keys(space, d1.members));
        assert.equal(c24.queries, d1.queries);
    });
});

describe('stop by the noise of the sample mean', () => {
    const results = (scores: number[]) => scores.map((score, i) => ({ key: String(i), genotype: [i], metric: score, score }) as EvaluationResult);

    test('delta = k standard errors of the mean (sample std / sqrt(n)); one evaluation has none', () => {
        // Scores 1..5: mean 3, sample variance 2.5, standard error sqrt(2.5 / 5) = 0.7071.
        assert.equal(plateauDelta({ noise: 1 }, results([1, 2, 3, 4, 5])).toFixed(4), '0.7071');
        assert.equal(plateauDelta({ noise: 2 }, results([1, 2, 3, 4, 5])).toFixed(4), '1.4142');
        assert.equal(plateauDelta({ noise: 1 }, results([7])), 0);
        assert.equal(plateauDelta(0.05, results([1, 2, 3])), 0.05);
    });

    test('the shape reads `noise` and `noise(k)`; other words and non-positive multiples are refused', () => {
        const r = (delta: SettingValue) => stop().read([call('plateau', [['patience', n(1)], ['delta', delta]])], 'stop');
        assert.deepEqual(r(w('noise')), { ok: true, value: { patience: 1, delta: { noise: 1 } } });
        assert.deepEqual(r(call('noise', [[undefined, n(2)]])), { ok: true, value: { patience: 1, delta: { noise: 2 } } });
        const refused = { ok: false, index: 0, message: 'delta must be a number >= 0, `noise` (one standard error of the sample mean) or `noise(<number>)` (that many)' };
        assert.deepEqual(r(w('noisy')), refused);
        assert.deepEqual(r(call('noise', [[undefined, n(0)]])), refused);
        assert.deepEqual(r(call('sigma', [[undefined, n(2)]])), refused);
    });

    test('the policy uses it: a huge multiple stops at the first plateau test, a tiny one behaves as delta 0', async () => {
        const stopWith = (delta: SettingValue): Setting[] => [{ key: 'stop', values: [call('plateau', [['patience', n(1)], ['delta', delta]])] }, { key: 'seed', values: [n(1)] }];
        const huge = await runLissnas(space, fresh(), read(stopWith(call('noise', [[undefined, n(1000)]]))));
        assert.equal(huge.stoppedBy, 'plateau');
        assert.equal(huge.history.length, 2);
        const tiny = await runLissnas(space, fresh(), read(stopWith(call('noise', [[undefined, n(1e-12)]]))));
        const zero = await runLissnas(space, fresh(), { ...LISSNAS_DEFAULTS, seed: 1, delta: 0 });
        assert.deepEqual(tiny.history, zero.history);
        assert.deepEqual(keys(tiny.members), keys(zero.members));
    });
    const keys = (gs: Genotype[]) => gs.map((g) => space.key(g)).sort();
});
