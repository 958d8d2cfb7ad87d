/**
 * `result.json` shapes. Deterministic by construction (no times, no paths, no process ids): the resume guarantee
 * is checked by comparing these files byte for byte. They live in engine/report/, next to their renderers, so
 * that the HTML report and the webview panels read them without importing engine/run/ (node:fs, processes).
 */

import type { StopReason } from '../stop-reason.js';

export const RESULT_FORMAT = 'lissnas-result/1';

export interface ArchScore {
    /** Formatted genotype (NB201 arch string for cells). */
    arch: string;
    key: string;
    metric?: number;
    report?: number;
}

export interface IterationRecord {
    iteration: number;
    /** Mean / best search metric of the iteration's sample. */
    sampleMean: number;
    sampleBest: number;
    /** Mean / best report metric of the sample, when the evaluator has a report column. */
    reportMean?: number;
    reportBest?: number;
    /** Size of the space this iteration sampled from (iteration 1: the full space): exact digits and log10. */
    size: string;
    sizeLog10: number;
    /** Cumulative queries after the iteration. */
    queries: number;
}

export interface PocketRecord {
    /** The seed architecture the pocket grew around. */
    seed: string;
    members: number;
    /** Neighbourhood radius (distance) around the seed. */
    radius: number;
    bestMetric?: number;
    meanMetric?: number;
    bestReport?: number;
    meanReport?: number;
}

/** One row of a comparison table: a policy (or the full space) with its quality numbers. */
export interface ComparisonRow {
    name: string;
    kind: string;
    size: string;
    sizeLog10: number;
    queries: number;
    /** Named quality measures (e.g. `meanReport`, `bestReport`, `top1%Kept`), as computed by engine/metrics. */
    metrics: Record<string, number>;
}

/**
 * Failed evaluations of a run (an `error`, or no finite metric: see `succeeded` in evaluate/types.ts): how many,
 * and the first few in evaluation order. Absent when there were none.
 */
export interface FailureSummary {
    count: number;
    /** At most 5, in evaluation order. */
    first: Array<{ arch: string; error: string }>;
}

/** The neural back-end that did the work (runs with proxy/train evaluators only). */
export interface BackendInfo {
    name: string;
    /** `cpu`, or `cuda (<card>)`. */
    device: string;
    /** Library version (torch's, or tfjs's for wasm). */
    version?: string;
    /** The interpreter the worker ran in (torch). */
    python?: string;
    /** The Node version the worker ran in (wasm). */
    node?: string;
    /** Worker processes that evaluated networks at once (`parallel`); absent in older results. */
    workers?: number;
}

/** `torch 1.13.0 on cpu`, `wasm 4.22.0 on cpu, 2 worker processes`: the report's and the CLI's words. */
export function backendText(b: BackendInfo): string {
    return `${b.name}${b.version ? ` ${b.version}` : ''} on ${b.device}${b.workers && b.workers > 1 ? `, ${b.workers} worker processes` : ''}`;
}

export interface ShrinkResult {
    format: typeof RESULT_FORMAT;
    command: 'shrink';
    name: string;
    policy: string;
    seed: number;
    dataset?: string;
    /** Which neural back-end and device evaluated (absent for table and command evaluators). */
    backend?: BackendInfo;
    fullSize: string;
    fullSizeLog10: number;
    size: string;
    sizeLog10: number;
    /** Queries the policy spent (distinct real evaluations). */
    queries: number;
    /** What those queries cost: queries x the evaluator's `query_cost` (docs/cheap-shrinking.md); absent in older results. */
    cost?: number;
    history: IterationRecord[];
    pockets: PocketRecord[];
    /** Best architecture the policy evaluated. */
    best?: ArchScore;
    /** Quality of the shrunk space measured against the whole benchmark (when the evaluator is a table). */
    metrics: Record<string, number>;
    /** The shrunk space itself (`ShrunkSpace.toJSON()`), enough to search inside it later. */
    space: unknown;
    /** Why the policy stopped (`plateau`, `max_iterations`, `complete`); absent in results of older engines. */
    stopReason?: StopReason;
    /**
     * The iteration whose pockets form the returned space (built at its end; history row chosenIteration + 1, when
     * there is one, sampled it). Earlier than the last iteration when the plateau rule went back to a better space.
     */
    chosenIteration?: number;
    /** The full space and this policy side by side (written by `lissnas shrink`). */
    comparison?: ComparisonRow[];
    /** Failed evaluations of the policy; absent when none failed. */
    failures?: FailureSummary;
}

export interface SearchResult {
    format: typeof RESULT_FORMAT;
    command: 'search';
    name: string;
    search: string;
    seed: number;
    dataset?: string;
    /** Which neural back-end and device evaluated (absent for table and command evaluators). */
    backend?: BackendInfo;
    /** `space NAME` or `policy NAME`. */
    target: string;
    /** The architecture the search evaluated first (`--start`); absent for a search from random starts. */
    start?: string;
    budget: number;
    /** Queries of the search itself, and those the shrinkage spent first (0 in a full space). */
    queries: number;
    shrinkQueries: number;
    /** What the queries cost (x each evaluator's `query_cost`): the shrinkage's and the search's; absent in older results. */
    cost?: { shrink: number; search: number };
    best?: ArchScore;
    /** Report value of the best-so-far (by search metric) after each search query (null before any success). */
    trajectory: Array<number | null>;
    /**
     * Why the search stopped: `budget` (all spent), `exhausted` (every member of the space was evaluated, so
     * `shrinkQueries + queries < budget`), `stalled`, `cancelled`. Absent in results of older engines.
     */
    stopReason?: StopReason;
    /** The shrink result the search ran inside, when the target is a policy. */
    shrink?: ShrinkResult;
    /** Failed evaluations of the search itself (the shrinkage's are in `shrink.failures`); absent when none failed. */
    failures?: FailureSummary;
}

export type RunResult = ShrinkResult | SearchResult;

/** Canonical JSON text of a result (what result.json holds). */
export function resultText(result: RunResult): string {
    return JSON.stringify(result, null, 2) + '\n';
}

/** The comparison-table row of a shrink result (the run report and `lissnas shrink` put it next to the full space). */
export function comparisonRow(result: ShrinkResult): ComparisonRow {
    return { name: result.name, kind: result.policy, size: result.size, sizeLog10: result.sizeLog10, queries: result.queries, metrics: result.metrics };
}
