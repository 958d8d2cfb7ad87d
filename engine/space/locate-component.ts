import type { ComponentSpec, NetworkSpec, SpaceSpec } from '../spec.js';
import { ConstrainedSpace } from './constrained.js';
import type { FixedLengthSpace, ProductSpace } from './product.js';
import type { Genotype } from './types.js';

/** One space on the way from the walked space down to the component found. */
export interface LocatedLevel {
    spec: SpaceSpec;
    /**
     * Component `i` of this space inside a genotype of the walked space. Absent where the space is its one
     * architecture component itself (compileSpace made no product): nothing stands beside that component.
     */
    part?: (g: Genotype, i: number) => Genotype;
}

export interface LocatedComponent<C extends ComponentSpec> {
    component: C;
    /** The outermost `network` on the way down (the walked space's own first). */
    network?: NetworkSpec;
    /** The component's genotype inside a genotype of the walked space. */
    read: (g: Genotype) => Genotype;
    /** The walked space, then each unconditional subspace down to the one holding the component. */
    levels: LocatedLevel[];
}

/**
 * The space's only component that `is` recognises (locateComponents): 'several' when two are found; undefined when
 * none. The cost model (compile.ts `locateCell`), chain constraints and the neural plan (locate-chain.ts) all find
 * what they measure or build this way.
 */
export function locateComponent<C extends ComponentSpec>(
    spec: SpaceSpec,
    space: FixedLengthSpace,
    is: (c: ComponentSpec) => c is C,
): LocatedComponent<C> | 'several' | undefined {
    const hits = locateComponents(spec, space, is);
    return hits.length > 1 ? 'several' : hits[0];
}

/**
 * Every component of the space that `is` recognises, in declaration order, found as compileSpace laid the space out:
 * the space's own single architecture component (then the space's genotype is the component's), or factors of its
 * product, directly or through unconditional subspaces (a conditional one is not always there, so it is not looked
 * in). A DARTS network takes its normal and reduction cells this way (locate-darts.ts).
 */
export function locateComponents<C extends ComponentSpec>(spec: SpaceSpec, space: FixedLengthSpace, is: (c: ComponentSpec) => c is C): Array<LocatedComponent<C>> {
    const single = spec.components.length === 1 ? spec.components[0] : undefined;
    if (single && isArchitecture(single)) {
        const here: LocatedLevel = { spec };
        if (is(single)) return [{ component: single, network: spec.network, read: (g) => g, levels: [here] }];
        if (single.kind !== 'subspace') return [];
        // The subspace is the space itself: same genotype, so its levels read the walked space's unchanged.
        return locateComponents(single.space, space, is).map((inner) => ({ ...inner, network: spec.network ?? inner.network, levels: [here, ...inner.levels] }));
    }
    let base: FixedLengthSpace = space;
    while (base instanceof ConstrainedSpace) base = base.base;
    const product = base as ProductSpace;
    const here: LocatedLevel = { spec, part: (g, i) => product.slice(g, i) };
    const hits: Array<LocatedComponent<C>> = [];
    spec.components.forEach((c, i) => {
        if (is(c)) hits.push({ component: c, network: spec.network, read: (g) => product.slice(g, i), levels: [here] });
        else if (c.kind === 'subspace' && c.when === undefined) {
            const outer = (g: Genotype): Genotype => product.slice(g, i);
            for (const inner of locateComponents(c.space, product.parts[i].space, is)) {
                hits.push({
                    component: inner.component,
                    network: spec.network ?? inner.network,
                    read: (g) => inner.read(outer(g)),
                    levels: [here, ...inner.levels.map(({ spec, part }) => ({ spec, part: part && ((g: Genotype, j: number) => part(outer(g), j)) }))],
                });
            }
        }
    });
    return hits;
}

/** The components compileSpace lets stand for a whole space when alone in it (no product around them). */
export function isArchitecture(c: ComponentSpec): boolean {
    return c.kind === 'cell' || c.kind === 'darts' || c.kind === 'graph' || c.kind === 'chain' || (c.kind === 'subspace' && c.when === undefined);
}
