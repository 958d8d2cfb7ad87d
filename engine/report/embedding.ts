/**
 * A deterministic 2-D embedding of a distance function, for the pocket map (docs/pocket-map.md).
 *
 * Up to `classicalMax` points: classical MDS (Torgerson): B = -1/2 J D² J, then the top two eigenvectors of B by
 * power iteration with deflation from a fixed start vector; coordinates sqrt(λ)·v. O(N²) distance calls and
 * O(N²) memory. Above it: landmark MDS (de Silva & Tenenbaum 2004): L landmarks chosen by max-min (farthest
 * point) selection starting at `first` (the best point), classical MDS on the landmarks, and every point placed by
 * distance-based triangulation from its squared distances to the landmarks: O(N·L) distance calls.
 * With L = N it gives classical MDS's coordinates (the landmarks are taken in index order, so the matrix is the same).
 *
 * Deterministic: no randomness, a fixed start vector, fixed iteration limits, and each axis's sign fixed so
 * that its largest-magnitude eigenvector entry is positive (lowest index on ties). `explained`: the share of the
 * positive eigenvalue mass of B on the two axes, from B's whole spectrum (Householder tridiagonalisation + QL)
 * when B has at most SPECTRUM_MAX rows; above that (only a forced classical run on many points) trace(B) stands
 * for the positive mass, exact for Euclidean distances and an overestimate otherwise (capped at 1).
 */

export interface EmbeddingOptions {
    /** Classical MDS up to this many points, landmark MDS above (default CLASSICAL_MAX). */
    classicalMax?: number;
    /** Landmarks of landmark MDS (default DEFAULT_LANDMARKS, at most the number of points). */
    landmarks?: number;
    /** Index of the first landmark (the best point); default 0. */
    first?: number;
    /** Force a method regardless of `classicalMax` (benchmarks compare both). */
    method?: 'classical-mds' | 'landmark-mds';
}

export interface Embedding {
    x: number[];
    y: number[];
    method: 'classical-mds' | 'landmark-mds';
    /** Landmarks used (all points for classical MDS). */
    landmarks: number;
    /** Share of the positive eigenvalue mass on the two axes, 0..1. */
    explained: number;
}

export const CLASSICAL_MAX = 500;
export const DEFAULT_LANDMARKS = 200;
/** Largest matrix whose whole spectrum is computed for `explained` (O(M³): about 0.2 s at 500 rows). */
export const SPECTRUM_MAX = 1000;

const MAX_ITERATIONS = 1000;
/** Eigenpairs tried (largest magnitude first) while looking for two positive eigenvalues. */
const MAX_PAIRS = 8;
/** Largest change of any eigenvector entry between two power steps at convergence. */
const VECTOR_TOLERANCE = 1e-11;
/** Eigenvalues below this share of the largest one are rounding noise (a line has no second axis). */
const NOISE = 1e-10;

export function embed(n: number, distance: (i: number, j: number) => number, options: EmbeddingOptions = {}): Embedding {
    const classicalMax = options.classicalMax ?? CLASSICAL_MAX;
    const method = options.method ?? (n <= classicalMax ? 'classical-mds' : 'landmark-mds');
    if (method === 'classical-mds') {
        const squared = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++) {
                const d = distance(i, j);
                squared[i * n + j] = squared[j * n + i] = d * d;
            }
        }
        const mds = classicalMds(squared, n);
        return { x: Array.from(mds.coords[0]), y: Array.from(mds.coords[1]), method, landmarks: n, explained: mds.explained };
    }
    const count = Math.max(1, Math.min(options.landmarks ?? DEFAULT_LANDMARKS, n));
    return landmarkMds(n, distance, count, options.first ?? 0);
}

