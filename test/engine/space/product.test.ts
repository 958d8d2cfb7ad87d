import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { CellSpace } from '../../../engine/space/cell.js';
import { NB201_CELL_SPEC, NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { SpaceSpec } from '../../../engine/spec.js';

const TWO_PARAMS: SpaceSpec = {
    name: 'H',
    constraints: [],
    components: [
        NB201_CELL_SPEC,
        { kind: 'param', name: 'batch', domain: { type: 'choice', values: [64, 128, 256] } },
        { kind: 'param', name: 'epochs', domain: { type: 'randint', low: 10, high: 50, step: 10, highInclusive: true } },
    ],
};

const CONDITIONAL: SpaceSpec = {
    name: 'C',
    constraints: [],
    components: [
        { kind: 'param', name: 'opt', domain: { type: 'choice', values: ['sgd', 'adam', 'rmsprop'] } },
        { kind: 'param', name: 'momentum', domain: { type: 'choice', values: [0, 0.9, 0.99] }, when: { op: '==', param: 'opt', value: 'sgd' } },
        { kind: 'param', name: 'beta', domain: { type: 'choice', values: [0.9, 0.99] }, when: { op: 'in', param: 'opt', values: ['adam', 'rmsprop'] } },
    ],
};

describe('compileSpace and products', () => {
    test('a single cell compiles to the cell space itself (NB201 format)', () => {
        const space = compileSpace(NB201_SPACE_SPEC);
        assert.ok(space instanceof CellSpace);
        assert.equal(space.name, 'NB201');
        assert.equal(space.size, 15625n);
        const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
        assert.equal(space.format(space.parse(arch)), arch);
    });

    test('product: concatenated genotype, size, distance = sum, neighbours = one factor one step', () => {
        const space = compileSpace(TWO_PARAMS);
        assert.equal(space.size, 15625n * 3n * 5n);
        const a = space.parse('NB201=|none~0|+|none~0|none~1|+|none~0|none~1|none~2|;batch=64;epochs=30');
        assert.deepEqual(a, [0, 0, 0, 0, 0, 0, 0, 30]);
        const b = space.parse('NB201=|none~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|;batch=256;epochs=50');
        assert.equal(space.distance(a, b), 2 + 1 + 2);
        assert.equal(space.distance(b, a), 5);
        // 24 cell moves + 2 other batch values + epochs 20 and 40.
        assert.equal(space.neighbors(a).length, 28);
        // Exact ball of radius 2: sum over splits of the budget between the three factors.
        // cell: 24 at 1, 240 at 2; batch: 2 at 1; epochs: 2 at 1, 2 at 2.
        const expected = 24 + 2 + 2 + (240 + 2 + 24 * 2 + 24 * 2 + 2 * 2);
        const ball = space.neighbors(a, 2);
        assert.equal(ball.length, expected);
        assert.ok(ball.every((n) => space.distance(a, n) >= 1 && space.distance(a, n) <= 2));
        assert.equal(new Set(ball.map((n) => space.key(n))).size, expected);
    });

    test('product format/parse round trip and errors', () => {
        const space = compileSpace(TWO_PARAMS);
        const rng = new Rng(2);
        for (let i = 0; i < 100; i++) {
            const g = space.sample(rng);
            assert.deepEqual(space.parse(space.format(g)), g);
            assert.ok(space.contains(g));
        }
        assert.throws(() => space.parse('NB201=|none~0|+|none~0|none~1|+|none~0|none~1|none~2|;batch=64'), /'epochs' is missing/);
        assert.throws(() => space.parse('foo=1'), /unknown factor 'foo'/);
    });

    test('conditions: inactive params hold NaN, size counts each branch, moves re-activate with defaults', () => {
        const space = compileSpace(CONDITIONAL);
        assert.equal(space.size, 3n + 2n + 2n);
        const sgd = space.parse('opt=sgd;momentum=0.99');
        assert.equal(sgd.length, 3);
        assert.ok(Number.isNaN(sgd[2]));
        assert.equal(space.format(sgd), 'opt=sgd;momentum=0.99');
        assert.ok(space.contains(sgd));
        assert.equal(space.contains([0, 2, 1]), false);
        assert.throws(() => space.parse('opt=adam;momentum=0.9'), /'momentum' is given but its 'when' condition is false/);
        // Moves: opt -> adam / rmsprop (beta gets its default 0.9, momentum is blanked), momentum -> 2 others.
        const n = space.neighbors(sgd).map((g) => space.format(g)).sort();
        assert.deepEqual(n, ['opt=adam;beta=0.9', 'opt=rmsprop;beta=0.9', 'opt=sgd;momentum=0', 'opt=sgd;momentum=0.9']);
        assert.equal(space.distance(sgd, space.parse('opt=adam;beta=0.99')), 1);
        const rng = new Rng(4);
        const seen = new Set<string>();
        for (let i = 0; i < 500; i++) {
            const g = space.sample(rng);
            assert.ok(space.contains(g));
            seen.add(space.key(g));
        }
        assert.equal(seen.size, 7);
        // Within distance 2 of sgd/0.99: every other member (all are reachable in at most 2 moves).
        assert.equal(space.neighbors(sgd, 2).length, 6);
    });

    test('nested subspace formats are wrapped in braces', () => {
        const inner: SpaceSpec = { name: 'Inner', constraints: [], components: [{ kind: 'param', name: 'a', domain: { type: 'choice', values: [1, 2] } }, { kind: 'param', name: 'b', domain: { type: 'choice', values: ['x', 'y'] } }] };
        const outer = compileSpace({ name: 'Outer', constraints: [], components: [{ kind: 'subspace', name: 'inner', space: inner }, { kind: 'param', name: 'c', domain: { type: 'choice', values: [true, false] } }] });
        const g = outer.parse('inner={a=2;b=x};c=false');
        assert.deepEqual(g, [1, 0, 1]);
        assert.equal(outer.format(g), 'inner={a=2;b=x};c=false');
        assert.equal(outer.size, 8n);
        // A lone unconditional subspace is that subspace, under the outer name.
        const alone = compileSpace({ name: 'Alone', constraints: [], components: [{ kind: 'subspace', name: 'x', space: NB201_SPACE_SPEC }] });
        assert.equal(alone.name, 'Alone');
        assert.equal(alone.size, 15625n);
        assert.equal(alone.neighbors([0, 0, 0, 0, 0, 0]).length, 24);
    });
});
