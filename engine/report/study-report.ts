/**
 * A study's report, twice: `study.md` (Markdown tables, for a README or a terminal) and `report.html` (the same
 * tables with legends and charts, on the run report's page). Pure text from a `StudyResult`: nothing here reads
 * or writes files (engine/run/study.ts does), so `lissnas report DIR` and the panels render the same thing.
 */

import { cards, esc, fmtMeanStd, NA, section, table } from './html.js';
import { metricLabel } from './labels.js';
import { renderReport } from './run-report.js';
import { STUDY_FORMAT, type Stat, type StudyResult, type StudySearchRow, type StudyShrinkRow } from './study-result.js';
import { lineChart, type Series } from './svg.js';

/** [key in the stats, column title, digits]: titles from the shared label map, so every report names a measure alike. */
const SHRINK_COLUMNS: Array<[string, string, number]> = [
    ['sizeLog10', metricLabel('sizeLog10'), 2],
    ['queries', metricLabel('queries'), 0],
    ['meanReport', metricLabel('meanReport'), 2],
    ['recallTop1%', metricLabel('recallTop1%'), 3],
    // A 0/1 per seed, so its mean is the share of seeds that kept the optimum.
    ['optimumKept', 'optimum kept (share of seeds)', 2],
    ['bestReport', metricLabel('bestReport'), 2],
    ['kendallTau', metricLabel('kendallTau'), 3],
];

/** What `n/a` means in each study table (the Markdown and HTML legends say the same). */
const NA_SHRINK = 'not measured for this policy (it evaluated nothing, as random_shrink, so it found no best; or no reference table)';
const NA_SEARCH = 'the shrinkage alone spent more queries than the budget, so no seed could search (or no seed found a report value)';
const HIGHLIGHT_SHRINK = 'the policy with the highest mean report of kept members (mean over seeds)';

/**
 * The stop reasons of a row's searches other than `budget` (the expected one), compactly: ` [exhausted 2]`;
 * empty when every search spent its budget.
 */
export function stopsNote(row: StudySearchRow): string {
    const others = Object.entries(row.stops ?? {}).filter(([reason]) => reason !== 'budget');
    return others.length > 0 ? ` [${others.map(([reason, n]) => `${reason} ${n}`).join(', ')}]` : '';
}

export const STOPS_LEGEND = '[reason k]: k seeds\' searches stopped before spending their budget, and why (exhausted: no unevaluated member left within reach; see docs/runs.md).';

function statText(s: Stat | undefined, digits: number): string {
    return s ? fmtMeanStd(s.mean, s.std, digits) : NA;
}

export function studyMarkdown(r: StudyResult): string {
    const out: string[] = [`# Study of ${r.file}`, '', `${r.seeds.length} seed(s) (${r.seeds[0]}..${r.seeds[r.seeds.length - 1]}), mean ± sample std; engine ${r.engineVersion}.`, ''];
    if (r.transferFrom !== undefined) out.push(transferNote(r.transferFrom), '');
    for (const dataset of sectionDatasets(r)) {
        out.push(`## Dataset ${dataset}`, '');
        if (r.shrink.some((x) => x.dataset === dataset)) {
            out.push('### Shrinkage', '');
            out.push(`| policy | kind | ${SHRINK_COLUMNS.map((c) => c[1].replace(/\u2060/g, '')).join(' | ')} |`, `|---|---|${SHRINK_COLUMNS.map(() => '---:').join('|')}|`);
            for (const row of r.shrink.filter((x) => x.dataset === dataset)) {
                out.push(`| ${row.policy} | ${row.kind} | ${SHRINK_COLUMNS.map(([k, , d]) => statText(row.stats[k], d)).join(' | ')} |`);
            }
            out.push('');
        }
        if (!r.search.some((x) => x.dataset === dataset)) continue;
        out.push('### Search at equal total budget (best report of the search; shrinkage queries included in the budget)', '');
        const budgets = [...new Set(r.search.filter((x) => x.dataset === dataset).map((x) => x.budget))].sort((a, b) => a - b);
        out.push(`| search | space | ${budgets.map((b) => `budget ${b}`).join(' | ')} |`, `|---|---|${budgets.map(() => '---:').join('|')}|`);
        for (const [search, space] of searchSpaces(r, dataset)) {
            const cells = budgets.map((b) => {
                const row = r.search.find((x) => x.dataset === dataset && x.search === search && x.space === space && x.budget === b);
                if (!row) return '';
                if (row.feasible === 0) return NA;
                return statText(row.bestReport, 2) + (row.feasible < r.seeds.length ? ` (${row.feasible}/${r.seeds.length})` : '') + stopsNote(row);
            });
            out.push(`| ${search} | ${space} | ${cells.join(' | ')} |`);
        }
        out.push('');
    }
    out.push(`${NA} in the shrinkage tables: ${NA_SHRINK}. ${NA} in the search tables: ${NA_SEARCH}. (k/N): only k of N seeds left budget for the search. ${STOPS_LEGEND}`, '');
    return out.join('\n');
}

