import type { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from './types.js';

/**
 * The `k` valid genotypes nearest to `g` in `space` (by `space.distance`), without `g`; fewer when the space holds
 * fewer. Works for every space kind through the one interface: it widens the exact ball `space.neighbors(g, d)`,
 * d = 1, 2, ..., until the ball holds at least k genotypes, then keeps the k closest. Every genotype closer than
 * the k-th is inside that ball, so the result is exact; genotypes tied at the k-th distance are chosen by `rng`
 * (a shuffle before a stable sort by distance), not by key order, which would favour low op indices.
 *
 * A radius that adds nothing doubles the next one, so sparse spaces (a shrunk space whose pockets lie far apart)
 * are crossed in a few calls; the widening stops when the ball holds every other member of a finite space, or at
 * radius 2^16 (nothing more to reach: a one-value parameter, an isolated member). Radii are integers because every
 * kind's `neighbors` takes one; a kind with fractional distances (continuous parameters measured in steps) still gets
 * the exact nearest, from the first integer radius that holds k. The result is as exact as the kind's ball: a
 * conditional product's `neighbors(g, d)` is a walk that can miss genotypes closer than d (docs/lissnas.md).
 */
export function nearestNeighbors(space: SearchSpace, g: Genotype, k: number, rng: Rng): Genotype[] {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`nearest neighbours: k must be a whole number >= 1, got ${k}`);
    const others = typeof space.size === 'bigint' ? Number(space.size) - 1 : Infinity;
    let ball: Genotype[] = [];
    for (let d = 1; ; ) {
        const wider = space.neighbors(g, d);
        const grew = wider.length > ball.length;
        ball = wider;
        if (ball.length >= k || ball.length >= others || d >= MAX_RADIUS) break;
        d = grew ? d + 1 : d * 2;
    }
    if (ball.length <= k) return ball;
    const distances = new Map<Genotype, number>(ball.map((x) => [x, space.distance(g, x)]));
    return rng.shuffle(ball).sort((a, b) => distances.get(a)! - distances.get(b)!).slice(0, k);
}

const MAX_RADIUS = 2 ** 16;
