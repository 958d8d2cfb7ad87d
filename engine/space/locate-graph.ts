import type { WireGraph } from '../../protocol/neural-worker.js';
import { graphOps } from '../cost/graph.js';
import type { GraphSpec, NetworkSpec, SpaceSpec } from '../spec.js';
import { locateComponent, type LocatedComponent } from './locate-component.js';
import { NB201_NETWORK_SPEC } from './nb201.js';
import { frameOf } from './network-keys.js';
import type { FixedLengthSpace } from './product.js';
import type { Genotype } from './types.js';

/**
 * NAS-Bench-101's skeleton (Ying et al. 2019; nasbench/lib/config.py: stem_filter_size 128, num_modules_per_stack 3,
 * num_stacks 3), the default around a graph: the dataset's networks are these, with 2.7M parameters for its
 * Inception-like example cell.
 */
export const NB101_FRAME = { stem: 128, cellsPerStage: 3 } as const;

/** NAS-Bench-101's three stacks, as multiples of `stem`: its channels double at each downsampling. */
const NB101_STACKS = [1, 2, 4];

/** A graph network as its builder takes it: the graph, the skeleton resolved, and the builder's genotype. */
export interface GraphNetwork {
    /** The outermost `network` block (NB201's when none is written): its classes and input shape. */
    network: NetworkSpec;
    /** The stem's channels, each stack's channels (`stages`; NAS-Bench-101's [stem, 2 stem, 4 stem] when not written) and the cells per stack. */
    stem: number;
    stacks: number[];
    cellsPerStage: number;
    graph: GraphSpec;
    /** The graph's genotype (adjacency bits, then inner-vertex op indices: engine/space/graph.ts) in the space's. */
    read: (g: Genotype) => Genotype;
}

/** The space's only NB101-style graph (locate-component.ts: directly or through unconditional subspaces). */
export function locateGraph(spec: SpaceSpec, space: FixedLengthSpace): LocatedComponent<GraphSpec> | 'several' | undefined {
    return locateComponent(spec, space, (c): c is GraphSpec => c.kind === 'graph');
}

/**
 * The graph network of a space whose architecture is an NB101-style `graph` (found as the other builders find theirs:
 * locate-component.ts, directly or through unconditional subspaces): NAS-Bench-101's network around it, shaped by the
 * outermost `network` block, which may write `stem`, `stages` (each stack's channels), `cells_per_stage` (cells per
 * stack), `classes`, `input` and `channels` (the registry refuses the others: network-keys.ts). undefined: the space has no graph; a string: why
 * this network cannot be built.
 */
export function graphNetworkOf(spec: SpaceSpec, compiled: FixedLengthSpace): GraphNetwork | string | undefined {
    const found = locateGraph(spec, compiled);
    if (found === undefined) return undefined;
    if (found === 'several') return `space ${spec.name}: has several graphs; a neural evaluator builds networks around exactly one`;
    const network = spec.network ?? found.network ?? NB201_NETWORK_SPEC;
    const frame = frameOf(spec.name, network, 'graph', NB101_FRAME);
    if (typeof frame === 'string') return frame;
    const stacks = network.written?.includes('stages') ? [...network.stages] : NB101_STACKS.map((k) => k * frame.stem);
    return {
        network,
        ...frame,
        stacks,
        graph: found.component,
        read: found.read,
    };
}

/** The skeleton and vertex ops as the builder and the cost model (engine/cost/graph.ts) take them, or why an op cannot be built. */
export function wireGraph(spaceName: string, graph: GraphNetwork): WireGraph | string {
    const ops = graphOps(graph.graph);
    if (typeof ops === 'string') return `space ${spaceName}, graph ${graph.graph.name}: ${ops}`;
    return { kind: 'graph', stem: graph.stem, stacks: graph.stacks, cellsPerStage: graph.cellsPerStage, nodes: graph.graph.maxNodes, ops };
}
