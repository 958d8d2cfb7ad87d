import type { CellSpec, NetworkSpec, SpaceSpec } from '../spec.js';
import { CellSpace } from './cell.js';
import { NB201_CIFAR10 } from '../cost/network.js';

/** The NAS-Bench-201 cell: 4 nodes, all 6 forward edges in NB201 string order, 5 ops (indices as data/nb201's `ops` column). */
export const NB201_CELL_SPEC: CellSpec = {
    kind: 'cell',
    name: 'NB201',
    nodes: 4,
    edges: [
        [0, 1],
        [0, 2],
        [1, 2],
        [0, 3],
        [1, 3],
        [2, 3],
    ],
    ops: [
        { name: 'none', args: {} },
        { name: 'skip_connect', impl: 'identity', args: {} },
        { name: 'nor_conv_1x1', impl: 'relu_conv_bn', args: { kernel: 1 } },
        { name: 'nor_conv_3x3', impl: 'relu_conv_bn', args: { kernel: 3 } },
        { name: 'avg_pool_3x3', impl: 'avg_pool', args: { kernel: 3 } },
    ],
};

/** The NB201 macro skeleton on CIFAR-10: stem 16, stages 16/32/64 with 5 cells each, ResNet reduction blocks. */
export const NB201_NETWORK_SPEC: NetworkSpec = NB201_CIFAR10;

/** `space NB201 { cell ...; network ... }`, built by hand so the engine and its tests need no DSL. */
export const NB201_SPACE_SPEC: SpaceSpec = {
    name: 'NB201',
    components: [NB201_CELL_SPEC],
    network: NB201_NETWORK_SPEC,
    constraints: [],
};

/** The NB201 search space (15,625 cells); genotype = 6 op indices, format = the NB201 arch string. */
export function nb201Space(): CellSpace {
    return new CellSpace(NB201_CELL_SPEC);
}
