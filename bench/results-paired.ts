/**
 * The paired-comparison tables of docs/results.md: for each comparison "space A vs space B" (same dataset, search,
 * total budget), the per-seed difference A − B of a value (by default `overallReport`, the test accuracy of the best
 * architecture found), its mean, the 95 % percentile bootstrap interval of that mean, the two-sided Wilcoxon
 * signed-rank p-value and wins / ties / losses of A (engine/metrics/paired.ts; definitions in docs/metrics.md,
 * "Paired comparisons"). Any section of bench/results.ts (or a new one) builds its `PairedRow`s and calls
 * `pairedTable`.
 */
import { pairedComparison, type PairedComparison } from '../engine/metrics/paired.js';
import type { StudyResult } from '../engine/report/study-result.js';

type Run = StudyResult['runs'][number];

/** Significance level marked in the tables. */
export const ALPHA = 0.05;

/** seed → value of `key`, for the runs that have it (an infeasible search cell, with no value, is left out). */
export function valuesBySeed(runs: readonly Run[], key = 'overallReport'): Map<number, number> {
    const out = new Map<number, number>();
    for (const r of runs) {
        const v = r.values[key];
        if (r.values.infeasible || v === undefined || !Number.isFinite(v)) continue;
        if (out.has(r.seed)) throw new Error(`two runs for seed ${r.seed} in one side of a paired comparison`);
        out.set(r.seed, v);
    }
    return out;
}

export interface PairedRow {
    search: string;
    /** e.g. `LISSNAS (defaults) − full space` */
    comparison: string;
    budget: number;
    result: PairedComparison;
}

/** Compares two sets of runs seed by seed (bootstrap seed 0: the same table on every regeneration). */
export function comparePaired(search: string, comparison: string, budget: number, a: readonly Run[], b: readonly Run[], key = 'overallReport'): PairedRow {
    return { search, comparison, budget, result: pairedComparison(valuesBySeed(a, key), valuesBySeed(b, key)) };
}

const signed = (x: number, digits: number): string => (Number.isFinite(x) ? `${x > 0 ? '+' : ''}${x.toFixed(digits)}` : '—');

/** p written with two significant digits (three decimals below 0.01), `< 0.001` below that. */
export function formatP(p: number): string {
    if (!Number.isFinite(p)) return '—';
    if (p < 0.001) return '< 0.001';
    if (p < 0.01) return p.toFixed(3);
    return Number(p.toPrecision(2)).toString();
}

/** The cells after search / comparison / budget: seeds, mean, interval, p, W/T/L, verdict at ALPHA. */
export function pairedCells(c: PairedComparison, digits = 2): string[] {
    const n = c.seeds.length;
    if (n === 0) return ['0', '—', '—', '—', '—', '—'];
    const significant = c.wilcoxon.p < ALPHA;
    const verdict = !significant ? 'no' : c.meanDifference > 0 ? '**higher**' : c.meanDifference < 0 ? '**lower**' : '**differs**';
    const p = formatP(c.wilcoxon.p);
    return [
        c.unpaired.length > 0 ? `${n} (${c.unpaired.length} unpaired)` : String(n),
        signed(c.meanDifference, digits),
        `[${signed(c.interval.low, digits)}, ${signed(c.interval.high, digits)}]`,
        significant ? `**${p}**` : p,
        `${c.wins} / ${c.ties} / ${c.losses}`,
        verdict,
    ];
}

/** One row per comparison, in the order given; `value` names what was differenced (for the caption). */
export function pairedTable(rows: readonly PairedRow[], value = 'test accuracy of the best architecture found (points)'): string {
    const lines = [
        '| search | comparison (A − B) | total budget | seeds | mean A − B | 95 % bootstrap interval | Wilcoxon p | A wins / ties / losses | p < 0.05 |',
        '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ];
    const empty = rows.filter((r) => r.result.seeds.length === 0).length;
    for (const r of rows.filter((x) => x.result.seeds.length > 0)) lines.push(`| ${r.search} | ${r.comparison} | ${r.budget} | ${pairedCells(r.result).join(' | ')} |`);
    lines.push(
        '',
        `Paired by seed: A − B of the ${value}, same dataset, search, total budget and seed. Interval: 95 % percentile bootstrap of the mean difference (10,000 resamples of the seeds, seed 0). ` +
            `p: two-sided Wilcoxon signed-rank test, zero differences dropped (exact up to 50 non-zero differences). ` +
            `A tie is an identical value (NB201 accuracies repeat exactly). Seeds where the shrinkage left no budget are unpaired and left out` +
            (empty > 0 ? `; ${empty} comparison${empty > 1 ? 's' : ''} without any paired seed (the shrinkage alone spent more than the budget on every seed) ${empty > 1 ? 'are' : 'is'} not listed. ` : '. ') +
            `**higher** / **lower**: A's values are significantly higher / lower at the 5 % level (one test per row, no correction for the number of rows). docs/metrics.md, "Paired comparisons".`,
    );
    return lines.join('\n');
}
