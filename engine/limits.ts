/**
 * The largest numbers each setting of a space may hold. Beyond them a number is not a search space anyone
 * means (a typo: `nodes 1000`, `cells_per_stage 1e21`, `nodes 1e400`), and the engine's exact counts, cost
 * tables or edge lists would run for hours or exhaust memory. The language validation reports a located
 * error for a number over its limit before anything is computed (dsl/validation/limits.ts), and the engine's
 * entry points (sizes, cost tables) refuse a spec over them with `LimitError` (defence in depth: a spec
 * built by hand or by a future front end gets the same answer). docs/language.md "Limits" lists them.
 */
import type { ComponentSpec, NetworkSpec, SpaceSpec } from './spec.js';

/** Each bound: the largest accepted value and why it is enough. */
export const LIMITS = {
    /** Fixed cells (`nodes N`, input and output included): NB201 uses 4, NB101 7; 32 gives 496 edges. */
    cellNodes: 32,
    /** DARTS-style cells: intermediate nodes (DARTS uses 4). */
    dartsNodes: 16,
    /** DARTS-style cells: cell inputs (DARTS uses 2). */
    dartsInputs: 8,
    /** Graph spaces (`max_nodes`): the adjacency bitmasks of the unique-graph count hold 31 nodes. */
    graphNodes: 31,
    /** Graph spaces (`max_edges`): every edge of a DAG on 31 nodes. */
    graphEdges: (31 * 30) / 2,
    /** Ops of one cell, graph or op set. */
    ops: 1_000,
    /** Layer chains (`layers N`). */
    layers: 1_000,
    /** `cells_per_stage` (NB201 uses 5). */
    cellsPerStage: 1_000,
    /** `stages [..]` and `strides [..]`: how many stages. */
    stages: 64,
    /** Channel counts (`stem`, each stage, `head`, `channels`) and `classes`. */
    width: 1_000_000,
    /** `input` (image side in pixels). */
    inputSize: 100_000,
    /**
     * Bytes of a saved space's file (`shrunk(B, "result.json")`): a shrink result of all 15,625 NAS-Bench-201 cells
     * is about 2 MB; a bigger file is refused before it is read, so the language server never parses a huge file.
     */
    savedSpaceBytes: 32 * 1024 * 1024,
} as const;

/** A spec whose numbers are beyond `LIMITS`: nothing was computed. */
export class LimitError extends RangeError {
    constructor(message: string) {
        super(message);
        this.name = 'LimitError';
    }
}

/** `what` is over `max` (or not a finite number): the sentence to show, else undefined. */
export function overLimit(what: string, value: number | undefined, max: number): string | undefined {
    // undefined: no number was written (a syntax error says so).
    if (value === undefined || (Number.isFinite(value) && value <= max)) return undefined;
    const shown = Number.isFinite(value) ? `${what} ${value}` : `${what} (a number too large to represent)`;
    return `${shown} is over the limit of ${max}: write at most ${max} (docs/language.md "Limits")`;
}

/** The first limit a network skeleton breaks, if any. */
export function networkLimitProblem(network: NetworkSpec): string | undefined {
    return (
        overLimit('cells_per_stage', network.cellsPerStage, LIMITS.cellsPerStage) ??
        overLimit('number of stages', network.stages.length, LIMITS.stages) ??
        overLimit('stem', network.stem, LIMITS.width) ??
        overLimit('head', network.head, LIMITS.width) ??
        overLimit('number of strides', network.strides?.length, LIMITS.stages) ??
        network.stages.map((width) => overLimit('stage width', width, LIMITS.width)).find(Boolean) ??
        overLimit('classes', network.classes, LIMITS.width) ??
        overLimit('channels', network.inputChannels, LIMITS.width) ??
        overLimit('input', network.inputSize, LIMITS.inputSize)
    );
}

/** The first limit a component breaks, if any (sub-spaces are followed). */
export function componentLimitProblem(component: ComponentSpec): string | undefined {
    switch (component.kind) {
        case 'cell':
            return overLimit('nodes', component.nodes, LIMITS.cellNodes) ?? overLimit('number of ops', component.ops.length, LIMITS.ops) ?? edgeProblem(component.nodes, component.edges);
        case 'darts':
            return (
                overLimit('nodes', component.nodes, LIMITS.dartsNodes) ??
                overLimit('inputs', component.inputs, LIMITS.dartsInputs) ??
                overLimit('pick', component.pick, LIMITS.dartsInputs) ??
                overLimit('number of ops', component.ops.length, LIMITS.ops)
            );
        case 'graph':
            return (
                overLimit('max_nodes', component.maxNodes, LIMITS.graphNodes) ??
                overLimit('max_edges', component.maxEdges, LIMITS.graphEdges) ??
                overLimit('number of ops', component.ops.length, LIMITS.ops)
            );
        case 'chain':
            return overLimit('layers', component.layers, LIMITS.layers);
        case 'param':
            return undefined;
        case 'subspace':
            return spaceLimitProblem(component.space);
    }
}

/** The first limit a space breaks, if any. */
export function spaceLimitProblem(space: SpaceSpec): string | undefined {
    if (space.network) {
        const problem = networkLimitProblem(space.network);
        if (problem) return problem;
    }
    for (const component of space.components) {
        const problem = componentLimitProblem(component);
        if (problem) return `${component.name}: ${problem}`;
    }
    return undefined;
}

/** Throws `LimitError` when the space breaks a limit (the engine's entry points call it first). */
export function assertWithinLimits(space: SpaceSpec): void {
    const problem = spaceLimitProblem(space);
    if (problem) throw new LimitError(`space '${space.name}': ${problem}`);
}

/** An edge that does not go forward between two of the cell's nodes (the engine indexes arrays by node). */
function edgeProblem(nodes: number, edges: ReadonlyArray<readonly [number, number]>): string | undefined {
    const bad = edges.find(([from, to]) => !(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to < nodes));
    return bad ? `edge ${bad[0]} -> ${bad[1]} is not a forward edge between nodes 0..${nodes - 1}` : undefined;
}
