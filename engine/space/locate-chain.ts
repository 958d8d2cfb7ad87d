import type { ChainSpec, NetworkSpec, ParamSpec, SpaceSpec } from '../spec.js';
import { ConstrainedSpace } from './constrained.js';
import type { FixedLengthSpace, ProductSpace } from './product.js';
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
    const single = spec.components.length === 1 ? spec.components[0] : undefined;
    if (single?.kind === 'chain') return { chain: single, network: spec.network, readLayers: (g) => g };
    if (single?.kind === 'subspace' && single.when === undefined) {
        const inner = locateChain(single.space, space);
        return inner === undefined || inner === 'several' ? inner : { ...inner, network: spec.network ?? inner.network };
    }
    if (single) return undefined;
    let base: FixedLengthSpace = space;
    while (base instanceof ConstrainedSpace) base = base.base;
    const product = base as ProductSpace;
    const hits: LocatedChain[] = [];
    let width: { param: ParamSpec; index: number } | undefined;
    let several = false;
    spec.components.forEach((c, i) => {
        if (c.kind === 'chain') hits.push({ chain: c, network: spec.network, readLayers: (g) => product.slice(g, i) });
        else if (c.kind === 'param' && c.name === 'width' && c.when === undefined) width = { param: c, index: i };
        else if (c.kind === 'subspace' && c.when === undefined) {
            const inner = locateChain(c.space, product.parts[i].space);
            if (inner === 'several') several = true;
            else if (inner) {
                hits.push({
                    ...inner,
                    network: spec.network ?? inner.network,
                    readLayers: (g) => inner.readLayers(product.slice(g, i)),
                    readWidth: inner.readWidth && ((g) => inner.readWidth!(product.slice(g, i))),
                });
            }
        }
    });
    if (several || hits.length > 1) return 'several';
    const hit = hits[0];
    if (!hit) return undefined;
    // A width beside a chain found in a subspace applies to it, unless the subspace has its own.
    if (width && !hit.width) {
        const at = width.index;
        return { ...hit, width: width.param, readWidth: (g) => product.slice(g, at)[0] };
    }
    return hit;
}