/** Sections in order: under transfer, the dataset the policies shrank on first (its shrinkage), then the targets. */
export function sectionDatasets(r: StudyResult): string[] {
    return r.transferFrom !== undefined && !r.datasets.includes(r.transferFrom) ? [r.transferFrom, ...r.datasets] : r.datasets;
}

export function transferNote(source: string): string {
    return `Transfer: the policies shrank on ${source} only. A space \`P@${source}\` is policy P's space shrunk on ${source}; on each other dataset its searches get the whole budget (the shrinkage is free there: it evaluated on ${source}) against the full space at the same budget.`;
}

function searchSpaces(r: StudyResult, dataset: string): Array<[string, string]> {
    const seen = new Map<string, [string, string]>();
    for (const x of r.search) if (x.dataset === dataset) seen.set(`${x.search}\u0000${x.space}`, [x.search, x.space]);
    return [...seen.values()];
}

export function studyHtml(r: StudyResult): string {
    const sections: string[] = [];
    const head = cards([
            { label: 'Seeds', value: String(r.seeds.length), note: 'mean ± sample std over seeds' },
            { label: 'Datasets', value: r.datasets.join(', ') },
            { label: 'Policies', value: r.policies.join(', ') },
            { label: 'Searches', value: r.searches.join(', '), note: r.budgets === 'per-search' ? 'budgets from the file' : `budgets ${r.budgets.join(', ')}` },
    ]);
    if (r.transferFrom !== undefined) sections.push(`<p class="sub">${esc(transferNote(r.transferFrom))}</p>`);
    for (const dataset of sectionDatasets(r)) {
        const shrinkRows = r.shrink.filter((x) => x.dataset === dataset);
        const bestMean = Math.max(...shrinkRows.map((x) => x.stats.meanReport?.mean ?? -Infinity));
        let body = shrinkRows.length === 0 ? '' : `<h3>Shrinkage</h3>` + table(
            shrinkRows,
            [
                { title: 'Policy', cell: (x) => x.policy },
                { title: 'Kind', cell: (x) => x.kind },
                ...SHRINK_COLUMNS.map(([k, title, d]) => ({ title, cell: (x: StudyShrinkRow) => statText(x.stats[k], d), numeric: true })),
            ],
            { highlight: { when: (x) => x.stats.meanReport?.mean === bestMean, reason: HIGHLIGHT_SHRINK }, na: NA_SHRINK },
        );
        const budgets = [...new Set(r.search.filter((x) => x.dataset === dataset).map((x) => x.budget))].sort((a, b) => a - b);
        const pairs = searchSpaces(r, dataset);
        if (pairs.length === 0) {
            sections.push(section(`Dataset ${dataset}`, body, `dataset-${dataset}`));
            continue;
        }
        body += `<h3>Search at equal total budget</h3><p class="sub">Best report value found (mean ± std); a search inside a shrunk space spends the budget minus the shrinkage's queries.</p>`;
        body += table(pairs, [
            { title: 'Search', cell: ([s]) => s },
            { title: 'Space', cell: ([, sp]) => sp },
            ...budgets.map((b) => ({
                title: `budget ${b}`,
                numeric: true,
                cell: ([s, sp]: [string, string]) => {
                    const row = r.search.find((x) => x.dataset === dataset && x.search === s && x.space === sp && x.budget === b);
                    if (!row) return '';
                    if (row.feasible === 0) return NA;
                    return statText(row.bestReport, 2) + (row.feasible < r.seeds.length ? ` (${row.feasible}/${r.seeds.length})` : '') + stopsNote(row);
                },
            })),
        ], { na: NA_SEARCH });
        if (budgets.length > 1) {
            const series: Series[] = pairs.map(([s, sp]) => ({
                name: `${s} in ${sp}`,
                dashed: sp === 'full',
                points: budgets.flatMap((b) => {
                    const row = r.search.find((x) => x.dataset === dataset && x.search === s && x.space === sp && x.budget === b);
                    return row?.bestReport ? [[b, row.bestReport.mean] as [number, number]] : [];
                }),
            }));
            body += `<div class="charts">${lineChart(series, { title: 'Mean best report vs total budget (dashed: full space)', xLabel: 'total queries', yLabel: 'best report', integerX: true })}</div>`;
        }
        sections.push(section(`Dataset ${dataset}`, body, `dataset-${dataset}`));
    }
    // What n/a means is said under each table that shows it (html.ts `table`); (k/N) and stop reasons are said here.
    sections.push(`<p class="sub">(k/N) after a search value: only k of N seeds left budget for the search. ${esc(STOPS_LEGEND)} Source: ${esc(r.file)}.</p>`);
    return renderReport({ title: 'lissnas study', intro: head, examplesNote: r.examples?.length ? `Iterations and pockets below: seed ${r.seeds[0]}, dataset ${r.datasets[0]}.` : undefined, subtitle: `${r.file}: ${r.policies.length} policies × ${r.seeds.length} seeds × ${r.datasets.length} dataset(s)`, shrinks: r.examples ?? [], extraSections: sections, footer: `lissnas ${r.engineVersion}, ${STUDY_FORMAT}` });
}
