/**
 * Kendall's tau-b between two paired samples, with ties in either variable:
 *
 *   tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))
 *
 * where n0 = n(n-1)/2 pairs, C / D the concordant / discordant pairs, n1 = Σ t_i(t_i-1)/2 over groups of tied x,
 * n2 = Σ u_j(u_j-1)/2 over groups of tied y. A pair tied in x or y is neither concordant nor discordant.
 * Knight's O(n log n) algorithm (as SciPy): sort by (x, y), count ties, then count the inversions of y with a
 * merge sort; C - D = n0 - n1 - n2 + n3 - 2·swaps, n3 = pairs tied in both.
 * Returns NaN when undefined (fewer than 2 items, or one variable constant).
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
    const n = x.length;
    if (y.length !== n) throw new Error(`kendallTauB: samples differ in length (${n} vs ${y.length})`);
    if (n < 2) return NaN;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || y[a] - y[b]);
    const xs = order.map((i) => x[i]);
    let ys = order.map((i) => y[i]);
    const n0 = (n * (n - 1)) / 2;
    let n1 = 0;
    let n3 = 0;
    for (let i = 0; i < n; ) {
        let j = i + 1;
        while (j < n && xs[j] === xs[i]) j++;
        const t = j - i;
        n1 += (t * (t - 1)) / 2;
        // Within an x-tie group, ys are sorted: count runs of equal y (joint ties).
        for (let k = i; k < j; ) {
            let m = k + 1;
            while (m < j && ys[m] === ys[k]) m++;
            const u = m - k;
            n3 += (u * (u - 1)) / 2;
            k = m;
        }
        i = j;
    }
    // Bottom-up merge sort of ys counting strict inversions (pairs i<j with ys[i] > ys[j]).
    let swaps = 0;
    let buffer = new Array<number>(n);
    for (let width = 1; width < n; width *= 2) {
        for (let lo = 0; lo < n; lo += 2 * width) {
            const mid = Math.min(lo + width, n);
            const hi = Math.min(lo + 2 * width, n);
            let a = lo;
            let b = mid;
            let k = lo;
            while (a < mid && b < hi) {
                if (ys[a] <= ys[b]) buffer[k++] = ys[a++];
                else {
                    swaps += mid - a;
                    buffer[k++] = ys[b++];
                }
            }
            while (a < mid) buffer[k++] = ys[a++];
            while (b < hi) buffer[k++] = ys[b++];
        }
        [ys, buffer] = [buffer, ys];
    }
    let n2 = 0;
    for (let i = 0; i < n; ) {
        let j = i + 1;
        while (j < n && ys[j] === ys[i]) j++;
        const u = j - i;
        n2 += (u * (u - 1)) / 2;
        i = j;
    }
    const denominator = Math.sqrt((n0 - n1) * (n0 - n2));
    if (denominator === 0) return NaN;
    return (n0 - n1 - n2 + n3 - 2 * swaps) / denominator;
}

/** The O(n²) definition, for tests and tiny samples. */
export function kendallTauBNaive(x: readonly number[], y: readonly number[]): number {
    const n = x.length;
    let concordant = 0;
    let discordant = 0;
    let tiesX = 0;
    let tiesY = 0;
    for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
            const dx = Math.sign(x[i] - x[j]);
            const dy = Math.sign(y[i] - y[j]);
            if (dx === 0) tiesX++;
            if (dy === 0) tiesY++;
            if (dx * dy > 0) concordant++;
            else if (dx * dy < 0) discordant++;
        }
    }
    const n0 = (n * (n - 1)) / 2;
    const denominator = Math.sqrt((n0 - tiesX) * (n0 - tiesY));
    return denominator === 0 ? NaN : (concordant - discordant) / denominator;
}
