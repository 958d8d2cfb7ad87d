/**
 * The engine's entry points refuse specs over engine/limits.ts with a LimitError before computing anything
 * (defence in depth: the language reports these first, but a spec built by hand must not exhaust memory).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LimitError } from '../../engine/limits.js';
import { componentSize, sizeBreakdown, sizeOfSpace } from '../../engine/size/index.js';
import { cellCostTable, NB201_CIFAR10 } from '../../engine/cost/index.js';
import { constraintsSatisfiable, countConstrained } from '../../engine/size/constrained.js';
import type { CellSpec, SpaceSpec } from '../../engine/spec.js';

const ops = [{ name: 'none', args: {} }, { name: 'skip_connect', args: {} }];
// Deliberately no edge list: a huge `nodes` must be refused before anyone builds one.
const hugeCell: CellSpec = { kind: 'cell', name: 'cell', nodes: 2147483648, edges: [], ops };
const smallCell: CellSpec = { kind: 'cell', name: 'cell', nodes: 2, edges: [[0, 1]], ops };

test('sizes refuse a cell over the node limit with a LimitError that names the setting', () => {
    const space: SpaceSpec = { name: 'A', components: [hugeCell], constraints: [] };
    for (const call of [() => sizeOfSpace(space), () => sizeBreakdown(space), () => componentSize(hugeCell)]) {
        assert.throws(call, (e: unknown) => e instanceof LimitError && /nodes 2147483648 is over the limit of 32/.test(e.message));
    }
    const nested: SpaceSpec = { name: 'Outer', components: [{ kind: 'subspace', name: 'arch', space }], constraints: [] };
    assert.throws(() => sizeOfSpace(nested), /space 'Outer': arch: cell: nodes 2147483648 is over the limit/);
});

test('cost tables and constrained counts refuse cells_per_stage 1e21 instead of looping once per cell', () => {
    const network = { ...NB201_CIFAR10, cellsPerStage: 1e21 };
    assert.throws(() => cellCostTable(network, smallCell), /cells_per_stage 1e\+21 is over the limit of 1000/);
    const space: SpaceSpec = { name: 'C', components: [smallCell], network, constraints: [{ metric: 'flops', op: '<=', value: 1e8 }] };
    assert.throws(() => countConstrained(space), LimitError);
    assert.throws(() => constraintsSatisfiable(space), LimitError);
});

test('graph spaces over 31 nodes are refused by the limit, not by an internal error', () => {
    const space: SpaceSpec = { name: 'G', components: [{ kind: 'graph', name: 'graph', maxNodes: 32, maxEdges: 9, ops }], constraints: [] };
    assert.throws(() => sizeOfSpace(space), /max_nodes 32 is over the limit of 31/);
});
