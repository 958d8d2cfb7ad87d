import type { WireDarts } from '../../protocol/neural-worker.js';
import { dartsCell } from '../cost/darts.js';
import type { ComponentSpec, DartsCellSpec, NetworkSpec, SpaceSpec } from '../spec.js';
import { locateComponents } from './locate-component.js';
import { NB201_NETWORK_SPEC } from './nb201.js';
import { frameOf } from './network-keys.js';
import type { FixedLengthSpace } from './product.js';
import type { Genotype } from './types.js';

/**
 * The DARTS search network's skeleton (Liu et al. 2019, the 8-cell network DARTS searches with: C = 16, two normal
 * cells per stage), the default around DARTS cells: proxies and short training need small networks. The evaluation
 * network of the paper is `stem 36; cells_per_stage 6` (20 cells, 3.3M parameters with DARTS's cells).
 */
export const DARTS_SEARCH_FRAME = { stem: 16, cellsPerStage: 2 } as const;

/** A space's DARTS cells as a DARTS network uses them. */
export interface LocatedDarts {
    normal: DartsCellSpec;
    /** The second DARTS cell of the space; the normal cell itself when the space has one only. */
    reduce: DartsCellSpec;
    /** The outermost `network` on the way down. */
    network?: NetworkSpec;
    /** The normal cell's genotype, then the reduction cell's (the normal one's twice when it stands for both). */
    read: (g: Genotype) => Genotype;
}

/**
 * The DARTS cells of a space, found as the other builders find theirs (locate-component.ts: directly or through
 * unconditional subspaces, in declaration order): with two, the first is the normal cell and the second the reduction
 * cell (examples/tour.nas spells it `cell reduce = normal`); with one, it is both. undefined when the space has none;
 * a string saying why when it has more than two, or when its DARTS cells are only in conditional subspaces.
 */
export function locateDarts(spec: SpaceSpec, space: FixedLengthSpace): LocatedDarts | string | undefined {
    const hits = locateComponents(spec, space, (c): c is DartsCellSpec => c.kind === 'darts');
    if (hits.length === 0) {
        return holdsDarts(spec.components)
            ? `space ${spec.name}: its DARTS cells are in a conditional subspace; a DARTS network is built from cells every architecture of the space has`
            : undefined;
    }
    if (hits.length > 2) {
        const names = hits.map((h) => h.component.name).join(', ');
        return `space ${spec.name}: has ${hits.length} DARTS cells (${names}); a DARTS network takes one normal cell and one reduction cell (the first and the second declared), or one cell for both`;
    }
    const [normal, reduce = normal] = hits;
    return { normal: normal.component, reduce: reduce.component, network: normal.network ?? reduce.network, read: (g) => [...normal.read(g), ...reduce.read(g)] };
}

function holdsDarts(components: readonly ComponentSpec[]): boolean {
    return components.some((c) => c.kind === 'darts' || (c.kind === 'subspace' && holdsDarts(c.space.components)));
}

/** A DARTS network as its builder takes it: the cells, the skeleton resolved, and the builder's genotype. */
export interface DartsNetwork {
    /** The outermost `network` block (NB201's when none is written): its classes and input shape. */
    network: NetworkSpec;
    /** C, the first stage's channels per node, and the normal cells per stage (DARTS_SEARCH_FRAME's when not written). */
    stem: number;
    cellsPerStage: number;
    normal: DartsCellSpec;
    reduce: DartsCellSpec;
    read: (g: Genotype) => Genotype;
}

/**
 * The DARTS network of a space whose architecture is DARTS cells (locateDarts): the skeleton of the outermost `network`
 * block, which may write `stem` (C), `cells_per_stage`, `classes`, `input` and `channels` (the registry refuses the
 * others: network-keys.ts). Every cell needs `inputs 2`: its inputs are the outputs of the two cells before it.
 * undefined: the space has no DARTS cell; a string: why this network cannot be built.
 */
export function dartsNetworkOf(spec: SpaceSpec, compiled: FixedLengthSpace): DartsNetwork | string | undefined {
    const found = locateDarts(spec, compiled);
    if (found === undefined || typeof found === 'string') return found;
    for (const cell of [found.normal, found.reduce]) {
        if (cell.inputs !== 2) return `space ${spec.name}, cell ${cell.name}: a DARTS network feeds each cell the outputs of the two cells before it, so its cells need inputs 2 (this one has ${cell.inputs})`;
    }
    const network = spec.network ?? found.network ?? NB201_NETWORK_SPEC;
    const frame = frameOf(spec.name, network, 'darts', DARTS_SEARCH_FRAME);
    if (typeof frame === 'string') return frame;
    return {
        network,
        ...frame,
        normal: found.normal,
        reduce: found.reduce,
        read: found.read,
    };
}

/** The skeleton and cells as the builders and the cost model (engine/cost/darts.ts) take them, or why an op cannot be built. */
export function wireDarts(spaceName: string, darts: DartsNetwork): WireDarts | string {
    const normal = dartsCell(darts.normal);
    if (typeof normal === 'string') return `space ${spaceName}, cell ${darts.normal.name}: ${normal}`;
    const reduce = dartsCell(darts.reduce);
    if (typeof reduce === 'string') return `space ${spaceName}, cell ${darts.reduce.name}: ${reduce}`;
    return { kind: 'darts', stem: darts.stem, cellsPerStage: darts.cellsPerStage, normal, reduce };
}
