import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { cellCostTable, costFromTable, costOfCell } from '../../../engine/cost/index.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { allCellGenotypes } from '../../../engine/space/constrained.js';
import { NB201_CELL_SPEC, NB201_NETWORK_SPEC, NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { SpaceSpec } from '../../../engine/spec.js';

const LIMIT = 50e6;
const SMALL: SpaceSpec = { ...NB201_SPACE_SPEC, name: 'Small', constraints: [{ metric: 'flops', op: '<=', value: LIMIT }] };
const TABLE = cellCostTable(NB201_NETWORK_SPEC, NB201_CELL_SPEC);
const flops = (g: number[]): number => costFromTable(TABLE, g).flops;

describe('constrained spaces', () => {
    const all = [...allCellGenotypes(NB201_CELL_SPEC)];
    const expected = all.filter((g) => flops(g) <= LIMIT);

    test('size counts exactly the cells that satisfy the constraint', () => {
        assert.equal(all.length, 15625);
        const space = compileSpace(SMALL);
        assert.ok(expected.length > 0 && expected.length < 15625);
        assert.equal(space.size, BigInt(expected.length));
        assert.equal(space.name, 'Small');
    });

    test('samples, membership and neighbours respect the constraint', () => {
        const space = compileSpace(SMALL);
        const base = compileSpace(NB201_SPACE_SPEC);
        const rng = new Rng(12);
        for (let i = 0; i < 100; i++) {
            const g = space.sample(rng);
            assert.ok(flops(g) <= LIMIT);
            assert.ok(space.contains(g));
            const n = space.neighbors(g);
            assert.deepEqual(n, base.neighbors(g).filter((x) => flops(x) <= LIMIT));
        }
        const big = all.find((g) => flops(g) > LIMIT)!;
        assert.equal(space.contains(big), false);
        assert.throws(() => space.parse(base.format(big)), /violates constraint flops <= 50000000/);
    });

    test('an unsatisfiable constraint fails with a clear error', () => {
        const space = compileSpace({ ...NB201_SPACE_SPEC, constraints: [{ metric: 'params', op: '<', value: 1 }] }, { sampleTries: 500 });
        assert.throws(() => space.sample(new Rng(1)), /constraint params < 1 looks unsatisfiable: none of 500 random samples/);
        assert.equal(space.size, 0n);
    });

    test('a product filters on its cell factor; no network means NB201\'s CIFAR-10 skeleton', () => {
        const product = compileSpace({
            ...SMALL,
            components: [NB201_CELL_SPEC, { kind: 'param', name: 'lr', domain: { type: 'choice', values: [0.1, 0.01, 0.001] } }],
        });
        assert.equal(product.size, BigInt(expected.length) * 3n);
        const rng = new Rng(2);
        for (let i = 0; i < 20; i++) assert.ok(flops(product.sample(rng).slice(0, 6)) <= LIMIT);
        assert.equal(compileSpace({ ...SMALL, network: undefined }).size, BigInt(expected.length));
        assert.throws(
            () => compileSpace({ ...SMALL, components: [{ kind: 'param', name: 'x', domain: { type: 'choice', values: [1] } }] }),
            /needs exactly one NB201-style 'cell' component, one layer chain, DARTS cells or one graph .* found none/,
        );
    });
});

describe('constraints through subspaces (tour.nas shapes)', () => {
    test('space Small { arch NB201; constraint ... } uses NB201\'s cell and network', () => {
        const limit = 100e6;
        const small = compileSpace({
            name: 'Small',
            components: [{ kind: 'subspace', name: 'arch', space: NB201_SPACE_SPEC }],
            constraints: [
                { metric: 'flops', op: '<=', value: limit },
                { metric: 'params', op: '<=', value: 1.0e6 },
            ],
        });
        const table = cellCostTable(NB201_NETWORK_SPEC, NB201_CELL_SPEC);
        const costs = [...allCellGenotypes(NB201_CELL_SPEC)].map((g) => costFromTable(table, g));
        const expected = costs.filter((c) => {
            return c.flops <= limit && c.params <= 1.0e6;
        }).length;
        assert.ok(expected > 0 && expected < 15625);
        assert.equal(small.size, BigInt(expected));
        assert.equal(small.name, 'Small');
        const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|';
        assert.equal(small.contains(small.neighbors([0, 0, 0, 0, 0, 0])[0]), true);
        assert.equal(small.format([0, 0, 0, 0, 0, 0]), '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|');
        assert.equal(small.contains(compileSpace(NB201_SPACE_SPEC).parse(arch)), costOfCell(NB201_NETWORK_SPEC, NB201_CELL_SPEC, [3, 3, 3, 3, 3, 3]).flops <= limit);
        // In a product with another factor: the cell slice is measured.
        const joint = compileSpace({
            name: 'J',
            components: [
                { kind: 'subspace', name: 'arch', space: NB201_SPACE_SPEC },
                { kind: 'param', name: 'bs', domain: { type: 'choice', values: [1, 2] } },
            ],
            constraints: [{ metric: 'flops', op: '<=', value: limit }],
        });
        const flopsOk = costs.filter((c) => c.flops <= limit).length;
        assert.equal(joint.size, BigInt(flopsOk) * 2n);
    });
});
