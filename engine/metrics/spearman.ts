/** 0-based ranks in the input's order; tied values share the mean of their positions. */
export function ranks(xs: readonly number[]): number[] {
    const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(xs.length);
    for (let i = 0; i < order.length; ) {
        let j = i;
        while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
        for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
        i = j + 1;
    }
    return r;
}

/**
 * Spearman's rho: Pearson's correlation of the average ranks (so ties are handled as SciPy's spearmanr does).
 * NaN when undefined (one sample constant). -Infinity sorts below every number, so a failed evaluation recorded
 * as -Infinity ranks last.
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
    if (x.length !== y.length) throw new Error(`spearman: samples differ in length (${x.length} vs ${y.length})`);
    const a = ranks(x);
    const b = ranks(y);
    const mean = (v: number[]) => v.reduce((s, t) => s + t, 0) / v.length;
    const ma = mean(a);
    const mb = mean(b);
    let num = 0;
    let da = 0;
    let db = 0;
    for (let i = 0; i < a.length; i++) {
        num += (a[i] - ma) * (b[i] - mb);
        da += (a[i] - ma) ** 2;
        db += (b[i] - mb) ** 2;
    }
    return num / Math.sqrt(da * db);
}
