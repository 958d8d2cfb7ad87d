/**
 * Paired comparisons of two methods run on the same seeds: the per-seed difference a − b, a Wilcoxon signed-rank
 * test, a percentile bootstrap interval of the mean difference, and wins / ties / losses. docs/metrics.md
 * ("Paired comparisons") gives the definitions and why each choice was made.
 */
import { Rng } from '../rng.js';

/**
 * Two differences closer than this (in absolute value) are one: a difference this small is a tie (zero), and two
 * |differences| this close share a rank. NB201 values repeat exactly, so their ties are exact zeros; the tolerance
 * only absorbs floating-point noise of a subtraction (93.5 − 93.37 is not exactly 0.13).
 */
export const TIE_TOLERANCE = 1e-9;

/** Up to this many non-zero differences the p-value is exact (2^50 sign patterns still count exactly in a double). */
export const EXACT_MAX_N = 50;

export interface WilcoxonResult {
    /** Non-zero differences used (zeros are dropped: Wilcoxon's original treatment). */
    n: number;
    /** Zeros dropped. */
    zeros: number;
    /** Sum of the ranks of the positive differences (average ranks for tied |d|). */
    wPlus: number;
    /** Sum of the ranks of the negative differences; wPlus + wMinus = n(n+1)/2. */
    wMinus: number;
    /** Two-sided p-value; 1 when n = 0 (no evidence either way). */
    p: number;
    method: 'exact' | 'normal';
    /** The normal approximation's z (continuity-corrected, tie-corrected variance); absent for the exact method. */
    z?: number;
}

/** Average ranks (1-based) of `values`, tied within `tolerance` of the first of their run in sorted order. */
export function averageRanks(values: readonly number[], tolerance = TIE_TOLERANCE): { ranks: number[]; tieSizes: number[] } {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const ranks = new Array<number>(values.length);
    const tieSizes: number[] = [];
    for (let i = 0; i < order.length; ) {
        let j = i + 1;
        while (j < order.length && values[order[j]] - values[order[i]] <= tolerance) j++;
        const rank = (i + 1 + j) / 2; // mean of ranks i+1 .. j
        for (let k = i; k < j; k++) ranks[order[k]] = rank;
        tieSizes.push(j - i);
        i = j;
    }
    return { ranks, tieSizes };
}

/**
 * Wilcoxon signed-rank test of "the differences are symmetric about 0", two-sided.
 * Zeros (|d| ≤ tolerance) are dropped; the others are ranked by |d| with average ranks for ties.
 * Exact (n ≤ EXACT_MAX_N, or `method: 'exact'`): the permutation distribution of W+ over the 2^n sign patterns of
 * the actual ranks, counted by dynamic programming on doubled ranks (average ranks are multiples of 1/2), so ties
 * are handled exactly too; p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))).
 * Normal (above): W+ ~ N(n(n+1)/4, n(n+1)(2n+1)/24 − Σ(t³ − t)/48) over the tie groups t, with continuity
 * correction 1/2 (`continuity: false` leaves it out, as SciPy's default): z = max(0, |W+ − mean| − 1/2) / sd,
 * p = 2·(1 − Φ(z)).
 */
export function wilcoxonSignedRank(
    differences: readonly number[],
    options: { method?: 'auto' | 'exact' | 'normal'; tolerance?: number; continuity?: boolean } = {},
): WilcoxonResult {
    const tolerance = options.tolerance ?? TIE_TOLERANCE;
    const finite = differences.filter((d) => Number.isFinite(d));
    if (finite.length !== differences.length) throw new Error('wilcoxonSignedRank: a difference is not a finite number');
    const nonzero = finite.filter((d) => Math.abs(d) > tolerance);
    const n = nonzero.length;
    const zeros = finite.length - n;
    const { ranks, tieSizes } = averageRanks(nonzero.map(Math.abs), tolerance);
    let wPlus = 0;
    nonzero.forEach((d, i) => {
        if (d > 0) wPlus += ranks[i];
    });
    const wMinus = (n * (n + 1)) / 2 - wPlus;
    if (n === 0) return { n, zeros, wPlus: 0, wMinus: 0, p: 1, method: 'exact' };
    const method = options.method === 'exact' || options.method === 'normal' ? options.method : n <= EXACT_MAX_N ? 'exact' : 'normal';
    if (method === 'exact') {
        if (n > EXACT_MAX_N) throw new Error(`wilcoxonSignedRank: exact p-values need n ≤ ${EXACT_MAX_N} (got ${n})`);
        return { n, zeros, wPlus, wMinus, p: exactTwoSided(ranks, wPlus), method };
    }
    const mean = (n * (n + 1)) / 4;
    const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSizes.reduce((a, t) => a + (t ** 3 - t), 0) / 48;
    if (variance <= 0) return { n, zeros, wPlus, wMinus, p: 1, method, z: 0 };
    const z = Math.max(0, Math.abs(wPlus - mean) - (options.continuity === false ? 0 : 0.5)) / Math.sqrt(variance);
    return { n, zeros, wPlus, wMinus, p: Math.min(1, erfc(z / Math.SQRT2)), method, z };
}

