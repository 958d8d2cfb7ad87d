import type { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from '../space/types.js';

/**
 * Up to n distinct genotypes (by exact key) drawn uniformly from `space`, in draw order.
 * When the space has at most n members this returns all of them (coupon collecting, bounded below).
 * Draws stop after `50·n + 1000` attempts, so a space whose `size` overstates its valid members cannot hang a run.
 */
export function sampleDistinct(space: SearchSpace, n: number, rng: Rng): Genotype[] {
    const size = typeof space.size === 'bigint' ? space.size : undefined;
    const target = size !== undefined && size < BigInt(n) ? Number(size) : n;
    const seen = new Set<string>();
    const out: Genotype[] = [];
    // Coupon collector: about size·ln(size) draws to see every member of a small space.
    const limit = 50 * n + 1000 + (target < n ? Math.ceil(target * (Math.log(target + 1) + 10)) : 0);
    for (let attempt = 0; out.length < target && attempt < limit; attempt++) {
        const g = space.sample(rng);
        const k = space.key(g);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(g);
    }
    return out;
}
