import { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from '../space/types.js';

export interface Diversity {
    /** Mean structural distance over pairs of distinct members (0 for fewer than 2 members). */
    meanDistance: number;
    /** True when every pair was measured; false when `pairs` random pairs were (fixed seed). */
    exact: boolean;
    pairs: number;
}

/**
 * Mean pairwise distance: exact over all n(n-1)/2 pairs while that is at most `exactPairLimit` (default 500,000,
 * i.e. about 1,000 members); above, the mean over `sampledPairs` (default 200,000) uniformly drawn pairs of distinct
 * members with a fixed seed, so the figure is reproducible (standard error ~ sd/sqrt(200,000), negligible).
 */
export function meanPairwiseDistance(
    space: SearchSpace,
    members: readonly Genotype[],
    options: { exactPairLimit?: number; sampledPairs?: number; seed?: number } = {},
): Diversity {
    const n = members.length;
    if (n < 2) return { meanDistance: 0, exact: true, pairs: 0 };
    const allPairs = (n * (n - 1)) / 2;
    if (allPairs <= (options.exactPairLimit ?? 500_000)) {
        let sum = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sum += space.distance(members[i], members[j]);
        return { meanDistance: sum / allPairs, exact: true, pairs: allPairs };
    }
    const rng = new Rng(options.seed ?? 0);
    const count = options.sampledPairs ?? 200_000;
    let sum = 0;
    for (let k = 0; k < count; k++) {
        const i = rng.int(n);
        let j = rng.int(n - 1);
        if (j >= i) j++;
        sum += space.distance(members[i], members[j]);
    }
    return { meanDistance: sum / count, exact: false, pairs: count };
}
