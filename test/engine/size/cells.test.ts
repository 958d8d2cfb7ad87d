import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCell, opRolesFor } from '../../../engine/canonical/cell.js';
import { cellSize, classSize, countUniqueCells } from '../../../engine/size/cells.js';
import { sizeOfSpace } from '../../../engine/size/space.js';
import type { CellSpec, OpSpec } from '../../../engine/spec.js';

const NB201_OPS: OpSpec[] = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'].map((name) => ({ name, args: {} }));
const NB201: CellSpec = {
    kind: 'cell',
    name: 'nb201',
    nodes: 4,
    edges: [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]],
    ops: NB201_OPS,
};
const roles = opRolesFor(NB201_OPS);

/** Brute force: canonicalise every op vector. */
function bruteUnique(cell: CellSpec): number {
    const k = cell.ops.length;
    const r = opRolesFor(cell.ops);
    const classes = new Set<string>();
    const total = k ** cell.edges.length;
    for (let i = 0; i < total; i++) {
        const ops: number[] = [];
        for (let e = 0, x = i; e < cell.edges.length; e++, x = Math.floor(x / k)) ops.push(x % k);
        classes.add(canonicalCell(cell, ops, r));
    }
    return classes.size;
}

describe('cell sizes', () => {
    test('NAS-Bench-201: 15,625 raw, 6,466 unique, exact', () => {
        const size = sizeOfSpace({ name: 'NB201', components: [NB201], constraints: [] });
        assert.equal(size.raw, 15625n);
        assert.equal(size.unique, 6466n);
        assert.equal(size.exact, true);
        assert.ok(Math.abs(size.log10Raw - Math.log10(15625)) < 1e-12);
    });

    test('the dynamic programme agrees with brute force on other cells', () => {
        const chainCell: CellSpec = { kind: 'cell', name: 'c', nodes: 3, edges: [[0, 1], [1, 2], [0, 2]].map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[1] - y[1] || x[0] - y[0]), ops: NB201_OPS.slice(0, 4) };
        const wide: CellSpec = { kind: 'cell', name: 'w', nodes: 5, edges: [[0, 1], [0, 2], [1, 3], [2, 3], [0, 4], [3, 4]], ops: NB201_OPS.slice(0, 3) };
        const noSpecial: CellSpec = { ...NB201, ops: NB201_OPS.slice(2) };
        for (const cell of [chainCell, wide, noSpecial]) {
            assert.equal(countUniqueCells(cell, cell.ops.length, opRolesFor(cell.ops)), BigInt(bruteUnique(cell)), cell.name);
        }
        // Without none/skip ops every NB201 cell is its own class (the edge list has no symmetry).
        assert.equal(countUniqueCells(noSpecial, 3, opRolesFor(noSpecial.ops)), 729n);
    });

    test('class sizes of all 6,466 classes add up to 15,625', () => {
        const members = new Map<string, number>();
        for (let i = 0; i < 15625; i++) {
            const ops: number[] = [];
            for (let e = 0, x = i; e < 6; e++, x = Math.floor(x / 5)) ops.push(x % 5);
            const key = canonicalCell(NB201, ops, roles);
            members.set(key, (members.get(key) ?? 0) + 1);
        }
        let total = 0;
        let checked = 0;
        for (const [key, count] of members) {
            // Every 7th class keeps the test fast; the identity below still covers them all.
            if (checked++ % 7 === 0) assert.equal(classSize(NB201, 5, roles, key), count, key);
            total += count;
        }
        assert.equal(total, 15625);
    });

    test('beyond the work limit: an estimate whose 95% interval holds the exact count', () => {
        const size = cellSize(NB201, 5, roles, { workLimit: 100, samples: 1500, seed: 7 });
        assert.equal(size.exact, false);
        assert.equal(size.raw, 15625n);
        assert.ok(size.interval, 'interval');
        const [low, high] = size.interval!;
        assert.ok(low <= 6466 && 6466 <= high, `interval ${low}..${high}`);
        assert.ok(high - low < 1500, 'interval is informative');
        assert.match(size.note ?? '', /estimated/);
    });
});
