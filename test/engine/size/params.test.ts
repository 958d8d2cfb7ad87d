import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chainSize, domainSize, domainValues } from '../../../engine/size/params.js';
import { sizeOfSpace } from '../../../engine/size/space.js';
import type { ChainSpec, ComponentSpec, Domain, ParamSpec, Scalar } from '../../../engine/spec.js';

const choice = (...values: Scalar[]): Domain => ({ type: 'choice', values });
const param = (name: string, domain: Domain, when?: ParamSpec['when']): ParamSpec => ({ kind: 'param', name, domain, ...(when ? { when } : {}) });
const space = (...components: ComponentSpec[]) => ({ name: 'S', components, constraints: [] });

describe('hyperparameter domains', () => {
    test('choice and randint (exclusive and inclusive high)', () => {
        assert.equal(domainSize(choice(16, 32, 64)), 3n);
        assert.equal(domainSize({ type: 'randint', low: 0, high: 10, step: 1, highInclusive: false }), 10n);
        assert.equal(domainSize({ type: 'randint', low: 0, high: 10, step: 1, highInclusive: true }), 11n);
        assert.equal(domainSize({ type: 'randint', low: 2, high: 10, step: 3, highInclusive: false }), 3n); // 2, 5, 8
        assert.equal(domainSize({ type: 'randint', low: 2, high: 11, step: 3, highInclusive: false }), 3n); // 11 excluded
        assert.equal(domainSize({ type: 'randint', low: 2, high: 11, step: 3, highInclusive: true }), 4n);
    });

    test('quniform / qloguniform: the clipped grid', () => {
        assert.equal(domainSize({ type: 'quniform', low: 0, high: 1, q: 0.1 }), 11n); // 0, 0.1, ..., 1
        assert.deepEqual(domainValues({ type: 'quniform', low: 0, high: 1, q: 0.25 }), [0, 0.25, 0.5, 0.75, 1]);
        // Bounds off the grid: clip(round(x/3)·3, 1, 10) takes 1, 3, 6, 9.
        assert.equal(domainSize({ type: 'quniform', low: 1, high: 10, q: 3 }), 4n);
        assert.deepEqual(domainValues({ type: 'quniform', low: 1, high: 10, q: 3 }), [1, 3, 6, 9]);
        assert.equal(domainSize({ type: 'qloguniform', low: 16, high: 256, q: 16 }), 16n);
        assert.equal(domainSize({ type: 'quniform', low: 5, high: 5, q: 2 }), 1n);
    });

    test('continuous domains', () => {
        assert.equal(domainSize({ type: 'uniform', low: 0, high: 1 }), 'continuous');
        assert.equal(domainSize({ type: 'loguniform', low: 1e-4, high: 1e-1 }), 'continuous');
        assert.equal(domainSize({ type: 'normal', mu: 0, sigma: 1 }), 'continuous');
        assert.equal(domainSize({ type: 'qnormal', mu: 0, sigma: 1, q: 1 }), 'continuous');
        const size = sizeOfSpace(space(param('lr', { type: 'loguniform', low: 1e-4, high: 1e-1 }), param('bs', choice(32, 64))));
        assert.equal(size.raw, 'continuous');
        assert.equal(size.log10Raw, Infinity);
    });
});

describe('chains', () => {
    test('(Π param sizes)^layers', () => {
        const chain: ChainSpec = { kind: 'chain', name: 'layers', layers: 20, params: [param('kernel', choice(3, 5, 7)), param('expand', choice(3, 6))] };
        assert.equal(chainSize(chain), 6n ** 20n);
        assert.equal(sizeOfSpace(space(chain)).raw, 3656158440062976n);
        assert.equal(chainSize({ ...chain, layers: 0 }), 1n);
    });
});

describe('conditional parameters', () => {
    test('a parameter exists only in its branch: 3 · (2 + 3)', () => {
        const s = space(
            param('lr', choice(0.1, 0.01, 0.001)),
            param('optimizer', choice('sgd', 'adam')),
            param('momentum', choice(0.9, 0.99), { op: '==', param: 'optimizer', value: 'sgd' }),
            param('beta1', choice(0.9, 0.95, 0.99), { op: '==', param: 'optimizer', value: 'adam' }),
        );
        const size = sizeOfSpace(s);
        assert.equal(size.raw, 15n);
        assert.equal(size.unique, 15n);
    });

    test('nested conditions: a condition on an absent parameter is false', () => {
        const s = space(
            param('optimizer', choice('sgd', 'adam')),
            param('nesterov', choice(true, false), { op: '==', param: 'optimizer', value: 'sgd' }),
            param('dampening', choice(0, 0.1, 0.5), { op: '==', param: 'nesterov', value: false }),
        );
        // sgd+nesterov: 1, sgd+plain: 3 dampenings, adam: 1.
        assert.equal(sizeOfSpace(s).raw, 5n);
    });

    test('in / not in / and / or', () => {
        const s = space(
            param('a', choice(1, 2, 3, 4)),
            param('b', choice('x', 'y')),
            param('c', choice(1, 2, 3), { op: 'and', left: { op: 'in', param: 'a', values: [1, 2] }, right: { op: '==', param: 'b', value: 'x' } }),
            param('d', choice(1, 2), { op: 'or', left: { op: 'not in', param: 'a', values: [1, 2] }, right: { op: '!=', param: 'b', value: 'x' } }),
        );
        // (a, b): a∈{1,2} & b=x -> c (3), d absent; a∈{1,2} & b=y -> d (2); a∈{3,4} -> d (2), both b.
        assert.equal(sizeOfSpace(s).raw, 2n * 3n + 2n * 2n + 2n * 2n * 2n);
    });

    test('a continuous parameter inside a branch makes the space continuous', () => {
        const s = space(param('optimizer', choice('sgd', 'adam')), param('lr', { type: 'uniform', low: 0, high: 1 }, { op: '==', param: 'optimizer', value: 'adam' }));
        assert.equal(sizeOfSpace(s).raw, 'continuous');
    });

    test('a condition on an unknown parameter is an error', () => {
        assert.throws(() => sizeOfSpace(space(param('x', choice(1), { op: '==', param: 'nope', value: 1 }))), /unknown parameter 'nope'/);
    });
});
