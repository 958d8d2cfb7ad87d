/** Size of a space: the raw number of genotypes and the number of classes modulo isomorphism. */
export interface SpaceSize {
    /** Number of distinct genotypes (the encoding), or 'continuous' when a real-valued parameter is not quantized. */
    raw: bigint | 'continuous';
    /** Number of canonical classes (equal to raw for spaces without isomorphisms); an estimate when `exact` is false. */
    unique: bigint | 'continuous';
    /** False when `unique` (or, for constrained spaces, either count) is a sampling estimate. */
    exact: boolean;
    /** log10 of raw (Infinity when continuous). Stays finite and precise for numbers far beyond 2^1024. */
    log10Raw: number;
    log10Unique: number;
    /** 95% interval of `unique` when it is an estimate. */
    interval?: [number, number];
    note?: string;
}

export interface SizeOptions {
    /**
     * Most genotypes (or DP states, for cells) an exact count may visit before switching to an estimate
     * (default 2,000,000). Graph spaces are always exact (their count is by topologies, not genotypes).
     */
    workLimit?: number;
    /**
     * Samples for estimates (default 2,000; for NB201-style cells at most 20,000). Cell estimates stop
     * earlier, at a multiple of 100 samples, once the 95% interval's half-width is within `precision` of the
     * estimate, or after the sample that spends `estimateWork`.
     */
    samples?: number;
    /** Relative half-width of the 95% interval at which a cell estimate stops sampling (default 0.02). */
    precision?: number;
    /**
     * Counting steps a cell estimate may spend before it stops sampling (default 4,000,000: a few seconds,
     * see docs/sizes.md "Performance"): a count, not a clock, so the same inputs always give the same estimate.
     */
    estimateWork?: number;
    /**
     * Topologies the unique-graph count of a graph space may visit (default `DEFAULT_GRAPH_WORK`, 20 M:
     * seconds); beyond it the size reports the unique count as too large to count (bounded by raw).
     */
    graphWork?: number;
    /** Seed of the estimates' sampling (default 'sizes'): the same seed gives the same estimate. */
    seed?: number | string;
}

export const DEFAULT_WORK_LIMIT = 2_000_000;
export const DEFAULT_SAMPLES = 2_000;
export const DEFAULT_PRECISION = 0.02;
export const DEFAULT_CELL_SAMPLES = 20_000;
export const DEFAULT_ESTIMATE_WORK = 4_000_000;
