import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCell, edgeTerm, isWholeDigest, nodeExpression, opRolesFor } from '../../../engine/canonical/cell.js';
import { Rng } from '../../../engine/rng.js';
import { cellSize, classSize, countUniqueCells } from '../../../engine/size/cells.js';
import { sizeOfSpace } from '../../../engine/size/space.js';
import type { CellSpec, OpSpec } from '../../../engine/spec.js';
import { forwardClassSize } from './class-size-oracle.js';

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

/** The complete DAG on n nodes (NB201's `edges all`), edges ordered by target then source. */
function completeCell(nodes: number, ops: OpSpec[] = NB201_OPS): CellSpec {
    const edges: Array<[number, number]> = [];
    for (let to = 1; to < nodes; to++) for (let from = 0; from < to; from++) edges.push([from, to]);
    return { kind: 'cell', name: `complete${nodes}`, nodes, edges, ops };
}

describe('class sizes counted top-down', () => {
    test('agree with the forward DP oracle on sampled 5- and 6-node cells and other op sets', () => {
        const named = (names: string[]): OpSpec[] => names.map((name) => ({ name, args: {} }));
        const cases: Array<[CellSpec, number]> = [
            [completeCell(5), 150],
            [completeCell(6), 25],
            [completeCell(5, named(['none', 'skip_connect', 'conv'])), 150],
            [completeCell(5, named(['skip_connect', 'conv'])), 100],
            [completeCell(5, named(['a', 'b', 'none'])), 100],
            [{ kind: 'cell', name: 'sparse', nodes: 5, edges: [[0, 1], [0, 2], [1, 3], [2, 3], [1, 4], [3, 4]], ops: named(['skip_connect', 'x', 'none', 'identity']) }, 150],
        ];
        const rng = new Rng(5);
        let compared = 0;
        for (const [cell, samples] of cases) {
            const r = opRolesFor(cell.ops);
            for (let i = 0; i < samples; i++) {
                const ops = cell.edges.map(() => rng.int(cell.ops.length));
                const target = canonicalCell(cell, ops, r);
                const expected = forwardClassSize(cell, cell.ops.length, r, target);
                assert.equal(classSize(cell, cell.ops.length, r, target), expected, `${cell.name} ${ops.join('')}`);
                compared++;
            }
        }
        assert.equal(compared, 675);
    });

    test('see through the 512-character digests of deep cells (brute force on a 10-node ladder)', () => {
        // Each node sums the two before it: expressions grow like Fibonacci numbers and pass 512 characters
        // at the output, so 17,555 of the 131,072 cells (16,376 classes) have a digest as their canonical form.
        const edges: Array<[number, number]> = [[0, 1]];
        for (let v = 2; v < 10; v++) edges.push([v - 2, v], [v - 1, v]);
        const ladder: CellSpec = { kind: 'cell', name: 'ladder', nodes: 10, edges, ops: [{ name: 'skip_connect', args: {} }, { name: 'conv', args: {} }] };
        const r = opRolesFor(ladder.ops);
        const members = new Map<string, number>();
        const digests = new Map<string, string>();
        const expr: string[] = ['0'];
        for (let i = 0; i < 2 ** edges.length; i++) {
            for (let v = 1; v < 10; v++) {
                const terms: string[] = [];
                edges.forEach(([from, to], e) => to === v && terms.push(edgeTerm(expr[from], (i >> e) & 1, r)));
                expr[v] = nodeExpression(terms, digests);
            }
            members.set(expr[9], (members.get(expr[9]) ?? 0) + 1);
        }
        assert.equal(members.size, 92868);
        // Every 400th digest class and every 2,000th other class (the identity of the sizes is cheap to
        // check exhaustively off-line; here it would take minutes).
        const classes = [...members];
        const deep = classes.filter(([target]) => isWholeDigest(target));
        assert.equal(deep.length, 16376);
        const shallow = classes.filter(([target]) => !isWholeDigest(target));
        const checked = [...deep.filter((_, i) => i % 400 === 0), ...shallow.filter((_, i) => i % 2000 === 0)];
        assert.equal(checked.length, 41 + 39);
        for (const [target, count] of checked) assert.equal(classSize(ladder, 2, r, target, digests), count, target.slice(0, 60));
        // Without the digests' expressions a digest target cannot be counted.
        const someDigest = [...members.keys()].find(isWholeDigest)!;
        assert.ok(Number.isNaN(classSize(ladder, 2, r, someDigest)));
        // And the estimate no longer gives up on such cells: its interval holds the exact count.
        const size = cellSize(ladder, 2, r, { workLimit: 1000, samples: 400 });
        assert.equal(size.exact, false);
        const [low, high] = size.interval!;
        assert.ok(low <= 92868 && 92868 <= high, `interval ${low}..${high}`);
        assert.match(size.note ?? '', /estimated from 400 uniform samples/);
    });
});

describe('cell estimates beyond the work limit', () => {
    test('5-node complete cell: the default estimate holds the exact 3,979,358 (computed with a raised work limit)', () => {
        const cell = completeCell(5);
        const size = cellSize(cell, 5, roles);
        assert.equal(size.exact, false);
        assert.equal(size.raw, 9765625n);
        const [low, high] = size.interval!;
        assert.ok(low <= 3979358 && 3979358 <= high, `interval ${low}..${high}`);
        // Sampling stops once the interval is ±2%: a tight, reproducible answer.
        assert.ok((high - low) / 2 <= 0.02 * Number(size.unique) * 1.001, `half-width ${(high - low) / 2}`);
        assert.match(size.note ?? '', /estimated from \d+00 uniform samples .*stopped at ±2\.0%/);
        assert.deepEqual(cellSize(cell, 5, roles, { seed: 'sizes', precision: 0.02 }), size, 'seeded: the same estimate again');
    });

    test('7-node complete cell (5^21 raw): an estimate with its interval under the default settings', () => {
        const size = sizeOfSpace({ name: 'Seven', components: [completeCell(7)], constraints: [] });
        assert.equal(size.raw, 5n ** 21n);
        assert.equal(size.exact, false);
        const [low, high] = size.interval!;
        const unique = Number(size.unique);
        assert.ok(low < unique && unique < high, `interval ${low}..${high}`);
        // A third to a half of the raw cells are distinct networks; the interval is a few percent wide.
        assert.ok(unique > 0.3 * 5 ** 21 && unique < 0.5 * 5 ** 21, `unique ${unique}`);
        assert.ok((high - low) / 2 < 0.05 * unique, `half-width ${(high - low) / 2}`);
        assert.match(size.note ?? '', /estimated from \d+ uniform samples/);
    });

    test('a smaller work budget stops earlier, at a reproducible sample count', () => {
        const cell = completeCell(6);
        const small = cellSize(cell, 5, roles, { estimateWork: 200_000 });
        const again = cellSize(cell, 5, roles, { estimateWork: 200_000, seed: 'sizes' });
        assert.deepEqual(again, small);
        const samples = Number(/from (\d+) uniform/.exec(small.note ?? '')![1]);
        assert.ok(samples >= 30 && samples < 2000, `${samples} samples`);
        assert.match(small.note ?? '', /stopped at the work budget/);
        // An explicit sample count below every stopping rule is honoured exactly.
        assert.match(cellSize(cell, 5, roles, { samples: 150 }).note ?? '', /from 150 uniform samples \(raw × mean of 1\/class size\)$/);
    });

    test('the exact count gives up quickly past its work limit', () => {
        assert.equal(countUniqueCells(completeCell(6), 5, roles), undefined);
        assert.equal(countUniqueCells(completeCell(7), 5, roles), undefined);
    });
});
