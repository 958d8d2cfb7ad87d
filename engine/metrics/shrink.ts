import type { Genotype, SearchSpace } from '../space/types.js';
import { meanPairwiseDistance, type Diversity } from './diversity.js';
import { kendallTauB } from './kendall.js';
import { pocketStructure, type PocketStructure } from './pocket-structure.js';
import { topByReport, type Reference } from './reference.js';

/** Every measure of one shrunk space; definitions and formulas in docs/metrics.md. */
export interface ShrinkMetrics {
    /** Distinct members kept. */
    size: number;
    /** Members of the full space (rows of the reference). */
    fullSize: number;
    /** size / fullSize. */
    fractionKept: number;
    /** Whether a member with the full space's best report value is kept (any of them, when tied). */
    globalOptimumKept: boolean;
    globalOptimumReport: number;
    /** Share of the full space's top 0.1 %, 1 %, 5 % (by report) that is kept. */
    recallTop01: number;
    recallTop1: number;
    recallTop5: number;
    /** Enrichment of the top 1 %: recallTop1 / fractionKept (1 = no better than a random subset). */
    shrinkIndex: number;
    /** Mean and median report value of the kept members that have a reference row. */
    meanReport: number;
    medianReport: number;
    /** Kendall tau-b between the searched metric and the report metric inside the kept set. */
    kendallTau: number;
    diversity: Diversity;
    /** Connected components of the kept set at distance <= pocketDistance. */
    pockets: number;
    pocketDistance: number;
    /** The components' sizes, gaps and how they cover the full space's top-1 % regions (docs/metrics.md). */
    pocketStructure: PocketStructure;
    /** Queries the policy spent (passed through). */
    queries: number;
    /** Kept members without a reference row (excluded from value-based measures). */
    missing: number;
}

export interface ShrinkMetricsInput {
    /** The full space (its key and distance are used for members). */
    space: SearchSpace;
    members: readonly Genotype[];
    reference: Reference;
    queries?: number;
    pocketDistance?: number;
    diversity?: { exactPairLimit?: number; sampledPairs?: number; seed?: number };
}

export function shrinkMetrics(input: ShrinkMetricsInput): ShrinkMetrics {
    const { space, reference } = input;
    const pocketDistance = input.pocketDistance ?? 1;
    // Deduplicate by exact key: a policy may list a genotype in several pockets.
    const unique = new Map<string, Genotype>();
    for (const g of input.members) unique.set(space.key(g), g);
    const members = [...unique.values()];
    const keys = new Set(unique.keys());
    const size = members.length;
    const fullSize = reference.entries.length;
    const fractionKept = fullSize === 0 ? NaN : size / fullSize;

    let best = -Infinity;
    for (const e of reference.entries) best = Math.max(best, e.report);
    const globalOptimumKept = reference.entries.some((e) => e.report === best && keys.has(e.key));

    const recall = (p: number): number => {
        const top = topByReport(reference, p);
        let kept = 0;
        for (const k of top) if (keys.has(k)) kept++;
        return top.size === 0 ? NaN : kept / top.size;
    };
    const top1 = topByReport(reference, 0.01);
    const recallTop1 = recall(0.01);
    const structure = pocketStructure(space, members, reference, top1, pocketDistance);

    const metrics: number[] = [];
    const reports: number[] = [];
    let missing = 0;
    for (const k of keys) {
        const e = reference.byKey.get(k);
        if (!e) {
            missing++;
            continue;
        }
        metrics.push(e.metric);
        reports.push(e.report);
    }
    return {
        size,
        fullSize,
        fractionKept,
        globalOptimumKept,
        globalOptimumReport: best,
        recallTop01: recall(0.001),
        recallTop1,
        recallTop5: recall(0.05),
        shrinkIndex: fractionKept > 0 ? recallTop1 / fractionKept : NaN,
        meanReport: mean(reports),
        medianReport: median(reports),
        kendallTau: kendallTauB(metrics, reports),
        diversity: meanPairwiseDistance(space, members, input.diversity),
        pockets: structure.pockets,
        pocketDistance,
        pocketStructure: structure,
        queries: input.queries ?? 0,
        missing,
    };
}

/** The metrics as the flat record that result.json, study.json and the report tables use. */
export function shrinkMetricValues(m: ShrinkMetrics): Record<string, number> {
    return {
        fractionKept: m.fractionKept,
        optimumKept: m.globalOptimumKept ? 1 : 0,
        'recallTop0.1%': m.recallTop01,
        'recallTop1%': m.recallTop1,
        'recallTop5%': m.recallTop5,
        shrinkIndex: m.shrinkIndex,
        meanReport: m.meanReport,
        medianReport: m.medianReport,
        kendallTau: m.kendallTau,
        meanDistance: m.diversity.meanDistance,
        pockets: m.pockets,
        pocketSizeMin: m.pocketStructure.sizeMin,
        pocketSizeMedian: m.pocketStructure.sizeMedian,
        pocketSizeMax: m.pocketStructure.sizeMax,
        pocketGap: m.pocketStructure.gap,
        goodPockets: m.pocketStructure.goodPockets,
        topRegionsKept: m.pocketStructure.topRegionsKept,
        topRegionShare: m.pocketStructure.topRegionShare,
    };
}

export function mean(xs: readonly number[]): number {
    if (xs.length === 0) return NaN;
    let s = 0;
    for (const x of xs) s += x;
    return s / xs.length;
}

/** Median; the mean of the two middle values for an even count. */
export function median(xs: readonly number[]): number {
    if (xs.length === 0) return NaN;
    const s = xs.slice().sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
