import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { ChainSpace } from '../../../engine/space/chain.js';

describe('chain space', () => {
    const chain = new ChainSpace({
        kind: 'chain',
        name: 'Body',
        layers: 3,
        params: [
            { kind: 'param', name: 'kernel', domain: { type: 'choice', values: [3, 5, 7] } },
            { kind: 'param', name: 'expand', domain: { type: 'choice', values: [3, 6] } },
        ],
    });

    test('size, neighbour counts, distance', () => {
        assert.equal(chain.size, 216n);
        const g = chain.parse('kernel=3;expand=3|kernel=5;expand=6|kernel=7;expand=3');
        assert.deepEqual(g, [0, 0, 1, 1, 2, 0]);
        // 3 layers x (2 other kernels + 1 other expand); kernel 3 -> 7 is one step like 3 -> 5.
        assert.equal(chain.neighbors(g).length, 9);
        assert.ok(chain.neighbors(g).some((n) => n[0] === 2 && chain.distance(g, n) === 1));
        // Two changed (layer, param) slots: 9 + sum over slot pairs of the product of their alternatives.
        assert.equal(chain.neighbors(g, 2).length, 9 + (9 * 9 - 3 * (4 + 1)) / 2);
        assert.equal(chain.distance(g, [2, 1, 1, 1, 2, 0]), 2);
    });

    test('format/parse round trip and layer errors', () => {
        const rng = new Rng(6);
        for (let i = 0; i < 50; i++) {
            const g = chain.sample(rng);
            assert.deepEqual(chain.parse(chain.format(g)), g);
        }
        assert.throws(() => chain.parse('kernel=3;expand=3'), /1 layer\(s\) separated by '\|', expected 3/);
        assert.throws(() => chain.parse('kernel=3;expand=3|kernel=4;expand=6|kernel=7;expand=3'), /layer 1 .*'4' is not one of 3, 5, 7/);
    });
});
