/**
 * `study.json` shapes (`lissnas study`, `lissnas demo`) and the statistic they aggregate with. Here, next to
 * their renderers (study-report.ts), so that the HTML report and the webview panels read them without importing
 * engine/run/ (where the study is executed: engine/run/study.ts).
 */

import type { ShrinkResult } from './result.js';

export const STUDY_FORMAT = 'lissnas-study/1';

export interface Stat {
    mean: number;
    std: number;
    n: number;
}

export interface StudyShrinkRow {
    dataset: string;
    policy: string;
    kind: string;
    /** Aggregates over seeds of: sizeLog10, queries, bestReport, and every metric of the shrink result. */
    stats: Record<string, Stat>;
}

export interface StudySearchRow {
    dataset: string;
    search: string;
    kind: string;
    /**
     * `full`, the policy name, or `<policy>@<dataset>` in a transfer study: inside that policy's space shrunk on
     * the other dataset, the whole budget for the search (`shrinkQueries` 0).
     */
    space: string;
    budget: number;
    /** Seeds where the shrinkage left budget for the search (the others are excluded from the stats). */
    feasible: number;
    bestReport?: Stat;
    bestMetric?: Stat;
    shrinkQueries?: Stat;
    /** How the feasible seeds' searches stopped (SearchResult.stoppedBy), e.g. `{ budget: 28, exhausted: 2 }`. */
    stops?: Record<string, number>;
}

export interface StudyResult {
    format: typeof STUDY_FORMAT;
    engineVersion: string;
    file: string;
    seeds: number[];
    /** The datasets searched on (under transfer: the targets). */
    datasets: string[];
    /**
     * Transfer studies (`--transfer-from`): the dataset the policies shrank on. The `shrink` rows and shrink runs
     * are that dataset's; the `search` rows of each target have spaces `full` and `<policy>@<transferFrom>`.
     */
    transferFrom?: string;
    policies: string[];
    searches: string[];
    budgets: number[] | 'per-search';
    shrink: StudyShrinkRow[];
    search: StudySearchRow[];
    /** Seed 0 shrink results of the first dataset: iteration charts and pockets for the report. */
    examples: ShrinkResult[];
    /** Per-seed raw numbers, for other statistics. */
    runs: Array<{
        dataset: string;
        seed: number;
        policy?: string;
        search?: string;
        budget?: number;
        values: Record<string, number>;
        stoppedBy?: string;
        /** Cost spent in budget units (`query_cost` x queries): the shrinkage's and, for a search cell, the search's. */
        cost?: { shrink: number; search?: number };
    }>;
}

export function stat(xs: readonly number[]): Stat | undefined {
    const ok = xs.filter((x) => Number.isFinite(x));
    if (ok.length === 0) return undefined;
    const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
    const variance = ok.length > 1 ? ok.reduce((a, x) => a + (x - mean) ** 2, 0) / (ok.length - 1) : 0;
    return { mean, std: Math.sqrt(variance), n: ok.length };
}
