import type { Genotype, SearchSpace } from '../space/types.js';
import { pocketsByComponents, type Pocket } from '../space/shrunk.js';
import type { Reference } from './reference.js';
// shrink.ts imports this file too; only functions cross, so the cycle is harmless.
import { median } from './shrink.js';

/**
 * Whether a kept set is several separate good regions or one blob; definitions and reasons in docs/metrics.md
 * ("Pockets and distinct good regions").
 */
export interface PocketStructure {
    /** Connected components of the kept set at distance <= d. */
    pockets: number;
    /** Smallest, median and largest component (members). */
    sizeMin: number;
    sizeMedian: number;
    sizeMax: number;
    /**
     * Mean over pairs of components of the smallest distance between a member of one and a member of the other;
     * NaN with fewer than 2 components, or above GAP_MEMBER_LIMIT members (the exact scan is quadratic).
     */
    gap: number;
    /** Components of the kept set holding at least one cell of the full space's top 1 % (by report). */
    goodPockets: number;
    /** The full space's top 1 % split into components at distance <= d: the landscape's good regions. */
    topRegions: number;
    /** Those regions with at least one member kept, and their share of topRegions. */
    topRegionsKept: number;
    topRegionShare: number;
}

/** Members up to which the inter-pocket gap is computed exactly (3,000 members: 4.5 M distances, well under a second). */
export const GAP_MEMBER_LIMIT = 3000;

/** Components of `members` at distance <= d and how they sit against the full space's top-1 % regions. */
export function pocketStructure(space: SearchSpace, members: readonly Genotype[], reference: Reference, top1: ReadonlySet<string>, d: number): PocketStructure {
    const components = pocketsByComponents(space, [...members], d);
    const sizes = components.map((c) => c.members.length).sort((a, b) => a - b);
    const keptKeys = new Set(members.map((g) => space.key(g)));
    const topGenotypes = [...top1].flatMap((k) => {
        const e = reference.byKey.get(k);
        return e ? [e.genotype] : [];
    });
    const regions = pocketsByComponents(space, topGenotypes, d);
    const topRegionsKept = regions.filter((r) => r.members.some((g) => keptKeys.has(space.key(g)))).length;
    return {
        pockets: components.length,
        sizeMin: sizes.length ? sizes[0] : NaN,
        sizeMedian: median(sizes),
        sizeMax: sizes.length ? sizes[sizes.length - 1] : NaN,
        gap: meanComponentGap(space, components),
        goodPockets: components.filter((c) => c.members.some((g) => top1.has(space.key(g)))).length,
        topRegions: regions.length,
        topRegionsKept,
        topRegionShare: regions.length === 0 ? NaN : topRegionsKept / regions.length,
    };
}

/** Mean over component pairs of their closest members' distance (exact scan of member pairs). */
export function meanComponentGap(space: SearchSpace, components: readonly Pocket[]): number {
    const c = components.length;
    const n = components.reduce((a, p) => a + p.members.length, 0);
    if (c < 2 || n > GAP_MEMBER_LIMIT) return NaN;
    let sum = 0;
    for (let i = 0; i < c; i++) {
        for (let j = i + 1; j < c; j++) {
            let closest = Infinity;
            for (const a of components[i].members) for (const b of components[j].members) closest = Math.min(closest, space.distance(a, b));
            sum += closest;
        }
    }
    return sum / ((c * (c - 1)) / 2);
}
