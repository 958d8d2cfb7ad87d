/**
 * The table builders every section of docs/results.md shares (bench/results.ts, bench/results-uses.ts): mean ± sample
 * standard deviation over seeds read from a study's per-seed `runs`, shrinkage metrics against the full space measured
 * the same way, and search cells at total budgets with their stop reasons.
 */
import { TableEvaluator } from '../engine/evaluate/table.js';
import { referenceFromTable } from '../engine/metrics/reference.js';
import { shrinkMetrics, shrinkMetricValues } from '../engine/metrics/shrink.js';
import { nb201Space } from '../engine/space/nb201.js';
import type { SearchSpace } from '../engine/space/types.js';
import type { StudyResult } from '../engine/report/study-result.js';

export type Run = StudyResult['runs'][number];

export function stat(xs: number[]): { mean: number; std: number; n: number } | undefined {
    const ok = xs.filter((x) => Number.isFinite(x));
    if (ok.length === 0) return undefined;
    const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
    const v = ok.length > 1 ? ok.reduce((a, x) => a + (x - mean) ** 2, 0) / (ok.length - 1) : 0;
    return { mean, std: Math.sqrt(v), n: ok.length };
}

export const fmt = (s: { mean: number; std: number } | undefined, d: number, scale = 1): string =>
    s ? `${(s.mean * scale).toFixed(d)} ± ${(s.std * scale).toFixed(d)}` : '—';

// ---------------------------------------------------------------------------------------------- shrinkage metrics

/** [key in the runs, row title, digits, scale]; `size` is derived from fractionKept. */
export const SHRINK_ROWS: Array<[string, string, number, number]> = [
    ['size', 'size (cells)', 0, 1],
    ['fractionKept', 'fraction kept (%)', 2, 100],
    ['optimumKept', 'global optimum kept (% of seeds)', 0, 100],
    ['recallTop0.1%', 'recall top 0.1 %', 3, 1],
    ['recallTop1%', 'recall top 1 %', 3, 1],
    ['recallTop5%', 'recall top 5 %', 3, 1],
    ['shrinkIndex', 'shrink index (top-1 % enrichment)', 1, 1],
    ['meanReport', 'mean test accuracy inside', 2, 1],
    ['medianReport', 'median test accuracy inside', 2, 1],
    ['kendallTau', 'Kendall tau (val vs test) inside', 3, 1],
    ['meanDistance', 'mean pairwise distance', 2, 1],
    ['pockets', 'pockets (components at distance 1)', 1, 1],
    ['queries', 'queries spent', 0, 1],
];

interface FullRow {
    values: Record<string, number>;
}

/**
 * The full space measured exactly like a shrunk one (every cell kept, 0 queries): NB201's 15,625 cells, or the
 * members of a constrained NB201 space (the table's cells it contains).
 */
export function fullSpaceRow(dataset: string, space: SearchSpace = nb201Space()): FullRow {
    const table = new TableEvaluator({ path: 'data/nb201/nb201.csv', keyColumn: 'arch', keyFormat: 'nb201', metric: `${dataset}_val_naslib`, report: `${dataset}_test` });
    const reference = referenceFromTable(table, space);
    const m = shrinkMetrics({ space, members: reference.entries.map((e) => e.genotype), reference, queries: 0 });
    return { values: { size: m.size, ...shrinkMetricValues(m), queries: 0 } };
}

export function shrinkRuns(r: StudyResult, dataset: string, policy: string): Run[] {
    return r.runs.filter((x) => x.dataset === dataset && x.policy === policy && x.search === undefined);
}

export function valueOf(run: Run, key: string): number {
    if (key === 'size') return Math.round(10 ** (run.values.sizeLog10 ?? NaN));
    return run.values[key] ?? NaN;
}

export function shrinkTable(r: StudyResult, dataset: string, policies: string[], titles: Record<string, string>, rows = SHRINK_ROWS, space?: SearchSpace): string {
    const full = fullSpaceRow(dataset, space);
    const head = `| measure | full space | ${policies.map((p) => titles[p] ?? p).join(' | ')} |`;
    const lines = [head, `|---|---:|${policies.map(() => '---:').join('|')}|`];
    for (const [key, title, d, scale] of rows) {
        const fullValue = full.values[key];
        const fullText = Number.isFinite(fullValue) ? (fullValue * scale).toFixed(key === 'meanDistance' ? 3 : d) : '—';
        const cells = policies.map((p) => fmt(stat(shrinkRuns(r, dataset, p).map((x) => valueOf(x, key))), d, scale));
        lines.push(`| ${title} | ${fullText} | ${cells.join(' | ')} |`);
    }
    const n = shrinkRuns(r, dataset, policies[0]).length;
    lines.push('', `${n} seeds. Full space: exact values over the ${full.values.size.toLocaleString('en-US')} cells${space ? ' of the constrained space' : ''} (mean pairwise distance over 200,000 sampled pairs, seed 0).`);
    return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------------ searches

export function searchRuns(r: StudyResult, dataset: string, search: string, space: string, budget: number): Run[] {
    return r.runs.filter((x) => x.dataset === dataset && x.search === search && x.policy === space && x.budget === budget);
}

export function budgetsOf(r: StudyResult): number[] {
    return [...new Set(r.runs.filter((x) => x.budget !== undefined).map((x) => x.budget!))].sort((a, b) => a - b);
}

export function searchCell(runs: Run[], key = 'overallReport', digits = 2): { text: string; mean?: number } {
    const ok = runs.filter((x) => !x.values.infeasible);
    if (ok.length === 0) return { text: 'n/a' };
    const s = stat(ok.map((x) => x.values[key] ?? NaN));
    return { text: fmt(s, digits) + (ok.length < runs.length ? ` (${ok.length}/${runs.length})` : '') + stopsText(ok), mean: ok.length === runs.length ? s?.mean : undefined };
}

/** The searches that stopped before spending their budget, and why: ` [exhausted 12]`; empty when all spent it. */
export function stopsText(runs: Run[]): string {
    const counts = new Map<string, number>();
    for (const r of runs) if (r.stoppedBy !== undefined && r.stoppedBy !== 'budget') counts.set(r.stoppedBy, (counts.get(r.stoppedBy) ?? 0) + 1);
    return counts.size > 0 ? ` [${[...counts].sort().map(([reason, n]) => `${reason} ${n}`).join(', ')}]` : '';
}

/** Rows: (search, space); columns: budgets; the best complete mean of each (search, budget) in bold. */
export function searchTable(r: StudyResult, dataset: string, spaces: string[], titles: Record<string, string>, unit = 'queries'): string {
    const budgets = budgetsOf(r);
    const lines = [`| search | space | ${budgets.map((b) => `${b} ${unit}`).join(' | ')} |`, `|---|---|${budgets.map(() => '---:').join('|')}|`];
    for (const search of r.searches) {
        const cells = spaces.map((sp) => budgets.map((b) => searchCell(searchRuns(r, dataset, search, sp, b))));
        const best = budgets.map((_, j) => Math.max(...cells.map((row) => row[j].mean ?? -Infinity)));
        spaces.forEach((sp, i) => {
            const row = cells[i].map((c, j) => (c.mean !== undefined && c.mean === best[j] ? `**${c.text}**` : c.text));
            lines.push(`| ${search} | ${titles[sp] ?? sp} | ${row.join(' | ')} |`);
        });
    }
    return lines.join('\n');
}
