import type { ChainSpec, NetworkSpec, ParamSpec, SpaceSpec } from '../spec.js';
import { locateComponent } from './locate-component.js';
import type { FixedLengthSpace } from './product.js';
import type { Genotype } from './types.js';

/** A space's layer chain and its top-level `width` parameter, found like `locateCell` finds a cell (compile.ts). */
export interface LocatedChain {
    chain: ChainSpec;
    /** The `width` parameter beside the chain (same space), if any. */
    width?: ParamSpec;
    network?: NetworkSpec;
    /** The chain's genotype (layer 0's parameters in declaration order, then layer 1's, ...). */
    readLayers: (g: Genotype) => Genotype;
    /** The width parameter's genotype number. */
    readWidth?: (g: Genotype) => number;
}

/**
 * The space's only layer chain: its own single component, or one component of a product (directly or through an
 * unconditional subspace), with the `width` parameter declared beside it. 'several' when two chains are found.
 */
export function locateChain(spec: SpaceSpec, space: FixedLengthSpace): LocatedChain | 'several' | undefined {
    const found = locateComponent(spec, space, (c): c is ChainSpec => c.kind === 'chain');
    if (found === undefined || found === 'several') return found;
    const located: LocatedChain = { chain: found.component, network: found.network, readLayers: found.read };
    // A width beside a chain found in a subspace applies to it, unless the subspace has its own: the innermost wins.
    for (const { spec: level, part } of [...found.levels].reverse()) {
        // (The last one declared, should a space declare two.)
        const width = level.components.flatMap((c, at) => (c.kind === 'param' && c.name === 'width' && c.when === undefined ? [{ param: c, at }] : [])).at(-1);
        if (part && width) return { ...located, width: width.param, readWidth: (g) => part(g, width.at)[0] };
    }
    return located;
}
