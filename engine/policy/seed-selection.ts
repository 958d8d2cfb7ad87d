import type { Genotype } from '../space/types.js';

/**
 * Seeds from a ranking (best first): without `apart`, the first k. With `apart` d, a greedy walk down the ranking
 * that takes a candidate only when its distance to every seed already taken is >= d, until k are taken. When fewer
 * than k candidates qualify, fewer seeds come back (the rule is a minimum separation, and topping up with close
 * candidates would rebuild the one blob it is meant to break up). The best candidate is always a seed.
 */
export function chooseSeeds<T extends { genotype: Genotype }>(ranked: readonly T[], k: number, apart: number | undefined, distance: (a: Genotype, b: Genotype) => number): T[] {
    if (apart === undefined) return ranked.slice(0, k);
    const chosen: T[] = [];
    for (const candidate of ranked) {
        if (chosen.length >= k) break;
        // 1e-9: the same tolerance as neighbourhoods (continuous spaces' distances are floating point).
        if (chosen.every((s) => distance(s.genotype, candidate.genotype) >= apart - 1e-9)) chosen.push(candidate);
    }
    return chosen;
}
