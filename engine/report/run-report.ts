import { backendText, comparisonRow, RESULT_FORMAT, type ComparisonRow, type FailureSummary, type RunResult, type SearchResult, type ShrinkResult } from './result.js';
import { cards, esc, fmt, fmtInt, NA, page, section, table, warning } from './html.js';
import { metricDigits, metricLabel } from './labels.js';
import { lineChart, type ChartMarker, type Series } from './svg.js';

/**
 * The report of a run, a demo or a study: one self-contained HTML page (inline CSS and SVG, strict CSP).
 * Sections appear only when there is something to show, in the order a reader asks questions:
 * what came out (cards) -> how it got there (charts) -> where the good networks are (pockets) -> is it better
 * than the baselines (comparison) -> does searching inside it pay off (searches, study tables).
 * A search report is about the search: its cards and curve come first, the shrinkage it ran inside follows as
 * its own section (its best is not the search's best).
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
    const headSearch = input.intro ? undefined : input.searches?.[0];
    if (input.intro) body.push(input.intro);
    else if (headSearch) body.push(failureWarning(headSearch.failures, `search ${headSearch.name}`), searchCards(headSearch));
    else if (primary) body.push(failureWarning(primary.failures, `policy ${primary.name}`), summaryCards(primary));
    body.push(...(input.extraSections ?? []));
    if (headSearch) body.push(section('Search', searchSection(input.searches!), 'searches'));
    if (headSearch && primary) {
        body.push(
            section(
                `The shrinkage the search ran inside: ${primary.name}`,
                `<p class="sub">Before the search, policy ${esc(primary.name)} shrank the space with ${esc(fmtInt(primary.queries))} queries; they count in the search's budget. Its results below are the shrinkage's, not the search's.</p>` +
                    failureWarning(primary.failures, `the shrinkage ${primary.name}`) +
                    summaryCards(primary),
                'shrinkage',
            ),
        );
    }
    const withHistory = input.shrinks.filter((s) => s.history.length > 0);
    const note = input.examplesNote ? `<p class="sub">${esc(input.examplesNote)}</p>` : '';
    if (withHistory.length > 0) body.push(section('Shrinkage per iteration', note + iterationCharts(withHistory), 'iterations'));
    for (const s of input.shrinks) {
        if (s.pockets.length > 0) body.push(section(`Pockets of ${s.name}`, pocketTable(s), `pockets-${s.name}`));
    }
    if (input.comparison && input.comparison.length > 0) {
        const title = input.comparison.length > 1 ? 'Comparison with baselines' : `Quality of the shrunk space ${input.comparison[0].name}`;
        body.push(section(title, comparisonTable(input.comparison, primary?.name), 'comparison'));
    }
    if (!headSearch && input.searches && input.searches.length > 0) body.push(section('Searches', searchSection(input.searches), 'searches'));
    return page(input.title, input.subtitle, body.filter((b) => b !== '').join('\n'), input.footer);
}

/**
 * What the run report shows of run.json. engine/run/run-dir.ts's `RunManifest` has these fields (and more); the
 * report names only what it reads, so it needs nothing of engine/run/.
 */
export interface RunReportHeader {
    command: string;
    name: string;
    seed: number;
    dataset?: string;
    /** The `.nas` file the run came from. */
    source?: string;
    engineVersion: string;
    /** ISO time the run was created. */
    created: string;
}

/** report.html of a run, from run.json and result.json alone (so `lissnas report DIR` can redo it). */
export function renderRunReport(manifest: RunReportHeader, result: RunResult): string {
    const shrinks = result.command === 'shrink' ? [result] : result.shrink ? [result.shrink] : [];
    const searches = result.command === 'search' ? [result] : [];
    const comparison = result.command === 'shrink' ? (result.comparison ?? []) : result.shrink ? [comparisonRow(result.shrink)] : [];
    const backend = result.backend ?? (result.command === 'search' ? result.shrink?.backend : undefined);
    const backendWords = backend ? `, back-end ${backendText(backend)}` : '';
    return renderReport({
        title: `lissnas ${manifest.command} ${manifest.name}`,
        subtitle: `seed ${manifest.seed}${manifest.dataset ? `, dataset ${manifest.dataset}` : ''}${backendWords}${manifest.source ? ` — ${manifest.source}` : ''}`,
        shrinks,
        searches,
        comparison,
        footer: `lissnas ${manifest.engineVersion}, ${RESULT_FORMAT}, run created ${manifest.created}`,
    });
}

