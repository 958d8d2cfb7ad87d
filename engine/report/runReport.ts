import type { ComparisonRow, SearchResult, ShrinkResult } from '../run/result.js';
import { cards, esc, fmt, fmtInt, page, section, table } from './html.js';
import { lineChart, type Series } from './svg.js';

/**
 * The report of a run, a demo or a study: one self-contained HTML page (inline CSS and SVG, strict CSP).
 * Sections appear only when there is something to show, in the order a reader asks questions:
 * what came out (cards) -> how it got there (charts) -> where the good networks are (pockets) -> is it better
 * than the baselines (comparison) -> does searching inside it pay off (searches, study tables).
 */
export interface ReportInput {
    title: string;
    subtitle: string;
    shrinks: ShrinkResult[];
    searches?: SearchResult[];
    comparison?: ComparisonRow[];
    /** Extra sections already rendered (study tables), escaped by their builder; they come first. */
    extraSections?: string[];
    /** Rendered HTML replacing the summary cards (studies). */
    intro?: string;
    /** A sentence above the per-iteration charts (studies: which seed they show). */
    examplesNote?: string;
    footer: string;
}

export function renderReport(input: ReportInput): string {
    const body: string[] = [];
    const primary = input.shrinks[0];
    if (input.intro) body.push(input.intro);
    else if (primary) body.push(summaryCards(primary));
    else if (input.searches?.[0]) body.push(searchCards(input.searches[0]));
    body.push(...(input.extraSections ?? []));
    const withHistory = input.shrinks.filter((s) => s.history.length > 0);
    const note = input.examplesNote ? `<p class="sub">${esc(input.examplesNote)}</p>` : '';
    if (withHistory.length > 0) body.push(section('Shrinkage per iteration', note + iterationCharts(withHistory), 'iterations'));
    for (const s of input.shrinks) {
        if (s.pockets.length > 0) body.push(section(`Pockets of ${s.name}`, pocketTable(s), `pockets-${s.name}`));
    }
    if (input.comparison && input.comparison.length > 0) {
        body.push(section('Comparison with baselines', comparisonTable(input.comparison, primary?.name), 'comparison'));
    }
    if (input.searches && input.searches.length > 0) body.push(section('Searches', searchSection(input.searches), 'searches'));
    return page(input.title, input.subtitle, body.join('\n'), input.footer);
}

function summaryCards(s: ShrinkResult): string {
    const reduction = s.fullSizeLog10 - s.sizeLog10;
    return cards([
        { label: 'Policy', value: s.name, note: `${s.policy}, seed ${s.seed}${s.dataset ? `, ${s.dataset}` : ''}` },
        { label: 'Space size', value: sizeText(s.size, s.sizeLog10), note: `from ${sizeText(s.fullSize, s.fullSizeLog10)}` },
        { label: 'Reduction', value: reduction >= 0.005 ? `${(10 ** reduction).toPrecision(3)}×` : '1×', note: `${fmt(reduction)} orders of magnitude` },
        { label: 'Queries', value: fmtInt(s.queries), note: `${s.history.length} iteration(s)` },
        { label: 'Best found (report)', value: fmt(s.best?.report), note: s.best ? `search metric ${fmt(s.best.metric)}` : undefined },
        { label: 'Pockets', value: String(s.pockets.length), note: s.pockets.length ? `${fmtInt(s.pockets.reduce((a, p) => a + p.members, 0))} members in all` : undefined },
    ]);
}

function searchCards(s: SearchResult): string {
    return cards([
        { label: 'Search', value: s.name, note: `${s.search} in ${s.target}, seed ${s.seed}` },
        { label: 'Budget', value: fmtInt(s.budget), note: `${s.shrinkQueries} shrinkage + ${s.queries} search queries` },
        { label: 'Best (report)', value: fmt(s.best?.report), note: s.best ? `search metric ${fmt(s.best.metric)}` : undefined },
    ]);
}

/** Small sizes exactly, big ones as powers of ten. */
export function sizeText(digits: string, log10: number): string {
    return digits.length <= 12 ? fmtInt(digits) : `10^${log10.toFixed(2)}`;
}

