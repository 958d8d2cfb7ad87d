/**
 * `countCellsByCost` remembers its answers (the editor recounts every constrained space after each
 * keystroke). A remembered answer must be exactly what a recount gives, for every input that changes the
 * count: the cell's ops, the network (through the cost table), the constraints, the method options.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { anyCellSatisfies, cellCostTable, costFromTable, countCellsByCost, NB201_CIFAR10, NB201_IMAGENET16_120 } from '../../../engine/cost/index.js';
import type { CellSpec, ConstraintSpec } from '../../../engine/spec.js';
import { NB201_CELL } from './nb201-fixture.js';

/** Satisfying cells counted by brute force over every genotype, independent of the counter. */
function bruteForce(cell: CellSpec, table: ReturnType<typeof cellCostTable>, constraints: ConstraintSpec[]): number {
    const edges = cell.edges.length;
    const ops = new Array<number>(edges).fill(0);
    let hits = 0;
    for (;;) {
        const cost = costFromTable(table, ops);
        if (constraints.every((c) => (c.op === '<=' ? cost[c.metric as 'flops' | 'params'] <= c.value : cost[c.metric as 'flops' | 'params'] >= c.value))) hits++;
        let e = 0;
        while (e < edges && ops[e] === cell.ops.length - 1) ops[e++] = 0;
        if (e === edges) return hits;
        ops[e]++;
    }
}

describe('countCellsByCost remembers answers without mixing inputs', () => {
    const table10 = cellCostTable(NB201_CIFAR10, NB201_CELL);
    const tableImagenet = cellCostTable(NB201_IMAGENET16_120, NB201_CELL);
    const low: ConstraintSpec[] = [{ metric: 'flops', op: '<=', value: 100e6 }];
    const high: ConstraintSpec[] = [{ metric: 'flops', op: '<=', value: 150e6 }];

    test('asked twice, the same exact count as a brute-force count', () => {
        const first = countCellsByCost(NB201_CELL, table10, low);
        const again = countCellsByCost(NB201_CELL, table10, low);
        assert.equal(first.satisfying, BigInt(bruteForce(NB201_CELL, table10, low)));
        assert.deepEqual(again, first);
    });

    test('other constraints, another network or fewer ops are counted, not remembered', () => {
        countCellsByCost(NB201_CELL, table10, low);
        const cases: Array<[CellSpec, ReturnType<typeof cellCostTable>, ConstraintSpec[]]> = [
            [NB201_CELL, table10, high],
            [NB201_CELL, tableImagenet, low],
        ];
        const fewer: CellSpec = { ...NB201_CELL, ops: NB201_CELL.ops.slice(0, 3) };
        cases.push([fewer, cellCostTable(NB201_CIFAR10, fewer), low]);
        const counts = cases.map(([cell, table, constraints]) => {
            const count = countCellsByCost(cell, table, constraints);
            assert.equal(count.satisfying, BigInt(bruteForce(cell, table, constraints)), JSON.stringify(constraints));
            return count.satisfying;
        });
        const base = countCellsByCost(NB201_CELL, table10, low).satisfying;
        assert.ok(counts.every((c) => c !== base), `each differs from ${base}: ${counts.join(', ')}`);
    });

    test('options choose the method: a small work limit is not answered from the enumeration', () => {
        const enumerated = countCellsByCost(NB201_CELL, table10, low);
        const dp = countCellsByCost(NB201_CELL, table10, low, { workLimit: 10_000 });
        assert.equal(enumerated.method, 'enumeration');
        assert.equal(dp.method, 'dynamic-programming');
        assert.equal(dp.satisfying, enumerated.satisfying);
    });

    test('a caller changing its answer does not change the next answer', () => {
        const mc = countCellsByCost(NB201_CELL, table10, low, { workLimit: 10, samples: 500, seed: 3 });
        assert.equal(mc.method, 'monte-carlo');
        const interval = [...mc.interval!];
        mc.interval![0] = -1;
        mc.satisfying = -1n;
        const again = countCellsByCost(NB201_CELL, table10, low, { workLimit: 10, samples: 500, seed: 3 });
        assert.deepEqual(again.interval, interval);
        assert.notEqual(again.satisfying, -1n);
    });

    test('anyCellSatisfies: a remembered yes is not the answer to other constraints', () => {
        const impossible: ConstraintSpec[] = [{ metric: 'flops', op: '<=', value: 1 }];
        assert.equal(anyCellSatisfies(table10, low), true);
        assert.equal(anyCellSatisfies(table10, low), true);
        assert.equal(anyCellSatisfies(table10, impossible), false);
        assert.equal(anyCellSatisfies(tableImagenet, [{ metric: 'flops', op: '>=', value: 150e6 }]), bruteForce(NB201_CELL, tableImagenet, [{ metric: 'flops', op: '>=', value: 150e6 }]) > 0);
    });
});
