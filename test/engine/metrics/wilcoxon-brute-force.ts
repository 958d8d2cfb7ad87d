// The exact two-sided Wilcoxon signed-rank p-value by brute force, for checking engine/metrics/paired.ts (and the
// tables built on it) without its dynamic programme: list all 2^n sign patterns of the midranks of |d|.

/** Two-sided exact p by listing all 2^n sign patterns of the midranks of |d| (zeros dropped). O(n²) ranks. */
export function bruteForceWilcoxonP(differences: number[]): number {
    const d = differences.filter((x) => x !== 0);
    const abs = d.map(Math.abs);
    const rank = abs.map((a) => abs.filter((b) => b < a).length + (abs.filter((b) => b === a).length + 1) / 2);
    const observed = d.reduce((s, x, i) => s + (x > 0 ? rank[i] : 0), 0);
    let below = 0;
    let above = 0;
    for (let mask = 0; mask < 2 ** d.length; mask++) {
        let w = 0;
        for (let i = 0; i < d.length; i++) if (mask & (1 << i)) w += rank[i];
        if (w <= observed + 1e-12) below++;
        if (w >= observed - 1e-12) above++;
    }
    return Math.min(1, (2 * Math.min(below, above)) / 2 ** d.length);
}