function iterationCharts(shrinks: ShrinkResult[]): string {
    const acc: Series[] = [];
    shrinks.forEach((s) => {
        acc.push({ name: `${s.name} best`, points: s.history.map((h) => [h.iteration, h.sampleBest]) });
        acc.push({ name: `${s.name} mean`, points: s.history.map((h) => [h.iteration, h.sampleMean]), dashed: true });
    });
    // Same colour for a policy's best (solid) and mean (dashed).
    acc.forEach((series, i) => (series.color = ['#2f6fde', '#e0701f', '#1f9d55', '#c03a6b', '#7d55c7'][Math.floor(i / 2) % 5]));
    const size: Series[] = shrinks.map((s) => ({
        name: s.name,
        points: s.history.map((h) => [h.iteration, h.sizeLog10] as [number, number]),
    }));
    const rows = shrinks.flatMap((s) => s.history.map((h) => ({ s, h })));
    return (
        `<div class="charts">` +
        lineChart(acc, { title: 'Search metric of the sample per iteration (solid: best, dashed: mean)', xLabel: 'iteration', yLabel: 'metric', integerX: true }) +
        lineChart(size, { title: 'Size of the space each iteration samples from (log scale)', xLabel: 'iteration', yLabel: 'size', log10: true, integerX: true }) +
        `</div>` +
        table(rows, [
            { title: 'Policy', cell: (r) => r.s.name },
            { title: 'Iteration', cell: (r) => String(r.h.iteration), numeric: true },
            { title: 'Sample mean', cell: (r) => fmt(r.h.sampleMean), numeric: true },
            { title: 'Sample best', cell: (r) => fmt(r.h.sampleBest), numeric: true },
                        { title: 'Size', cell: (r) => sizeText(r.h.size, r.h.sizeLog10), numeric: true },
            { title: 'Queries', cell: (r) => fmtInt(r.h.queries), numeric: true },
        ])
    );
}

const MAX_POCKETS = 15;

function pocketTable(s: ShrinkResult): string {
    const best = Math.max(...s.pockets.map((p) => p.bestReport ?? -Infinity));
    const shown = s.pockets
        .map((p, i) => ({ p, i }))
        .sort((a, b) => (b.p.bestReport ?? -Infinity) - (a.p.bestReport ?? -Infinity) || a.i - b.i)
        .slice(0, MAX_POCKETS);
    const caption = shown.length < s.pockets.length ? `the ${shown.length} best of ${s.pockets.length} pockets (by best report)` : `${s.pockets.length} pocket(s), best first`;
    return table(
        shown.map((x) => x.p),
        [
            { title: '#', cell: (p) => String(s.pockets.indexOf(p) + 1), numeric: true },
            { title: 'Seed architecture', cell: (p) => `<span class="arch">${esc(p.seed)}</span>`, html: true },
            { title: 'Members', cell: (p) => fmtInt(p.members), numeric: true },
            { title: 'Radius', cell: (p) => String(p.radius), numeric: true },
            { title: 'Best metric', cell: (p) => fmt(p.bestMetric), numeric: true },
            { title: 'Mean metric', cell: (p) => fmt(p.meanMetric), numeric: true },
            { title: 'Best report', cell: (p) => fmt(p.bestReport), numeric: true },
            { title: 'Mean report', cell: (p) => fmt(p.meanReport), numeric: true },
        ],
        { highlight: (p) => p.bestReport !== undefined && p.bestReport === best, caption },
    );
}

/** Metric names become columns; the union over rows, in first-seen order. */
export function comparisonTable(rows: readonly ComparisonRow[], highlightName?: string): string {
    const keys: string[] = [];
    for (const r of rows) for (const k of Object.keys(r.metrics)) if (!keys.includes(k)) keys.push(k);
    return table(
        rows,
        [
            { title: 'Space', cell: (r) => r.name },
            { title: 'Kind', cell: (r) => r.kind },
            { title: 'Size', cell: (r) => sizeText(r.size, r.sizeLog10), numeric: true },
            { title: 'Queries', cell: (r) => fmtInt(r.queries), numeric: true },
            ...keys.map((k) => ({ title: k, cell: (r: ComparisonRow) => fmt(r.metrics[k], k.includes('%') || /kept|fraction/i.test(k) ? 3 : 2), numeric: true })),
        ],
        { highlight: (r) => r.name === highlightName },
    );
}

function searchSection(searches: SearchResult[]): string {
    const series: Series[] = searches.map((s) => ({
        name: s.name,
        points: s.trajectory.flatMap((r, i) => (r === null ? [] : [[s.shrinkQueries + i + 1, r] as [number, number]])),
    }));
    return (
        `<div class="charts">` +
        lineChart(series, { title: 'Report metric of the best-so-far vs total queries (shrinkage included)', xLabel: 'queries', yLabel: 'report of best', integerX: true }) +
        `</div>` +
        table(searches, [
            { title: 'Search', cell: (s) => s.name },
            { title: 'Algorithm', cell: (s) => s.search },
            { title: 'In', cell: (s) => s.target },
            { title: 'Shrink queries', cell: (s) => fmtInt(s.shrinkQueries), numeric: true },
            { title: 'Search queries', cell: (s) => fmtInt(s.queries), numeric: true },
            { title: 'Best metric', cell: (s) => fmt(s.best?.metric), numeric: true },
            { title: 'Best report', cell: (s) => fmt(s.best?.report), numeric: true },
            { title: 'Best architecture', cell: (s) => `<span class="arch">${esc(s.best?.arch ?? '—')}</span>`, html: true },
        ])
    );
}