/** "N failed evaluations" with the first reasons; empty when nothing failed. */
export function failureWarning(failures: FailureSummary | undefined, where: string): string {
    if (!failures || failures.count <= 0) return '';
    const shown = failures.first.map((f) => `${f.arch}: ${f.error}`);
    const more = failures.count > failures.first.length ? `The first ${failures.first.length} are shown; ` : '';
    return warning(
        `${fmtInt(failures.count)} failed evaluation${failures.count === 1 ? '' : 's'} in ${where}`,
        shown,
        `${more}every failure is recorded in journal.jsonl of the run directory. Failed evaluations count as queries but never become seeds or a best.`,
    );
}

/**
 * The history row (iteration) that sampled the result space. result.json's `chosenIteration` is the iteration that
 * BUILT the space, so the row that sampled it is the next one (none when it was built after the last iteration).
 * For older result files without it: the last history row with the result's size when the last row differs and
 * the run stopped on a plateau (or did not record why), since only the plateau rule returns an earlier space.
 */
export function chosenIterationOf(s: ShrinkResult): number | undefined {
    if (s.chosenIteration !== undefined) return s.history.find((h) => h.iteration === s.chosenIteration! + 1)?.iteration;
    const last = s.history[s.history.length - 1];
    if (!last || last.size === s.size) return undefined;
    if (s.stopReason !== undefined && s.stopReason !== 'plateau') return undefined;
    for (let i = s.history.length - 2; i >= 0; i--) if (s.history[i].size === s.size) return s.history[i].iteration;
    return undefined;
}

/** Where the result space comes from, in words, when the last iteration row does not show it. */
function resultOrigin(s: ShrinkResult): string | undefined {
    const last = s.history[s.history.length - 1];
    if (!last) return undefined;
    const chosen = chosenIterationOf(s);
    if (chosen !== undefined && chosen !== last.iteration) {
        return `the space iteration ${chosen} sampled, kept by the ${s.stopReason ?? 'plateau'} rule (iteration ${last.iteration} sampled ${sizeText(last.size, last.sizeLog10)})`;
    }
    if (last.size !== s.size) return `built after iteration ${last.iteration} (not sampled by any iteration)`;
    return undefined;
}

function summaryCards(s: ShrinkResult): string {
    const reduction = s.fullSizeLog10 - s.sizeLog10;
    const origin = resultOrigin(s);
    return cards([
        { label: 'Policy', value: s.name, note: `${s.policy}, seed ${s.seed}${s.dataset ? `, ${s.dataset}` : ''}` },
        { label: 'Space size', value: sizeText(s.size, s.sizeLog10), note: `from ${sizeText(s.fullSize, s.fullSizeLog10)}${origin ? `; ${origin}` : ''}` },
        { label: 'Reduction', value: reduction >= 0.005 ? `${(10 ** reduction).toPrecision(3)}×` : '1×', note: `${fmt(reduction)} orders of magnitude` },
        { label: 'Queries', value: fmtInt(s.queries), note: `${s.history.length} iteration(s)` },
        ...(s.stopReason ? [{ label: 'Stopped', value: s.stopReason, note: stopNote(s.stopReason) }] : []),
        // The best the policy evaluated: it may lie outside the kept space (the pockets table shows what is kept).
        { label: 'Best evaluated (report)', value: fmt(s.best?.report), note: s.best ? `search metric ${fmt(s.best.metric)}; may lie outside the kept space` : undefined },
        { label: 'Pockets', value: String(s.pockets.length), note: s.pockets.length ? `${fmtInt(s.pockets.reduce((a, p) => a + p.members, 0))} members in all` : undefined },
        ...(s.failures && s.failures.count > 0 ? [{ label: 'Failed evaluations', value: fmtInt(s.failures.count), note: 'see the warning above', warn: true }] : []),
    ]);
}

const STOP_NOTES: Record<string, string> = {
    budget: 'the budget was spent',
    exhausted: 'every architecture of the space was evaluated',
    stalled: 'no new architecture could be found',
    plateau: 'the sample mean stopped improving',
    max_iterations: 'the iteration limit was reached',
    cancelled: 'interrupted; resume to finish',
    done: 'the policy finished',
};

function stopNote(reason: string): string | undefined {
    return STOP_NOTES[reason];
}

function spentOf(s: SearchResult): number {
    return s.shrinkQueries + s.queries;
}

