import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatSize, formatNumber } from '../../../engine/size/format.js';
import { productOf, sizeBreakdown, sizeOfSpace } from '../../../engine/size/space.js';
import type { CellSpec, ParamSpec, SpaceSpec } from '../../../engine/spec.js';

const cell: CellSpec = {
    kind: 'cell',
    name: 'cell',
    nodes: 4,
    edges: [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]],
    ops: ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'].map((name) => ({ name, args: {} })),
};
const NB201: SpaceSpec = { name: 'NB201', components: [cell], constraints: [] };
const lr: ParamSpec = { kind: 'param', name: 'lr', domain: { type: 'quniform', low: 0, high: 1, q: 0.1 } };

describe('products and subspaces', () => {
    test('arch NB201 × an 11-point grid: raw and unique both multiply', () => {
        const s: SpaceSpec = { name: 'P', components: [{ kind: 'subspace', name: 'arch', space: NB201 }, lr], constraints: [] };
        const size = sizeOfSpace(s);
        assert.equal(size.raw, 15625n * 11n);
        assert.equal(size.unique, 6466n * 11n);
        assert.equal(size.exact, true);
    });

    test('breakdown lists each component with its formula', () => {
        const s: SpaceSpec = { name: 'P', components: [{ kind: 'subspace', name: 'arch', space: NB201 }, cell, lr], constraints: [] };
        const rows = sizeBreakdown(s);
        assert.deepEqual(rows.map((r) => [r.name, r.kind, r.size.raw, r.size.unique]), [
            ['arch', 'subspace', 15625n, 6466n],
            ['cell', 'cell', 15625n, 6466n],
            ['lr', 'param', 11n, 11n],
        ]);
        assert.equal(rows[1].formula, '5^6 (6 edges, 5 ops)');
    });

    test('an empty space has one member; a zero factor empties even a continuous product', () => {
        assert.equal(sizeOfSpace({ name: 'E', components: [], constraints: [] }).raw, 1n);
        const s: SpaceSpec = {
            name: 'Z',
            components: [
                { kind: 'param', name: 'none', domain: { type: 'choice', values: [] } },
                { kind: 'param', name: 'x', domain: { type: 'uniform', low: 0, high: 1 } },
            ],
            constraints: [],
        };
        assert.equal(sizeOfSpace(s).raw, 0n);
    });

    test('estimates propagate: product interval scales by the exact factors', () => {
        const estimate = { raw: 100n, unique: 50n, exact: false, log10Raw: 2, log10Unique: Math.log10(50), interval: [40, 60] as [number, number] };
        const exact = { raw: 3n, unique: 3n, exact: true, log10Raw: Math.log10(3), log10Unique: Math.log10(3) };
        const p = productOf([estimate, exact]);
        assert.equal(p.unique, 150n);
        assert.equal(p.exact, false);
        assert.deepEqual(p.interval, [120, 180]);
    });

    test('constraints go through countConstrained: fewer members than the free space', () => {
        const s: SpaceSpec = { name: 'C', components: [cell], constraints: [{ metric: 'flops', op: '<=', value: 100e6 }] };
        const size = sizeOfSpace(s);
        assert.equal(typeof size.raw, 'bigint');
        assert.ok((size.raw as bigint) > 0n && (size.raw as bigint) < 15625n);
        assert.ok((size.unique as bigint) <= (size.raw as bigint));
    });
});

describe('formatting', () => {
    test('digits with separators and the power of ten', () => {
        assert.equal(formatCount(15625n), '15,625 (10^4.19)');
        assert.equal(formatCount(423624n), '423,624 (10^5.63)');
        assert.equal(formatCount(7n), '7 (10^0.85)');
        assert.equal(formatCount(0n), '0');
        assert.equal(formatCount('continuous'), 'continuous');
        assert.equal(formatCount(10n ** 80n), '10^80.00');
    });

    test('sizes: raw and unique, estimates with their interval', () => {
        assert.equal(formatSize(sizeOfSpace(NB201)), 'raw 15,625 (10^4.19), unique 6,466 (10^3.81)');
        assert.equal(formatSize({ raw: 11n, unique: 11n, exact: true, log10Raw: Math.log10(11), log10Unique: Math.log10(11) }), 'raw 11 (10^1.04)');
        const estimate = { raw: 15625n, unique: 6500n, exact: false, log10Raw: Math.log10(15625), log10Unique: Math.log10(6500), interval: [6340.4, 6932.6] as [number, number] };
        assert.equal(formatSize(estimate), 'raw 15,625 (10^4.19), unique ≈ 6,500 (10^3.81; 95% 6,340–6,933)');
        assert.equal(formatNumber(2.5e18), '10^18.40');
    });
});