/** Landmark MDS: max-min landmarks from `first`, classical MDS on them, triangulation of every point. */
function landmarkMds(n: number, distance: (i: number, j: number) => number, count: number, first: number): Embedding {
    if (n === 0) return { x: [], y: [], method: 'landmark-mds', landmarks: 0, explained: 1 };
    // rows.get(l): squared distances from landmark l to every point (each landmark costs n distance calls).
    const rows = new Map<number, Float64Array>();
    const nearest = new Float64Array(n).fill(Infinity);
    let next = Math.min(Math.max(0, first), n - 1);
    while (rows.size < count) {
        const row = new Float64Array(n);
        for (let i = 0; i < n; i++) {
            const d = i === next ? 0 : distance(next, i);
            row[i] = d * d;
            if (d < nearest[i]) nearest[i] = d;
        }
        rows.set(next, row);
        // The point farthest from every landmark so far (lowest index on ties) is the next landmark.
        let best = -1;
        for (let i = 0; i < n; i++) if (!rows.has(i) && (best < 0 || nearest[i] > nearest[best])) best = i;
        if (best < 0) break;
        next = best;
    }
    const landmarks = [...rows.keys()].sort((a, b) => a - b);
    const m = landmarks.length;
    const squared = new Float64Array(m * m);
    for (let a = 0; a < m; a++) {
        const row = rows.get(landmarks[a])!;
        for (let b = 0; b < m; b++) squared[a * m + b] = row[landmarks[b]];
    }
    const mds = classicalMds(squared, m);
    const mean = new Float64Array(m);
    for (let a = 0; a < m; a++) {
        let s = 0;
        for (let b = 0; b < m; b++) s += squared[b * m + a];
        mean[a] = s / m;
    }
    const x = new Array<number>(n).fill(0);
    const y = new Array<number>(n).fill(0);
    const out = [x, y];
    for (let axis = 0; axis < 2; axis++) {
        const { value, vector } = mds.pairs[axis];
        if (!(value > 0)) continue;
        // Pseudo-inverse row of the landmark coordinates: v / sqrt(λ); x_i = -1/2 · L#(δ_i − δ_mean).
        const scale = -0.5 / Math.sqrt(value);
        for (let i = 0; i < n; i++) {
            let s = 0;
            for (let a = 0; a < m; a++) s += vector[a] * (rows.get(landmarks[a])![i] - mean[a]);
            out[axis][i] = scale * s;
        }
    }
    return { x, y, method: 'landmark-mds', landmarks: m, explained: mds.explained };
}

interface Pair {
    value: number;
    vector: Float64Array;
}

/** Classical MDS of an m×m matrix of squared distances (row-major): the two axes and their share. */
export function classicalMds(squared: Float64Array, m: number): { coords: [Float64Array, Float64Array]; pairs: [Pair, Pair]; explained: number } {
    const b = doubleCenter(squared, m);
    const pairs = topPositivePairs(b, m);
    const coords: [Float64Array, Float64Array] = [new Float64Array(m), new Float64Array(m)];
    pairs.forEach((p, axis) => {
        if (!(p.value > 0)) return;
        const s = Math.sqrt(p.value);
        for (let i = 0; i < m; i++) coords[axis][i] = s * p.vector[i];
    });
    const onAxes = Math.max(0, pairs[0].value) + Math.max(0, pairs[1].value);
    let mass: number;
    if (m <= SPECTRUM_MAX) {
        mass = symmetricEigenvalues(b, m).reduce((s, v) => (v > 0 ? s + v : s), 0);
    } else {
        mass = 0;
        for (let i = 0; i < m; i++) mass += b[i * m + i];
    }
    const explained = mass > 0 ? Math.min(1, onAxes / mass) : 1;
    return { coords, pairs, explained };
}

/** B = -1/2 J D² J (J the centering matrix), from row, column and grand means. */
function doubleCenter(squared: Float64Array, m: number): Float64Array {
    const rowMean = new Float64Array(m);
    let grand = 0;
    for (let i = 0; i < m; i++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += squared[i * m + j];
        rowMean[i] = s / m;
        grand += s;
    }
    grand /= m * m;
    const b = new Float64Array(m * m);
    // D² is symmetric, so column means equal row means.
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) b[i * m + j] = -0.5 * (squared[i * m + j] - rowMean[i] - rowMean[j] + grand);
    return b;
}

/**
 * The two largest positive eigenpairs of symmetric b: power iteration finds the pair of largest magnitude; it is
 * deflated and the search repeats, skipping negative eigenvalues (non-Euclidean distances have them), up to
 * MAX_PAIRS pairs. A missing axis (fewer than two positive eigenvalues) is a zero pair.
 */
function topPositivePairs(b: Float64Array, m: number): [Pair, Pair] {
    const found: Pair[] = [];
    const positive: Pair[] = [];
    const zero = (): Pair => ({ value: 0, vector: new Float64Array(m) });
    for (let k = 0; k < Math.min(MAX_PAIRS, m) && positive.length < 2; k++) {
        const pair = powerIteration(b, m, found);
        if (pair.value === 0) break;
        found.push(pair);
        if (pair.value > NOISE * Math.abs(found[0].value)) positive.push(pair);
    }
    return [positive[0] ?? zero(), positive[1] ?? zero()];
}

function powerIteration(b: Float64Array, m: number, deflate: readonly Pair[]): Pair {
    let v = startVector(m);
    orthogonalize(v, deflate);
    if (!normalize(v)) return { value: 0, vector: new Float64Array(m) };
    let value = 0;
    const w = new Float64Array(m);
    for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
        multiply(b, m, v, w);
        orthogonalize(w, deflate);
        let rayleigh = 0;
        for (let i = 0; i < m; i++) rayleigh += v[i] * w[i];
        const next = Float64Array.from(w);
        if (!normalize(next)) return { value: 0, vector: new Float64Array(m) };
        // Converged when the direction stops changing (up to the sign flip a negative eigenvalue causes). The
        // vector must converge, not only the Rayleigh quotient: landmark MDS places points with B·v / sqrt(λ),
        // which equals sqrt(λ)·v only for an exact eigenvector.
        const sign = rayleigh < 0 ? -1 : 1;
        let change = 0;
        for (let i = 0; i < m; i++) change = Math.max(change, Math.abs(next[i] - sign * v[i]));
        value = rayleigh;
        v = next;
        if (change < VECTOR_TOLERANCE) break;
    }
    fixSign(v);
    return { value, vector: v };
}

