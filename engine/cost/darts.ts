import { dartsCellGenotypeLength, type WireDarts, type WireDartsCell, type WireDartsOp } from '../../protocol/neural-worker.js';
import type { DartsCellSpec, OpSpec } from '../spec.js';
import { addCost, batchNorm, conv, linear, reluConvBn, scaleCost, ZERO_COST, type Cost } from './layers.js';
import { wireOp } from './ops.js';

/**
 * FLOPs and parameters of a DARTS cell network (workers/torch/darts.py, DARTS's NetworkCIFAR without its auxiliary
 * head), in layers.ts's conventions (a depthwise convolution is a Conv2d with groups = C). The parity test
 * (test/engine/neural/darts-parity.test.ts) checks torch's `sum(p.numel())` and its hooked FLOPs against this.
 *
 *   stem: Conv3x3(inputChannels -> 3C) + BN
 *   cells: 3 * cellsPerStage + 2, reductions (C doubled, stride 2 on the edges leaving the cell inputs) at layers // 3
 *          and 2 * layers // 3; preprocess0 FactorizedReduce after a reduction, else ReLU-Conv1x1-BN; preprocess1
 *          ReLU-Conv1x1-BN; the output concatenates the cell's nodes (nodes * C channels)
 *   head: global average pooling, Linear(nodes * C_last -> classes)
 *
 * Every op keeps the resolution at stride 1 and halves it, rounding up, at stride 2 (odd kernels, padding k // 2 or
 * d(k-1)/2: network-plan.ts refuses even ones), so a cell's output side is its input's, or ceil(side / 2).
 */
export interface DartsShape {
    classes: number;
    inputSize: number;
    inputChannels: number;
}

/** The cost of the DARTS network `darts` whose cells pick `genotype` (the normal cell's numbers, then the reduction cell's). */
export function dartsCost(darts: WireDarts, shape: DartsShape, genotype: readonly number[]): Cost {
    const n = dartsCellGenotypeLength(darts.normal);
    if (genotype.length !== n + dartsCellGenotypeLength(darts.reduce)) {
        throw new RangeError(`a DARTS genotype has ${n} numbers (normal cell) + ${dartsCellGenotypeLength(darts.reduce)} (reduction cell), got ${genotype.length}`);
    }
    let c = darts.stem;
    const stem = 3 * c; // NetworkCIFAR's stem_multiplier
    let size = shape.inputSize;
    let cost = addCost(conv(shape.inputChannels, stem, 3, size), batchNorm(stem));
    const layers = 3 * darts.cellsPerStage + 2;
    let [prevPrev, prev] = [stem, stem];
    let reductionPrev = false;
    for (let i = 0; i < layers; i++) {
        const reduction = i === Math.floor(layers / 3) || i === Math.floor((2 * layers) / 3);
        if (reduction) c *= 2;
        const cell = reduction ? darts.reduce : darts.normal;
        // s0 is twice s1's side after a reduction; FactorizedReduce brings it to s1's side (`size`).
        cost = addCost(cost, reductionPrev ? factorizedReduce(prevPrev, c, size) : reluConvBn(prevPrev, c, 1, size));
        cost = addCost(cost, reluConvBn(prev, c, 1, size));
        const out = reduction ? Math.ceil(size / 2) : size;
        cost = addCost(cost, cellOpsCost(cell, reduction ? genotype.slice(n) : genotype.slice(0, n), c, reduction, out));
        size = out;
        reductionPrev = reduction;
        [prevPrev, prev] = [prev, cell.nodes * c];
    }
    return addCost(cost, linear(prev, shape.classes));
}

/** A DARTS cell as its builders and dartsCost take it: its ops resolved (dartsOp), or why one cannot be. */
export function dartsCell(cell: DartsCellSpec): WireDartsCell | string {
    const ops: WireDartsOp[] = [];
    for (const op of cell.ops) {
        const w = dartsOp(op);
        if (typeof w === 'string') return w;
        // Padding k // 2 keeps the resolution for odd kernels only; the sums of a node need equal shapes.
        if ('kernel' in w && w.kernel % 2 === 0) return `op '${op.name}': a DARTS cell's ops keep the resolution, so their kernels are odd (this one is ${w.kernel})`;
        ops.push(w);
    }
    return { nodes: cell.nodes, pick: cell.pick, ops };
}

