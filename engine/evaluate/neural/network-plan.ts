import type { WireCell, WireChain, WireDarts, WireGraph, WireNetwork, WireOp } from '../../../protocol/neural-worker.js';
import { wireOp } from '../../cost/ops.js';
import { chainNetworkOf } from '../../space/chain-network.js';
import { locateCell } from '../../space/compile.js';
import { dartsNetworkOf, wireDarts } from '../../space/locate-darts.js';
import { graphNetworkOf, wireGraph } from '../../space/locate-graph.js';
import { NB201_NETWORK_SPEC } from '../../space/nb201.js';
import { networkKeyProblems } from '../../space/network-keys.js';
import type { FixedLengthSpace } from '../../space/product.js';
import type { Genotype, SearchSpace } from '../../space/types.js';
import type { NetworkSpec, SpaceSpec } from '../../spec.js';

/**
 * What a neural back-end needs to build the network of a genotype: the skeleton and the cell, the chain network
 * (engine/space/chain-network.ts), the DARTS network (engine/space/locate-darts.ts) or the NB101 graph network
 * (engine/space/locate-graph.ts), and `read`: the genotype the builder takes (the cell's op vector; the chain's
 * per-layer choice indices; the normal then the reduction DARTS cell's genotype; the graph's) inside a genotype of the space.
 */
export type NetworkPlan = CellPlan | ChainPlan | DartsPlan | GraphPlan;

export interface CellPlan {
    kind: 'cell';
    network: WireNetwork;
    cell: WireCell;
    read: (g: Genotype) => Genotype;
}

export interface ChainPlan {
    kind: 'chain';
    /** The classes and input shape (its cell keys are not used by a chain). */
    network: WireNetwork;
    chain: WireChain;
    read: (g: Genotype) => Genotype;
}

export interface DartsPlan {
    kind: 'darts';
    /** The classes and input shape (its cell keys are not used: `darts` holds the skeleton). */
    network: WireNetwork;
    darts: WireDarts;
    read: (g: Genotype) => Genotype;
}

export interface GraphPlan {
    kind: 'graph';
    /** The classes and input shape (its cell keys are not used: `graph` holds the skeleton). */
    network: WireNetwork;
    graph: WireGraph;
    read: (g: Genotype) => Genotype;
}

/** What a request carries to name the network to build (protocol/neural-worker.ts: exactly one of the four). */
export function planArchitecture(plan: NetworkPlan): { cell: WireCell } | { chain: WireChain } | { darts: WireDarts } | { graph: WireGraph } {
    if (plan.kind === 'cell') return { cell: plan.cell };
    if (plan.kind === 'graph') return { graph: plan.graph };
    return plan.kind === 'chain' ? { chain: plan.chain } : { darts: plan.darts };
}

/**
 * The plan of a space, found like the cost model finds it for constraints (engine/space/compile.ts `locateCell`):
 * the space's only NB201-style `cell` (directly or through unconditional subspaces) in the outermost `network`
 * skeleton (NB201's CIFAR-10 one when none is written); else the space's only layer chain (engine/space/chain-network.ts);
 * else its DARTS cells (engine/space/locate-darts.ts: the first the normal cell, the second the reduction cell); else its
 * NB101-style graph (engine/space/locate-graph.ts). A space with none of them has no network: the answer says so (a
 * string), and the evaluator refuses the run with it.
 */
export function networkPlan(spec: SpaceSpec, compiled: FixedLengthSpace): NetworkPlan | string {
    const found = locateCell(spec, compiled);
    if (found === 'several') return `space ${spec.name}: has several cells; a neural evaluator builds networks around exactly one NB201-style cell`;
    if (found === undefined) {
        const chain = chainNetworkOf(spec, compiled);
        if (typeof chain === 'string') return chain;
        if (chain !== undefined) return { kind: 'chain', network: wireNetwork(chain.network), chain: { kind: 'chain', ...chain.chain }, read: chain.read };
        const darts = dartsNetworkOf(spec, compiled);
        if (typeof darts === 'string') return darts;
        if (darts !== undefined) {
            const wire = wireDarts(spec.name, darts);
            if (typeof wire === 'string') return wire;
            return { kind: 'darts', network: wireNetwork(darts.network), darts: wire, read: darts.read };
        }
        const graph = graphNetworkOf(spec, compiled);
        if (typeof graph === 'string') return graph;
        if (graph !== undefined) {
            const wire = wireGraph(spec.name, graph);
            if (typeof wire === 'string') return wire;
            return { kind: 'graph', network: wireNetwork(graph.network), graph: wire, read: graph.read };
        }
        const kinds = [...new Set(spec.components.map((c) => c.kind))].join(', ');
        return `space ${spec.name}: neural evaluators build networks around one NB201-style cell, layer chain, pair of DARTS cells or NB101-style graph, directly in the space or in an unconditional subspace (this space has: ${kinds})`;
    }
    const ops: WireOp[] = [];
    for (const op of found.cell.ops) {
        const w = wireOp(op);
        if (typeof w === 'string') return `space ${spec.name}: ${w}`;
        ops.push(w);
    }
    const n = spec.network ?? found.network ?? NB201_NETWORK_SPEC;
    const refused = networkKeyProblems(n, 'cell')[0];
    if (refused) return `space ${spec.name}: network: ${refused.message}`;
    return {
        kind: 'cell',
        network: wireNetwork(n),
        cell: { nodes: found.cell.nodes, edges: found.cell.edges.map(([a, b]) => [a, b] as [number, number]), ops },
        read: found.read,
    };
}

/** Where a run records which spec each compiled space came from (a Map in a session, a WeakMap in a study). */
export interface CompiledSpecs {
    get(space: SearchSpace): SpaceSpec | undefined;
}

/**
 * The compiled space `space` was built on and its spec: the space itself when compiled from a spec, else the first
 * of its `base` chain that was (a shrunk space is made of a compiled one's genotypes); undefined when none.
 */
export function compiledRoot(specs: CompiledSpecs, space: SearchSpace): { space: FixedLengthSpace; spec: SpaceSpec } | undefined {
    for (let s: SearchSpace | undefined = space; s; s = (s as SearchSpace & { base?: SearchSpace }).base) {
        const spec = specs.get(s);
        if (spec) return { space: s as FixedLengthSpace, spec };
    }
    return undefined;
}

/** The network plan of a compiled space, or of a shrunk space built on one. */
export function planOfCompiled(specs: CompiledSpecs, space: SearchSpace): NetworkPlan | string {
    const root = compiledRoot(specs, space);
    if (!root) return `space ${space.name} was not compiled by this run`;
    return networkPlan(root.spec, root.space);
}

/** engine/spec.ts's NetworkSpec as the wire restates it. */
export function wireNetwork(n: NetworkSpec): WireNetwork {
    return { stem: n.stem, stages: [...n.stages], cellsPerStage: n.cellsPerStage, reduction: n.reduction, classes: n.classes, inputSize: n.inputSize, inputChannels: n.inputChannels };
}
