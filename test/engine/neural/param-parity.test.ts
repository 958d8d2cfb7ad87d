import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { costOfCell, NB201_CIFAR10, NB201_CIFAR100, NB201_IMAGENET16_120 } from '../../../engine/cost/network.js';
import { nb201Space, NB201_CELL_SPEC } from '../../../engine/space/nb201.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { wireOp } from '../../../engine/cost/ops.js';
import type { NetworkSpec } from '../../../engine/spec.js';
import type { WireNetwork } from '../../../protocol/neural-worker.js';
import { NB201_WIRE_CELL, ROOT, skipWithoutTorch, torchOrReason } from './torch-env.js';

/**
 * The torch builder (workers/torch/network.py) against the cost model (engine/cost/network.ts) and the NB201
 * table's `*_params_m` columns: every one of the 15,625 cells by parts (fixed part + every edge module built by
 * the same code), 40 random cells by building each whole network, and 60 table rows on all three data sets.
 */
const skip = skipWithoutTorch();
const space = nb201Space();
const all: number[][] = [];
for (let i = 0; i < 15625; i++) {
    let x = i;
    const g: number[] = [];
    for (let e = 0; e < 6; e++) {
        g.push(x % 5);
        x = Math.floor(x / 5);
    }
    all.push(g);
}
const wire = (n: NetworkSpec): WireNetwork => ({ ...n, stages: [...n.stages] });
const count = async (w: WorkerProcess, network: WireNetwork, genotypes: number[][], method: 'build' | 'parts'): Promise<number[]> => {
    const m = await w.request({ type: 'count', network, cell: NB201_WIRE_CELL, genotypes, method });
    assert.equal(m.type, 'counted', JSON.stringify(m));
    return (m as { params: number[] }).params;
};

describe('torch builder: parameter parity', { skip }, () => {
    let w: WorkerProcess;
    before(async () => {
        const b = torchOrReason();
        if (typeof b !== 'string') w = await WorkerProcess.start(b);
    });
    after(() => w?.close());

    test('the wire ops are the cost model ops of the NB201 cell', () => {
        assert.deepEqual(NB201_CELL_SPEC.ops.map(wireOp), NB201_WIRE_CELL.ops);
    });

    test('all 15,625 NB201 cells (CIFAR-10 skeleton) equal the cost model', async () => {
        const params = await count(w, wire(NB201_CIFAR10), all, 'parts');
        const bad = all.filter((g, i) => params[i] !== costOfCell(NB201_CIFAR10, NB201_CELL_SPEC, g).params);
        assert.deepEqual(bad.slice(0, 5), [], `${bad.length} cells differ`);
        assert.ok(new Set(params).size >= 20, 'the counts vary with the cell');
    });

    test('40 random cells built whole, on two skeletons, equal the cost model and the parts count', async () => {
        const sample = Array.from({ length: 40 }, (_, i) => all[(i * 7919) % all.length]);
        for (const n of [NB201_CIFAR10, { ...NB201_CIFAR10, stem: 8, stages: [12, 24], cellsPerStage: 2, reduction: 'cell' as const, inputSize: 28, inputChannels: 1 }]) {
            const built = await count(w, wire(n), sample, 'build');
            assert.deepEqual(built, sample.map((g) => costOfCell(n, NB201_CELL_SPEC, g).params));
            if (n.reduction === 'resnet') assert.deepEqual(await count(w, wire(n), sample, 'parts'), built);
        }
    });

    test("60 table rows: c10/c100/in16 params_m equal the builder's counts", async () => {
        const lines = readFileSync(join(ROOT, 'data', 'nb201', 'nb201.csv'), 'utf8').trim().split('\n');
        const header = lines[0].split(',');
        const rows = lines.slice(1).filter((_, i) => i % 250 === 0).slice(0, 60).map((l) => l.split(','));
        const genotypes = rows.map((r) => space.parse(r[header.indexOf('arch')]));
        for (const [column, n] of [['c10_params_m', NB201_CIFAR10], ['c100_params_m', NB201_CIFAR100], ['in16_params_m', NB201_IMAGENET16_120]] as const) {
            const params = await count(w, wire(n), genotypes, 'parts');
            rows.forEach((r, i) => assert.equal((params[i] / 1e6).toFixed(6), Number(r[header.indexOf(column)]).toFixed(6), `${column} of ${r[1]}`));
        }
    });
});
