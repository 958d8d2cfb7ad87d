import type { CellSpec, NetworkSpec } from '../spec.js';
import { LimitError, networkLimitProblem } from '../limits.js';
import { addCost, batchNorm, conv, convOutputSize, linear, reluConvBn, ZERO_COST, type Cost } from './layers.js';
import { opCost, opCostKind, type EdgeShape, type OpCostKind } from './ops.js';

/**
 * FLOPs and parameters of a network built from a `NetworkSpec` skeleton around one searched cell,
 * NAS-Bench-201's `TinyNetwork` / `InferCell` (see docs/cost-model.md):
 *
 *   stem: Conv3x3(inputChannels -> stem) + BN
 *   for each stage s: [reduction into stages[s] unless s = 0] then `cellsPerStage` cells at stages[s]
 *   reduction 'resnet': ResNetBasicblock(stride 2); reduction 'cell': the searched cell with stride 2
 *   head: BN + ReLU, global average pooling, Linear(stages[last] -> classes)
 *
 * Every edge module exists in the network whatever the op of the other edges, so its cost counts even when
 * its output cannot reach the cell output (NB201 measures modules, not the live dataflow). Hence the cost
 * is ADDITIVE over edges: base + sum_e edges[e][op_e], which `CellCostTable` exposes for fast counting.
 */
export interface CellCostTable {
    /** Everything that does not depend on the cell's ops (stem, reductions, head). */
    base: Cost;
    /** `edges[e][o]`: cost of op `o` on edge `e`, summed over every instance of the cell in the network. */
    edges: Cost[][];
}

/** NB201's skeleton for CIFAR-10: C = 16, N = 5, 32x32 RGB input. */
export const NB201_CIFAR10: Readonly<NetworkSpec> = Object.freeze({
    stem: 16,
    stages: [16, 32, 64],
    cellsPerStage: 5,
    reduction: 'resnet',
    classes: 10,
    inputSize: 32,
    inputChannels: 3,
});
export const NB201_CIFAR100: Readonly<NetworkSpec> = Object.freeze({ ...NB201_CIFAR10, classes: 100 });
export const NB201_IMAGENET16_120: Readonly<NetworkSpec> = Object.freeze({ ...NB201_CIFAR10, classes: 120, inputSize: 16 });

/** One placement of the cell in the network: input channels, output channels, stride, input resolution. */
type CellInstance = EdgeShape;

/** The cost table of `cell` inside `network`; throws (with a readable message) if an op has no cost model. */
export function cellCostTable(network: NetworkSpec, cell: Pick<CellSpec, 'edges' | 'ops'>): CellCostTable {
    const kinds = cell.ops.map((op) => {
        const kind = opCostKind(op);
        if (typeof kind === 'string') throw new Error(kind);
        return kind;
    });
    return cellCostTableOfKinds(network, cell.edges, kinds);
}

/** The same table from ops already resolved to their cost kinds (a neural network plan carries those). */
export function cellCostTableOfKinds(network: NetworkSpec, cellEdges: ReadonlyArray<readonly [number, number]>, kinds: readonly OpCostKind[]): CellCostTable {
    const { base, instances } = skeleton(network);
    const edges = cellEdges.map(([from]) =>
        kinds.map((kind) => instances.reduce((sum, inst) => addCost(sum, edgeCost(kind, from, inst)), ZERO_COST)),
    );
    return { base, edges };
}

/** Cost of the network whose cell picks `ops[e]` on edge `e` (base units, not millions). */
export function costOfCell(network: NetworkSpec, cell: Pick<CellSpec, 'edges' | 'ops'>, ops: readonly number[]): Cost {
    return costFromTable(cellCostTable(network, cell), ops);
}

export function costFromTable(table: CellCostTable, ops: readonly number[]): Cost {
    if (ops.length !== table.edges.length) throw new RangeError(`expected ${table.edges.length} ops, got ${ops.length}`);
    let flops = table.base.flops;
    let params = table.base.params;
    for (let e = 0; e < ops.length; e++) {
        const c = table.edges[e][ops[e]];
        if (c === undefined) throw new RangeError(`op index ${ops[e]} out of range on edge ${e}`);
        flops += c.flops;
        params += c.params;
    }
    return { flops, params };
}

/** NB201 `InferCell`: edges leaving the cell input see (Cin, Cout, stride); the others (Cout, Cout, 1) after the stride. */
function edgeCost(kind: OpCostKind, from: number, inst: CellInstance): Cost {
    if (from === 0) return opCost(kind, inst);
    const size = inst.stride === 1 ? inst.inSize : convOutputSize(inst.inSize, 3, inst.stride);
    return opCost(kind, { cin: inst.cout, cout: inst.cout, stride: 1, inSize: size });
}

/** The fixed part of the network and where the searched cell sits. */
function skeleton(network: NetworkSpec): { base: Cost; instances: CellInstance[] } {
    validate(network);
    let size = network.inputSize;
    let channels = network.stem;
    let base = stem(network.inputChannels, network.stem, size);
    const instances: CellInstance[] = [];
    network.stages.forEach((width, s) => {
        if (s > 0) {
            if (network.reduction === 'resnet') {
                base = addCost(base, resnetBasicBlock(channels, width, size));
            } else {
                instances.push({ cin: channels, cout: width, stride: 2, inSize: size });
            }
            size = convOutputSize(size, 3, 2);
            channels = width;
        }
        for (let i = 0; i < network.cellsPerStage; i++) {
            instances.push({ cin: channels, cout: width, stride: 1, inSize: size });
            channels = width;
        }
    });
    base = addCost(base, batchNorm(channels)); // lastact: BN + ReLU
    base = addCost(base, linear(channels, network.classes)); // after global average pooling (free)
    return { base, instances };
}

/** The stem: Conv3x3 + BN; ReLU-Conv-BN costs the same since a ReLU is free. */
function stem(cin: number, cout: number, size: number): Cost {
    return reluConvBn(cin, cout, 3, size);
}

/**
 * NB201 `ResNetBasicblock(inplanes, planes, stride=2)`: conv_a = ReLU-Conv3x3(stride 2)-BN,
 * conv_b = ReLU-Conv3x3-BN, shortcut = AvgPool2d(2, 2) + Conv1x1 (no BN, no bias).
 */
export function resnetBasicBlock(cin: number, cout: number, inSize: number): Cost {
    const out = convOutputSize(inSize, 3, 2);
    return addCost(addCost(reluConvBn(cin, cout, 3, out), reluConvBn(cout, cout, 3, out)), conv(cin, cout, 1, out));
}

function validate(network: NetworkSpec): void {
    const positive = (x: number) => Number.isInteger(x) && x > 0;
    const bad: string[] = [];
    if (!positive(network.stem)) bad.push(`stem ${network.stem}`);
    if (network.stages.length === 0 || !network.stages.every(positive)) bad.push(`stages [${network.stages.join(', ')}]`);
    if (!(Number.isInteger(network.cellsPerStage) && network.cellsPerStage >= 0)) bad.push(`cells_per_stage ${network.cellsPerStage}`);
    if (!positive(network.classes)) bad.push(`classes ${network.classes}`);
    if (!positive(network.inputSize)) bad.push(`input size ${network.inputSize}`);
    if (!positive(network.inputChannels)) bad.push(`input channels ${network.inputChannels}`);
    if (bad.length > 0) throw new Error(`network skeleton has invalid ${bad.join(', ')}`);
    // Before the skeleton loops once per cell: `cells_per_stage 1e21` must not run out of memory.
    const limit = networkLimitProblem(network);
    if (limit) throw new LimitError(`network skeleton: ${limit}`);
}
