import type { Genotype } from './types.js';

/**
 * All genotypes at distance 1..d from `g`, found by breadth-first search over one-step moves.
 *
 * Every space kind defines its one-step moves (`step`) so that its distance is (at most) the length of the
 * shortest path of moves; BFS to depth d therefore reaches every valid genotype within distance d, and the final
 * `distance <= d` filter drops anything a move reached that the metric puts farther away (possible when a
 * kind's distance is not exactly the path metric, e.g. graph spaces; see docs/lissnas.md).
 * The result is ordered by BFS layer, then by move order: deterministic for a given g.
 */
export function neighbourhood(
    g: Genotype,
    d: number,
    step: (x: Genotype) => Genotype[],
    key: (x: Genotype) => string,
    distance: (a: Genotype, b: Genotype) => number,
): Genotype[] {
    if (!Number.isInteger(d) || d < 0) throw new RangeError(`neighbours: d must be a non-negative integer, got ${d}`);
    const seen = new Set<string>([key(g)]);
    const out: Genotype[] = [];
    let frontier: Genotype[] = [g];
    for (let depth = 1; depth <= d && frontier.length > 0; depth++) {
        const next: Genotype[] = [];
        for (const x of frontier) {
            for (const y of step(x)) {
                const k = key(y);
                if (seen.has(k)) continue;
                seen.add(k);
                next.push(y);
            }
        }
        // The tolerance absorbs float noise of continuous steps (k steps of 5% may measure k + 1e-15).
        for (const y of next) if (distance(g, y) <= d + 1e-9) out.push(y);
        frontier = next;
    }
    return out;
}

/** Exact key of a flat genotype: numbers joined by commas (NaN and -1 sentinels print as themselves). */
export function flatKey(g: Genotype): string {
    return g.join(',');
}

/**
 * All vectors that differ from `g` in 1..d positions, each changed position taking one of its alternatives
 * (`alternatives(position, current)`, never the current value), kept when `valid` says so: the exact Hamming
 * ball of a space whose distance is the number of differing positions, even where the valid set is not
 * connected by single moves (graph spaces at their edge limit).
 */
export function hammingBall(
    g: Genotype,
    d: number,
    alternatives: (position: number, current: number) => number[],
    valid: (x: Genotype) => boolean,
): Genotype[] {
    const out: Genotype[] = [];
    const x = g.slice();
    const rec = (from: number, left: number): void => {
        for (let p = from; p < g.length; p++) {
            for (const v of alternatives(p, g[p])) {
                x[p] = v;
                if (valid(x)) out.push(x.slice());
                if (left > 1) rec(p + 1, left - 1);
            }
            x[p] = g[p];
        }
    };
    if (d >= 1) rec(0, d);
    return out;
}