const NAMED_SEPARABLE = /^(sep_conv|dil_conv)_(\d+)x\2$/;

/**
 * An op of a DARTS cell: sep_conv(kernel) and dil_conv(kernel, dilation: 2 when not written), by implementation or by
 * DARTS's names (`sep_conv_3x3`, `dil_conv_5x5`), and every op a cell knows (ops.ts wireOp).
 */
export function dartsOp(op: OpSpec): WireDartsOp | string {
    const named = op.impl === undefined ? NAMED_SEPARABLE.exec(op.name) : null;
    const kind = op.impl?.toLowerCase() ?? named?.[1];
    if (kind !== 'sep_conv' && kind !== 'dil_conv') {
        const w = wireOp(op);
        return typeof w === 'string' ? `${w} (a DARTS cell takes zero, identity, relu_conv_bn, avg_pool, max_pool, sep_conv and dil_conv)` : w;
    }
    const kernel = named ? Number(named[2]) : (op.args.kernel ?? op.args.k ?? Object.values(op.args)[0]);
    const dilation = named ? 2 : (op.args.dilation ?? 2);
    if (!(typeof kernel === 'number' && Number.isInteger(kernel) && kernel >= 1)) return `op '${op.name}' = ${kind}(...) needs a positive integer kernel`;
    if (kind === 'sep_conv') return { kind, kernel };
    if (!(typeof dilation === 'number' && Number.isInteger(dilation) && dilation >= 1)) return `op '${op.name}' = dil_conv(...): its dilation must be a positive integer`;
    return { kind, kernel, dilation };
}

function cellOpsCost(cell: WireDartsCell, genotype: readonly number[], c: number, reduction: boolean, out: number): Cost {
    let cost = ZERO_COST;
    for (let node = 0; node < cell.nodes; node++) {
        const at = 2 * cell.pick * node;
        for (let j = 0; j < cell.pick; j++) {
            const op = cell.ops[genotype[at + cell.pick + j]];
            if (op === undefined) throw new RangeError(`op index ${genotype[at + cell.pick + j]} out of range (${cell.ops.length} ops)`);
            // Edges leaving the two cell inputs (ids 0 and 1) carry a reduction cell's stride.
            cost = addCost(cost, opCost(op, c, reduction && genotype[at + j] < 2 ? 2 : 1, out));
        }
    }
    return cost;
}

/** One edge op, C -> C, whose output is `out` x `out`. */
function opCost(op: WireDartsOp, c: number, stride: number, out: number): Cost {
    switch (op.kind) {
        case 'zero':
        case 'pool':
            return ZERO_COST;
        case 'identity':
            return stride === 1 ? ZERO_COST : factorizedReduce(c, c, out);
        case 'relu_conv_bn':
            return reluConvBn(c, c, op.kernel, out);
        case 'dil_conv':
            return separable(c, op.kernel, out);
        case 'sep_conv':
            // Two dilation-1 separable blocks, the first with the stride: both at the output's side.
            return scaleCost(separable(c, op.kernel, out), 2);
    }
}

/** ReLU, depthwise Convkxk (groups C), Conv1x1, BN: one half of a sep_conv, or a whole dil_conv. */
function separable(c: number, kernel: number, out: number): Cost {
    return addCost(addCost(conv(c, c, kernel, out, c), conv(c, c, 1, out)), batchNorm(c));
}

/** Two stride-2 Conv1x1 (cin -> cout / 2 and cin -> the rest) concatenated, BN: cin * cout weights in all. */
function factorizedReduce(cin: number, cout: number, out: number): Cost {
    return addCost(conv(cin, cout, 1, out), batchNorm(cout));
}