/** Two-sided exact p of W+ = w given the ranks: counts of sign patterns per (doubled) sum. */
function exactTwoSided(ranks: readonly number[], wPlus: number): number {
    const doubled = ranks.map((r) => Math.round(2 * r));
    const total = doubled.reduce((a, b) => a + b, 0);
    // counts[s] = number of subsets of the ranks (the positives) whose doubled sum is s.
    let counts = new Float64Array(total + 1);
    counts[0] = 1;
    let reach = 0;
    for (const r of doubled) {
        const next = counts.slice();
        for (let s = 0; s <= reach; s++) if (counts[s] > 0) next[s + r] += counts[s];
        counts = next;
        reach += r;
    }
    const w = Math.round(2 * wPlus);
    let below = 0;
    let above = 0;
    for (let s = 0; s <= total; s++) {
        if (s <= w) below += counts[s];
        if (s >= w) above += counts[s];
    }
    const patterns = 2 ** ranks.length;
    return Math.min(1, (2 * Math.min(below, above)) / patterns);
}

/**
 * Complementary error function: W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969), relative
 * error below 1e-15 in double precision; used for the normal tail 1 − Φ(z) = erfc(z/√2)/2.
 */
export function erfc(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x < 0) return 2 - erfc(-x);
    if (x < 0.5) return 1 - erfSmall(x);
    if (x < 4) {
        const p = [3.004592610201616005e2, 4.519189537118729422e2, 3.393208167343436870e2, 1.529892850469404039e2, 4.316222722205673530e1, 7.211758250883093659, 5.641955174789739711e-1, -1.368648573827167067e-7];
        const q = [3.004592609569832933e2, 7.909509253278980272e2, 9.313540948506096211e2, 6.389802644656311665e2, 2.775854447439876434e2, 7.700015293522947295e1, 1.278272731962942351e1, 1];
        return Math.exp(-x * x) * (horner(p, x) / horner(q, x));
    }
    if (x > 27) return 0;
    const p = [-2.99610707703542174e-3, -4.94730910623250734e-2, -2.26956593539686930e-1, -2.78661308609647788e-1, -2.23192459734184686e-2];
    const q = [1.06209230528467918e-2, 1.91308926107829841e-1, 1.05167510706793207, 1.98733201817135256, 1];
    const z = 1 / (x * x);
    return (Math.exp(-x * x) / x) * (1 / Math.sqrt(Math.PI) + z * (horner(p, z) / horner(q, z)));
}

function erfSmall(x: number): number {
    const p = [3.209377589138469472562e3, 3.774852376853020208137e2, 1.138641541510501556495e2, 3.161123743870565596947, 1.857777061846031526730e-1];
    const q = [2.844236833439170622273e3, 1.282616526077372275645e3, 2.440246379344441733056e2, 2.360129095234412093499e1, 1];
    const z = x * x;
    return x * (horner(p, z) / horner(q, z));
}

/** c[0] + c[1] x + c[2] x² + … */
function horner(c: readonly number[], x: number): number {
    let s = 0;
    for (let i = c.length - 1; i >= 0; i--) s = s * x + c[i];
    return s;
}

export interface BootstrapInterval {
    low: number;
    high: number;
    level: number;
    resamples: number;
}