function searchCards(s: SearchResult): string {
    const spent = spentOf(s);
    const under = spent < s.budget;
    return cards([
        { label: 'Search', value: s.name, note: `${s.search} in ${s.target}, seed ${s.seed}${s.dataset ? `, ${s.dataset}` : ''}` },
        ...(s.start !== undefined ? [{ label: 'Started at', value: s.start, note: 'evaluated first (--start)' }] : []),
        { label: 'Best found by the search (report)', value: fmt(s.best?.report), note: s.best ? `search metric ${fmt(s.best.metric)}` : 'no successful evaluation' },
        {
            label: 'Queries spent',
            value: `${fmtInt(spent)} of ${fmtInt(s.budget)}`,
            note: `${s.shrinkQueries ? `${fmtInt(s.shrinkQueries)} shrinkage + ` : ''}${fmtInt(s.queries)} search queries${under ? `; ${fmtInt(s.budget - spent)} unspent` : ''}`,
            warn: under,
        },
        ...(s.stopReason || under ? [{ label: 'Stopped', value: s.stopReason ?? NA, note: s.stopReason ? stopNote(s.stopReason) : 'the run did not record why it stopped before its budget' }] : []),
        ...(s.failures && s.failures.count > 0 ? [{ label: 'Failed evaluations', value: fmtInt(s.failures.count), note: 'see the warning above', warn: true }] : []),
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
    const chosen = new Map(shrinks.map((s) => [s, chosenIterationOf(s)]));
    const markers: ChartMarker[] = shrinks.flatMap((s) => {
        const c = chosen.get(s);
        const last = s.history[s.history.length - 1]?.iteration;
        return c !== undefined && c !== last ? [{ x: c, label: `${shrinks.length > 1 ? `${s.name}: ` : ''}result = space of iteration ${c}`, kind: 'chosen' as const }] : [];
    });
    const rows = shrinks.flatMap((s) => s.history.map((h) => ({ s, h })));
    const isChosen = (r: { s: ShrinkResult; h: { iteration: number } }): boolean => {
        const c = chosen.get(r.s);
        return c !== undefined && c === r.h.iteration && c !== r.s.history[r.s.history.length - 1]?.iteration;
    };
    const anyChosen = rows.some(isChosen);
    return (
        `<div class="charts">` +
        lineChart(acc, { title: 'Search metric of the sample per iteration (solid: best, dashed: mean)', xLabel: 'iteration', yLabel: 'metric', integerX: true, markers }) +
        lineChart(size, { title: 'Size of the space each iteration samples from (log scale)', xLabel: 'iteration', yLabel: 'size', log10: true, integerX: true, markers }) +
        `</div>` +
        table(
            rows,
            [
                { title: 'Policy', cell: (r) => r.s.name },
                { title: 'Iteration', cell: (r) => `${r.h.iteration}${isChosen(r) ? ' (chosen)' : ''}`, numeric: true },
                { title: 'Sample mean', cell: (r) => fmt(r.h.sampleMean), numeric: true },
                { title: 'Sample best', cell: (r) => fmt(r.h.sampleBest), numeric: true },
                { title: 'Size of the space sampled', cell: (r) => sizeText(r.h.size, r.h.sizeLog10), numeric: true },
                { title: 'Queries (cumulative)', cell: (r) => fmtInt(r.h.queries), numeric: true },
            ],
            anyChosen
                ? {
                      highlight: {
                          when: isChosen,
                          reason: 'the chosen iteration: the result is the space it sampled, because later iterations did not improve the sample mean (plateau rule)',
                      },
                  }
                : {},
        )
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
        {
            highlight: { when: (p) => p.bestReport !== undefined && p.bestReport === best, reason: 'the pocket holding the best report value' },
            caption,
            na: 'no member of the pocket has this value (not evaluated, or no report column)',
        },
    );
}

/**
 * Spaces side by side: one column per space (the full space and the policies), one row per measure with its human
 * name (labels.ts). Transposed because there are few spaces and many measures: it fits any page width, and the
 * measure names get a whole line instead of a squeezed column header.
 */
export function comparisonTable(rows: readonly ComparisonRow[], highlightName?: string): string {
    const keys: string[] = [];
    for (const r of rows) for (const k of Object.keys(r.metrics)) if (!keys.includes(k)) keys.push(k);
    const metricCell = (r: ComparisonRow, k: string): string => {
        const v = r.metrics[k];
        if (k === 'optimumKept' && (v === 0 || v === 1)) return v === 1 ? 'yes' : 'no';
        return fmt(v, metricDigits(k));
    };
    const measures: Array<{ label: string; cell: (r: ComparisonRow) => string }> = [
        { label: 'kind', cell: (r) => r.kind },
        { label: 'size (architectures)', cell: (r) => sizeText(r.size, r.sizeLog10) },
        { label: 'queries spent', cell: (r) => fmtInt(r.queries) },
        ...keys.map((k) => ({ label: metricLabel(k), cell: (r: ComparisonRow) => metricCell(r, k) })),
    ];
    const mine = rows.length > 1 && highlightName !== undefined;
    return table(
        measures,
        [
            { title: 'Measure', cell: (m) => m.label },
            ...rows.map((r) => ({ title: r.name === highlightName && mine ? `${r.name} (this run)` : r.name, cell: (m: { cell: (r: ComparisonRow) => string }) => m.cell(r), numeric: true })),
        ],
        { na: 'not computed for this space', compact: true, caption: 'Measured against the whole benchmark table; definitions in docs/metrics.md.' },
    );
}

function searchSection(searches: SearchResult[]): string {
    const series: Series[] = [];
    const markers: ChartMarker[] = [];
    const addMarker = (m: ChartMarker): void => {
        if (!markers.some((x) => x.x === m.x && x.kind === m.kind)) markers.push(m);
    };
    const several = searches.length > 1;
    for (const s of searches) {
        const spent = spentOf(s);
        series.push({
            name: `${s.name}: the search's best so far`,
            points: s.trajectory.flatMap((r, i) => (r === null ? [] : [[s.shrinkQueries + i + 1, r] as [number, number]])),
        });
        const shrinkBest = s.shrink?.best?.report;
        if (s.shrinkQueries > 0 && shrinkBest !== undefined) {
            series.push({
                name: `best of the shrinkage ${s.shrink!.name} (for reference)`,
                dashed: true,
                color: '#6b6f7a',
                points: [
                    [s.shrinkQueries, shrinkBest],
                    [Math.max(spent, s.shrinkQueries + 1), shrinkBest],
                ],
            });
        }
        if (s.shrinkQueries > 0) addMarker({ x: s.shrinkQueries, label: `shrinkage ends (${fmtInt(s.shrinkQueries)})`, kind: 'phase' });
        if (spent < s.budget) addMarker({ x: spent, label: `${several ? `${s.name} ` : ''}stopped at ${fmtInt(spent)}${s.stopReason ? `: ${s.stopReason}` : ''}`, kind: 'stop' });
        addMarker({ x: s.budget, label: `budget ${fmtInt(s.budget)}`, kind: 'budget' });
    }
    const withShrink = searches.some((s) => s.shrinkQueries > 0);
    const title = withShrink
        ? "Report value of the search's best so far vs total queries: the x axis counts the shrinkage's queries first; the solid curve covers only the search's own evaluations, the dashed line is the shrinkage's best. The best is chosen by the search metric, so its report value can drop."
        : "Report value of the search's best so far vs queries. The best is chosen by the search metric, so its report value can drop.";
    const anyStop = searches.some((s) => s.stopReason !== undefined);
    return (
        `<div class="charts wide">` +
        lineChart(series, { title, xLabel: 'total queries', yLabel: 'report of best', integerX: true, markers, width: 760, height: 320 }) +
        `</div>` +
        table(
            searches,
            [
                { title: 'Search', cell: (s) => s.name },
                { title: 'Algorithm', cell: (s) => s.search },
                { title: 'In', cell: (s) => s.target },
                { title: 'Budget', cell: (s) => fmtInt(s.budget), numeric: true },
                { title: 'Shrinkage queries', cell: (s) => fmtInt(s.shrinkQueries), numeric: true },
                { title: 'Search queries', cell: (s) => fmtInt(s.queries), numeric: true },
                ...(anyStop ? [{ title: 'Stopped because', cell: (s: SearchResult) => s.stopReason ?? NA }] : []),
                { title: 'Best metric', cell: (s) => fmt(s.best?.metric), numeric: true },
                { title: 'Best report', cell: (s) => fmt(s.best?.report), numeric: true },
                { title: 'Best architecture', cell: (s) => `<span class="arch">${esc(s.best?.arch ?? NA)}</span>`, html: true },
            ],
            { na: 'no successful evaluation, no report column, or no stop reason recorded' },
        )
    );
}