/** A fixed, non-symmetric start vector (an integer hash, so no platform-dependent floating function is involved). */
function startVector(m: number): Float64Array {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) {
        let h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
        h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0;
        v[i] = (h ^ (h >>> 13)) / 4294967296 - 0.5;
    }
    return v;
}

function multiply(b: Float64Array, m: number, v: Float64Array, out: Float64Array): void {
    for (let i = 0; i < m; i++) {
        let s = 0;
        const row = i * m;
        for (let j = 0; j < m; j++) s += b[row + j] * v[j];
        out[i] = s;
    }
}

function orthogonalize(v: Float64Array, against: readonly Pair[]): void {
    for (const p of against) {
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += v[i] * p.vector[i];
        for (let i = 0; i < v.length; i++) v[i] -= dot * p.vector[i];
    }
}

function normalize(v: Float64Array): boolean {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    const norm = Math.sqrt(s);
    if (!(norm > 1e-300)) return false;
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    return true;
}

/** The entry of largest magnitude (lowest index on ties) made positive. */
function fixSign(v: Float64Array): void {
    let at = 0;
    for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[at])) at = i;
    if (v[at] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}

/**
 * Every eigenvalue of a symmetric m×m matrix: Householder reduction to tridiagonal form, then the QL algorithm
 * with implicit shifts (the eigenvalue-only forms of tred2 and tqli, Numerical Recipes §11.2–11.3). O(m³).
 */
export function symmetricEigenvalues(matrix: Float64Array, m: number): number[] {
    const a = Float64Array.from(matrix);
    const d = new Float64Array(m);
    const e = new Float64Array(m);
    for (let i = m - 1; i > 0; i--) {
        const l = i - 1;
        let h = 0;
        if (l > 0) {
            let scale = 0;
            for (let k = 0; k <= l; k++) scale += Math.abs(a[i * m + k]);
            if (scale === 0) {
                e[i] = a[i * m + l];
            } else {
                for (let k = 0; k <= l; k++) {
                    a[i * m + k] /= scale;
                    h += a[i * m + k] * a[i * m + k];
                }
                let f = a[i * m + l];
                let g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
                e[i] = scale * g;
                h -= f * g;
                a[i * m + l] = f - g;
                f = 0;
                for (let j = 0; j <= l; j++) {
                    g = 0;
                    for (let k = 0; k <= j; k++) g += a[j * m + k] * a[i * m + k];
                    for (let k = j + 1; k <= l; k++) g += a[k * m + j] * a[i * m + k];
                    e[j] = g / h;
                    f += e[j] * a[i * m + j];
                }
                const hh = f / (h + h);
                for (let j = 0; j <= l; j++) {
                    f = a[i * m + j];
                    e[j] = g = e[j] - hh * f;
                    for (let k = 0; k <= j; k++) a[j * m + k] -= f * e[k] + g * a[i * m + k];
                }
            }
        } else {
            e[i] = a[i * m + l];
        }
    }
    for (let i = 0; i < m; i++) d[i] = a[i * m + i];
    for (let i = 1; i < m; i++) e[i - 1] = e[i];
    if (m > 0) e[m - 1] = 0;
    for (let l = 0; l < m; l++) {
        let iter = 0;
        let mm: number;
        do {
            for (mm = l; mm < m - 1; mm++) {
                const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
                if (Math.abs(e[mm]) <= Number.EPSILON * dd) break;
            }
            if (mm !== l) {
                if (iter++ === 60) break; // does not happen for symmetric input; never loop forever
                let g = (d[l + 1] - d[l]) / (2 * e[l]);
                let r = Math.hypot(g, 1);
                g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
                let s = 1;
                let c = 1;
                let p = 0;
                let i: number;
                for (i = mm - 1; i >= l; i--) {
                    const f = s * e[i];
                    const bb = c * e[i];
                    e[i + 1] = r = Math.hypot(f, g);
                    if (r === 0) {
                        d[i + 1] -= p;
                        e[mm] = 0;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2 * c * bb;
                    p = s * r;
                    d[i + 1] = g + p;
                    g = c * r - bb;
                }
                if (r === 0 && i >= l) continue;
                d[l] -= p;
                e[l] = g;
                e[mm] = 0;
            }
        } while (mm !== l);
    }
    return Array.from(d);
}