/**
 * Percentile bootstrap interval of the mean of `values` (the paired differences): `resamples` resamples of size n
 * with replacement, drawn from Rng(seed), their means sorted; low = means[⌊B·α/2⌋], high = means[⌈B·(1 − α/2)⌉ − 1]
 * with α = 1 − level (B = 10,000, level 0.95: the 251st and the 9,750th of the sorted means). Deterministic: the
 * same values in the same order and the same seed give the same interval in any process.
 */
export function bootstrapMeanInterval(values: readonly number[], options: { resamples?: number; level?: number; seed?: number | string } = {}): BootstrapInterval {
    const resamples = options.resamples ?? 10_000;
    const level = options.level ?? 0.95;
    if (!(level > 0 && level < 1)) throw new Error(`bootstrapMeanInterval: level must be in (0, 1), got ${level}`);
    if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`bootstrapMeanInterval: resamples must be a positive integer, got ${resamples}`);
    const n = values.length;
    if (n === 0) return { low: NaN, high: NaN, level, resamples };
    const rng = new Rng(options.seed ?? 0);
    const means = new Float64Array(resamples);
    for (let b = 0; b < resamples; b++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += values[rng.int(n)];
        means[b] = sum / n;
    }
    means.sort();
    // 1 − 0.9 is 0.09999999999999998 in doubles: without the 1e-9 slack, B·α/2 = 1 would floor to 0.
    const alpha = 1 - level;
    const low = Math.floor((resamples * alpha) / 2 + 1e-9);
    const high = Math.ceil(resamples * (1 - alpha / 2) - 1e-9) - 1;
    return { low: means[low], high: means[high], level, resamples };
}

export interface WinTieLoss {
    wins: number;
    ties: number;
    losses: number;
}

/** Seeds where a beat b (d > tolerance), tied (|d| ≤ tolerance), lost (d < −tolerance). */
export function winTieLoss(differences: readonly number[], tolerance = TIE_TOLERANCE): WinTieLoss {
    let wins = 0;
    let losses = 0;
    for (const d of differences) {
        if (d > tolerance) wins++;
        else if (d < -tolerance) losses++;
    }
    return { wins, ties: differences.length - wins - losses, losses };
}

export interface PairedComparison extends WinTieLoss {
    /** Seeds present (with a finite value) on both sides, ascending. */
    seeds: number[];
    /** a − b per seed, in the order of `seeds`. */
    differences: number[];
    meanDifference: number;
    /** Sample standard deviation of the differences (0 for one seed, NaN for none). */
    stdDifference: number;
    interval: BootstrapInterval;
    wilcoxon: WilcoxonResult;
    /** Seeds with a finite value on one side only (left out of everything above). */
    unpaired: number[];
}

/**
 * Everything reported for "a vs b over the same seeds": a and b map a seed to that seed's value (e.g. the test
 * accuracy of the best architecture found). Pairs are formed by seed and taken in ascending seed order, so the
 * bootstrap does not depend on the order the runs were read in.
 */
export function pairedComparison(
    a: ReadonlyMap<number, number>,
    b: ReadonlyMap<number, number>,
    options: { resamples?: number; level?: number; seed?: number | string; tolerance?: number } = {},
): PairedComparison {
    const ok = (m: ReadonlyMap<number, number>, s: number): boolean => Number.isFinite(m.get(s));
    const all = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
    const seeds = all.filter((s) => ok(a, s) && ok(b, s));
    const unpaired = all.filter((s) => ok(a, s) !== ok(b, s));
    const differences = seeds.map((s) => a.get(s)! - b.get(s)!);
    const n = differences.length;
    const meanDifference = n > 0 ? differences.reduce((x, y) => x + y, 0) / n : NaN;
    const stdDifference = n > 1 ? Math.sqrt(differences.reduce((x, d) => x + (d - meanDifference) ** 2, 0) / (n - 1)) : n === 1 ? 0 : NaN;
    return {
        seeds,
        differences,
        meanDifference,
        stdDifference,
        interval: bootstrapMeanInterval(differences, options),
        wilcoxon: wilcoxonSignedRank(differences, { tolerance: options.tolerance }),
        ...winTieLoss(differences, options.tolerance),
        unpaired,
    };
}
