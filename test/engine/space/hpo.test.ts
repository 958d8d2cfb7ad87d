import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { ParamSpace } from '../../../engine/space/hpo.js';
import type { Domain } from '../../../engine/spec.js';

const param = (domain: Domain): ParamSpace => new ParamSpace({ kind: 'param', name: 'p', domain });

describe('hyperparameter spaces', () => {
    test('choice: every other value is one step away', () => {
        const p = param({ type: 'choice', values: [3, 5, 7, 'x'] });
        assert.equal(p.size, 4n);
        assert.deepEqual(p.neighbors([1]), [[0], [2], [3]]);
        assert.deepEqual(p.neighbors([1], 3), [[0], [2], [3]]);
        assert.equal(p.distance([0], [2]), 1);
        assert.equal(p.format([3]), 'x');
        assert.deepEqual(p.parse('7'), [2]);
        assert.throws(() => p.parse('9'), /'9' is not one of 3, 5, 7, x/);
    });

    test('randint: grid of integers, +-1 step, distance in steps', () => {
        const p = param({ type: 'randint', low: 2, high: 10, step: 2, highInclusive: false });
        assert.equal(p.size, 4n); // 2, 4, 6, 8
        assert.deepEqual(p.neighbors([4]), [[2], [6]]);
        assert.deepEqual(p.neighbors([2]), [[4]]);
        assert.deepEqual(p.neighbors([4], 2), [[2], [6], [8]]);
        assert.equal(p.distance([2], [8]), 3);
        assert.equal(p.contains([10]), false);
        assert.equal(param({ type: 'randint', low: 2, high: 10, step: 2, highInclusive: true }).size, 5n);
        const rng = new Rng(5);
        const seen = new Set<number>();
        for (let i = 0; i < 200; i++) seen.add(p.sample(rng)[0]);
        assert.deepEqual([...seen].sort((a, b) => a - b), [2, 4, 6, 8]);
    });

    test('quniform: grid of multiples of q', () => {
        const p = param({ type: 'quniform', low: 0, high: 1, q: 0.25 });
        assert.equal(p.size, 5n);
        assert.deepEqual(p.neighbors([0.5]), [[0.25], [0.75]]);
        assert.equal(p.distance([0], [1]), 4);
        const rng = new Rng(1);
        for (let i = 0; i < 50; i++) assert.ok(p.contains(p.sample(rng)));
    });

    test('uniform: continuous, neighbours at +-5% of the range', () => {
        const p = param({ type: 'uniform', low: 0, high: 10 });
        assert.equal(p.size, 'continuous');
        const n = p.neighbors([5]);
        assert.equal(n.length, 2);
        assert.ok(Math.abs(n[0][0] - 4.5) < 1e-12 && Math.abs(n[1][0] - 5.5) < 1e-12);
        assert.equal(p.neighbors([5], 3).length, 6);
        assert.deepEqual(p.neighbors([0]).map((x) => x[0]), [0.5]);
        assert.ok(Math.abs(p.distance([1], [3]) - 4) < 1e-9);
    });

    test('loguniform: steps in log space', () => {
        const p = param({ type: 'loguniform', low: 1e-4, high: 1 });
        // log range = ln(1e4); a step multiplies by 1e4^0.05 = 10^0.2.
        const [down, up] = p.neighbors([1e-2]).map((x) => x[0]);
        assert.ok(Math.abs(up / 1e-2 - 10 ** 0.2) < 1e-9);
        assert.ok(Math.abs(1e-2 / down - 10 ** 0.2) < 1e-9);
        assert.ok(Math.abs(p.distance([1e-3], [1e-1]) - 10) < 1e-9);
        const rng = new Rng(9);
        let below = 0;
        for (let i = 0; i < 4000; i++) if (p.sample(rng)[0] < 1e-2) below++;
        // Log-uniform: half the mass lies below the geometric midpoint 1e-2.
        assert.ok(Math.abs(below / 4000 - 0.5) < 0.04, `${below}`);
    });

    test('normal: unbounded, step = 5% of mu +- 2 sigma', () => {
        const p = param({ type: 'normal', mu: 0, sigma: 1 });
        assert.deepEqual(p.neighbors([0]).map((x) => Math.round(x[0] * 1000) / 1000), [-0.2, 0.2]);
        assert.equal(p.contains([123]), true);
    });
});
