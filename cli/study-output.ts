import { sectionDatasets, STOPS_LEGEND, stopsNote, transferNote } from '../engine/report/study-report.js';
import type { Stat, StudyResult } from '../engine/report/study-result.js';
import type { CliIo } from './io.js';
import { textTable } from './text-table.js';

const ms = (s: Stat | undefined, d = 2): string => (s ? `${s.mean.toFixed(d)} ± ${s.std.toFixed(d)}` : '-');

/** The study's two tables per dataset, for a terminal. */
export function printStudy(r: StudyResult, io: CliIo): void {
    const out: string[] = r.transferFrom !== undefined ? ['', transferNote(r.transferFrom)] : [];
    for (const dataset of sectionDatasets(r)) {
        const shrinkRows = r.shrink.filter((x) => x.dataset === dataset);
        // Under transfer a target dataset has no shrinkage of its own (and the source no searches).
        if (shrinkRows.length > 0 || r.transferFrom === undefined) {
            out.push('', `dataset ${dataset}: shrinkage (${r.seeds.length} seeds, mean ± std)`);
            out.push(
                textTable(
                    ['policy', 'kind', 'log10 size', 'queries', 'mean report', 'top-1% kept', 'best found'],
                    shrinkRows.map((x) => [x.policy, x.kind, ms(x.stats.sizeLog10), ms(x.stats.queries, 0), ms(x.stats.meanReport), ms(x.stats['recallTop1%'], 3), ms(x.stats.bestReport)]),
                ),
            );
        }
        const rows = r.search.filter((x) => x.dataset === dataset);
        if (rows.length === 0) continue;
        const budgets = [...new Set(rows.map((x) => x.budget))].sort((a, b) => a - b);
        const pairs = [...new Map(rows.map((x) => [`${x.search}\u0000${x.space}`, [x.search, x.space] as const])).values()];
        out.push('', `dataset ${dataset}: best report found by each search at equal total budget (shrinkage queries included)`);
        out.push(
            textTable(
                ['search', 'space', ...budgets.map((b) => `budget ${b}`)],
                pairs.map(([s, sp]) => [
                    s,
                    sp,
                    ...budgets.map((b) => {
                        const row = rows.find((x) => x.search === s && x.space === sp && x.budget === b);
                        if (!row) return '';
                        if (row.feasible === 0) return 'n/a';
                        return ms(row.bestReport) + (row.feasible < r.seeds.length ? ` (${row.feasible}/${r.seeds.length})` : '') + stopsNote(row);
                    }),
                ]),
            ),
        );
    }
    if (r.search.some((x) => stopsNote(x) !== '')) out.push('', STOPS_LEGEND);
    io.stdout.write(out.join('\n').replace(/^\n/, '') + '\n');
}
