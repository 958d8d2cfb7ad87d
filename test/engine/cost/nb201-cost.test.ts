import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { costOfCell, cellCostTable, costFromTable, NB201_CIFAR10, NB201_CIFAR100, NB201_IMAGENET16_120 } from '../../../engine/cost/index.js';
import type { NetworkSpec } from '../../../engine/spec.js';
import { NB201_CELL, readNb201 } from './nb201-fixture.js';

const DATASETS: Array<[string, NetworkSpec]> = [
    ['c10', NB201_CIFAR10],
    ['c100', NB201_CIFAR100],
    ['in16', NB201_IMAGENET16_120],
];

describe('cost model reproduces the NAS-Bench-201 table', () => {
    const rows = readNb201();

    test('the table has every cell', () => {
        assert.equal(rows.length, 15625);
    });

    for (const [prefix, network] of DATASETS) {
        test(`${prefix}: params (6 decimals) and FLOPs (5 decimals) of all 15,625 cells`, () => {
            const table = cellCostTable(network, NB201_CELL);
            const mismatches: string[] = [];
            for (const row of rows) {
                const cost = costFromTable(table, row.ops);
                const params = Number((cost.params / 1e6).toFixed(6));
                const flops = Number((cost.flops / 1e6).toFixed(5));
                const wantParams = Number(row.columns[`${prefix}_params_m`]);
                const wantFlops = Number(row.columns[`${prefix}_flops_m`]);
                if (params !== wantParams || flops !== wantFlops) {
                    mismatches.push(`#${row.index}: ${params}/${flops} vs ${wantParams}/${wantFlops}`);
                }
            }
            assert.deepEqual(mismatches.slice(0, 5), []);
        });
    }
});

describe('cost model formulas', () => {
    test('the all-none cell costs exactly the skeleton (hand-computed)', () => {
        // stem 3*16*9*32^2 = 442,368; each ResNet block 1,179,648 + 2,359,296 + 131,072; Linear 64*10 + 10.
        const cost = costOfCell(NB201_CIFAR10, NB201_CELL, [0, 0, 0, 0, 0, 0]);
        assert.equal(cost.flops, 442_368 + 2 * (1_179_648 + 2_359_296 + 131_072) + 650);
        // stem 432 + BN 32; blocks 14,464 and 57,600; last BN 128; Linear 650.
        assert.equal(cost.params, 464 + 14_464 + 57_600 + 128 + 650);
    });

    test('a 3x3 conv on one edge adds 16*16*9*32^2 FLOPs per cell, 15 cells', () => {
        const none = costOfCell(NB201_CIFAR10, NB201_CELL, [0, 0, 0, 0, 0, 0]);
        const conv = costOfCell(NB201_CIFAR10, NB201_CELL, [0, 0, 0, 0, 0, 3]);
        assert.equal(conv.flops - none.flops, 3 * 5 * 2_359_296);
        assert.equal(conv.params - none.params, 5 * (2_336 + 9_280 + 36_992));
    });

    test('ops cut off from the output still count (modules exist), pooling and skip are free', () => {
        const deadConv = costOfCell(NB201_CIFAR10, NB201_CELL, [3, 0, 0, 0, 0, 0]); // node 1 feeds nothing
        const liveConv = costOfCell(NB201_CIFAR10, NB201_CELL, [0, 0, 0, 3, 0, 0]);
        assert.deepEqual(deadConv, liveConv);
        assert.deepEqual(costOfCell(NB201_CIFAR10, NB201_CELL, [4, 1, 4, 1, 4, 1]), costOfCell(NB201_CIFAR10, NB201_CELL, [0, 0, 0, 0, 0, 0]));
    });

    test('bare NB201 names resolve like declared implementations', () => {
        const bare = { ...NB201_CELL, ops: NB201_CELL.ops.map((op) => ({ name: op.name, args: {} })) };
        for (const ops of [[3, 2, 1, 4, 0, 3], [2, 2, 2, 2, 2, 2]]) {
            assert.deepEqual(costOfCell(NB201_CIFAR10, bare, ops), costOfCell(NB201_CIFAR10, NB201_CELL, ops));
        }
    });

    test('reduction by cell: node-0 edges change channels with stride 2', () => {
        const network: NetworkSpec = { ...NB201_CIFAR10, stages: [16, 32], cellsPerStage: 1, reduction: 'cell' };
        const cell = { edges: [[0, 1]] as Array<[number, number]>, ops: NB201_CELL.ops };
        const base = 442_368 + 650 - 640 + 32 * 10; // stem + Linear(32 -> 10)
        // conv 3x3: normal cell 16*16*9*32^2, reduction 16*32*9*16^2, normal 32*32*9*16^2
        assert.equal(costOfCell(network, cell, [3]).flops, base + 2_359_296 + 1_179_648 + 2_359_296);
        // skip: identity in normal cells, FactorizedReduce (1x1 stride 2, 16 -> 32) in the reduction cell
        assert.equal(costOfCell(network, cell, [1]).flops, base + 16 * 32 * 16 * 16);
        assert.equal(costOfCell(network, cell, [1]).params, 432 + 32 + 2 * 32 + 32 * 10 + 10 + 16 * 32 + 2 * 32);
        // avg pool: free except the 1x1 preprocess (16 -> 32) at the input resolution
        assert.equal(costOfCell(network, cell, [4]).flops, base + 16 * 32 * 32 * 32);
    });

    test('unknown implementations are rejected with the op name', () => {
        const cell = { edges: [[0, 1]] as Array<[number, number]>, ops: [{ name: 'mystery', impl: 'sep_conv', args: { kernel: 3 } }] };
        assert.throws(() => costOfCell(NB201_CIFAR10, cell, [0]), /mystery.*sep_conv/);
    });
});
