import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cards, esc, fmtMeanStd, section, table } from '../report/html.js';
import { renderReport } from '../report/runReport.js';
import { lineChart, type Series } from '../report/svg.js';
import type { EvaluationResult } from '../evaluate/types.js';
import type { DocumentSpec, SearchSpec } from '../spec.js';
import { switchDataset } from './datasets.js';
import type { RunReporter } from './progress.js';
import { engineVersion, writeFileAtomic, writeJson } from './runDir.js';
import { RunSession } from './session.js';
import { claimOutputDir } from './outputDir.js';
import type { ShrinkResult } from './result.js';

/** The dataset label when no `--datasets` switch is given: the evaluators' columns as the file declares them. */
const AS_DECLARED = 'as declared';

/**
 * `lissnas study`: every policy x seed x dataset, then every search in the full space and inside each shrunk
 * space at equal TOTAL budgets (a search inside a shrunk space gets the budget minus the shrinkage's queries,
 * and reuses the shrinkage's evaluations for free), aggregated as mean ± sample standard deviation over seeds.
 *
 * Isolation: each (dataset, seed, policy) runs in its own session (its own cache: no policy profits from
 * another's queries), and each (search, budget, space) starts from a clean cache holding only the evaluations
 * its shrinkage paid for. Seeds are 0..N-1, applied to every policy and search of the document.
 */

export const STUDY_FORMAT = 'lissnas-study/1';

export interface StudyOptions {
    doc: DocumentSpec;
    file: string;
    policies: string[];
    searches: string[];
    seeds: number;
    /** Dataset prefixes (`c10`, ...); empty: the document as written. */
    datasets: string[];
    /** Total budgets; empty: each search's own `budget` setting. */
    budgets: number[];
    out: string;
    reporter: RunReporter;
}

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
    /** `full` or the policy name. */
    space: string;
    budget: number;
    /** Seeds where the shrinkage left budget for the search (the others are excluded from the stats). */
    feasible: number;
    bestReport?: Stat;
    bestMetric?: Stat;
    shrinkQueries?: Stat;
}

export interface StudyResult {
    format: typeof STUDY_FORMAT;
    engineVersion: string;
    file: string;
    seeds: number[];
    datasets: string[];
    policies: string[];
    searches: string[];
    budgets: number[] | 'per-search';
    shrink: StudyShrinkRow[];
    search: StudySearchRow[];
    /** Seed 0 shrink results of the first dataset: iteration charts and pockets for the report. */
    examples: ShrinkResult[];
    /** Per-seed raw numbers, for other statistics. */
    runs: Array<{ dataset: string; seed: number; policy?: string; search?: string; budget?: number; values: Record<string, number> }>;
}

export function stat(xs: readonly number[]): Stat | undefined {
    const ok = xs.filter((x) => Number.isFinite(x));
    if (ok.length === 0) return undefined;
    const mean = ok.reduce((a, b) => a + b, 0) / ok.length;
    const variance = ok.length > 1 ? ok.reduce((a, x) => a + (x - mean) ** 2, 0) / (ok.length - 1) : 0;
    return { mean, std: Math.sqrt(variance), n: ok.length };
}

/** Every policy and search of the document gets `seed` (so `match` and search targets follow the same seed). */
export function withSeedEverywhere(doc: DocumentSpec, seed: number): DocumentSpec {
    const copy = structuredClone(doc);
    for (const x of [...copy.policies, ...copy.searches]) {
        x.settings = [...x.settings.filter((s) => s.key !== 'seed'), { key: 'seed', values: [{ kind: 'number', value: seed }] }];
    }
    return copy;
}

function budgetOf(spec: SearchSpec): number | undefined {
    const v = spec.settings.find((s) => s.key === 'budget')?.values[0];
    return v?.kind === 'number' ? v.value : undefined;
}

export async function runStudy(options: StudyOptions): Promise<{ result: StudyResult; files: string[] }> {
    const { doc } = options;
    // Hundreds of policy runs: their per-iteration lines would drown the progress; the study reports its own.
    const reporter: RunReporter = {
        emit: (event) => {
            if (event.event !== 'iteration' && event.event !== 'evaluation' && !(event.event === 'progress' && event.phase !== 'study')) options.reporter.emit(event);
        },
        close: () => options.reporter.close(),
    };
    for (const p of options.policies) if (!doc.policies.some((x) => x.name === p)) throw new Error(`no policy named '${p}' (policies: ${doc.policies.map((x) => x.name).join(', ')})`);
    for (const s of options.searches) if (!doc.searches.some((x) => x.name === s)) throw new Error(`no search named '${s}' (searches: ${doc.searches.map((x) => x.name).join(', ')})`);
    // Refused before any work: a study writes only into a new or empty directory, never into a run's.
    claimOutputDir(options.out, 'study');
    const seeds = Array.from({ length: options.seeds }, (_, i) => i);
    const datasets = options.datasets.length > 0 ? options.datasets : [AS_DECLARED];
    const budgetsFor = (spec: SearchSpec): number[] => {
        if (options.budgets.length > 0) return options.budgets;
        const b = budgetOf(spec);
        if (b === undefined) throw new Error(`search ${spec.name}: no \`budget\` setting; give --budgets`);
        return [b];
    };
    const runs: StudyResult['runs'] = [];
    const examples: ShrinkResult[] = [];
    const total = datasets.length * seeds.length * (options.policies.length + 1);
    let done = 0;
    reporter.emit({ event: 'start', command: 'study', name: options.file, seed: 0, journaled: 0 });
    for (const dataset of datasets) {
        const base = dataset === AS_DECLARED ? doc : switchDataset(doc, dataset);
        for (const seed of seeds) {
            const seeded = withSeedEverywhere(base, seed);
            // Searches in the full space: one session, a clean cache per search and budget.
            const fullSession = new RunSession(seeded, [], undefined, reporter);
            for (const name of options.searches) {
                const spec = fullSession.searchSpec(name);
                const space = fullSession.space(spaceOfSearch(seeded, spec));
                for (const budget of budgetsFor(spec)) {
                    const r = await fullSession.searchFresh(spec, space, budget, [], 0);
                    runs.push({ dataset, seed, policy: 'full', search: name, budget, values: { ...searchValues(r, 0), ...overallValues([], r.best) } });
                }
            }
            reporter.emit({ event: 'progress', phase: 'study', done: ++done, total });
            for (const policy of options.policies) {
                const session = new RunSession(seeded, [], undefined, reporter);
                const shrink = await session.shrinkResult(policy, dataset === AS_DECLARED ? undefined : dataset);
                if (dataset === datasets[0] && seed === seeds[0]) examples.push(shrink);
                const policyResult = await session.policy(policy);
                const policySpec = session.policySpec(policy);
                runs.push({
                    dataset,
                    seed,
                    policy,
                    values: { sizeLog10: shrink.sizeLog10, queries: shrink.queries, ...(shrink.best?.report !== undefined ? { bestReport: shrink.best.report } : {}), ...shrink.metrics },
                });
                for (const name of options.searches) {
                    const spec = session.searchSpec(name);
                    const evaluatorName = spec.evaluator ?? policySpec.evaluator;
                    const searchSpec = { ...spec, evaluator: evaluatorName };
                    // The shrinkage's evaluations are paid; a search with another evaluator starts from nothing.
                    const paid = evaluatorName !== undefined && evaluatorName === policySpec.evaluator ? session.seenResults(evaluatorName) : [];
                    for (const budget of budgetsFor(spec)) {
                        if (policyResult.queries > budget) {
                            runs.push({ dataset, seed, policy, search: name, budget, values: { infeasible: 1, shrinkQueries: policyResult.queries } });
                            continue;
                        }
                        const r = await session.searchFresh(searchSpec, policyResult.space, budget, paid, policyResult.queries);
                        runs.push({ dataset, seed, policy, search: name, budget, values: { ...searchValues(r, policyResult.queries), ...overallValues(paid, r.best) } });
                    }
                }
                reporter.emit({ event: 'progress', phase: 'study', done: ++done, total });
            }
        }
    }
    const result: StudyResult = {
        format: STUDY_FORMAT,
        engineVersion: engineVersion(),
        file: options.file,
        seeds,
        datasets,
        policies: options.policies,
        searches: options.searches,
        budgets: options.budgets.length > 0 ? options.budgets : 'per-search',
        shrink: aggregateShrink(runs, doc, datasets, options.policies),
        search: aggregateSearch(runs, doc, datasets, options.searches),
        examples,
        runs,
    };
    return { result, files: writeStudy(options.out, result) };
}

function spaceOfSearch(doc: DocumentSpec, spec: SearchSpec) {
    if (spec.target.kind === 'space') return spec.target.space;
    const target = spec.target;
    const policy = doc.policies.find((p) => p.name === target.policy);
    if (!policy) throw new Error(`search ${spec.name}: no policy named '${target.policy}'`);
    return policy.space;
}

function searchValues(r: { best?: { report: number | undefined; metric: number | undefined }; queries: number }, shrinkQueries: number): Record<string, number> {
    const v: Record<string, number> = { queries: r.queries, shrinkQueries };
    if (r.best?.report !== undefined && Number.isFinite(r.best.report)) v.bestReport = r.best.report;
    if (r.best?.metric !== undefined) v.bestMetric = r.best.metric;
    return v;
}

/**
 * What the whole pipeline returns after the total budget: the best (by searched score) of everything paid for,
 * the shrinkage's evaluations included (they are known, so a user would not throw their best away). The search's
 * own best (`bestReport`) only covers what the search looked at, and is empty when the shrinkage left it 0 queries.
 */
function overallValues(paid: readonly EvaluationResult[], searchBest: EvaluationResult | undefined): Record<string, number> {
    let best: EvaluationResult | undefined;
    for (const r of [...paid, ...(searchBest ? [searchBest] : [])]) {
        if (r.score === undefined || !Number.isFinite(r.score)) continue;
        if (!best || r.score > best.score! || (r.score === best.score && r.key < best.key)) best = r;
    }
    const v: Record<string, number> = {};
    if (best?.report !== undefined && Number.isFinite(best.report)) v.overallReport = best.report;
    if (best?.metric !== undefined && Number.isFinite(best.metric)) v.overallMetric = best.metric;
    return v;
}

function aggregateShrink(runs: StudyResult['runs'], doc: DocumentSpec, datasets: string[], policies: string[]): StudyShrinkRow[] {
    const rows: StudyShrinkRow[] = [];
    for (const dataset of datasets) {
        for (const policy of policies) {
            const mine = runs.filter((r) => r.dataset === dataset && r.policy === policy && r.search === undefined);
            const keys = [...new Set(mine.flatMap((r) => Object.keys(r.values)))];
            const stats: Record<string, Stat> = {};
            for (const k of keys) {
                const s = stat(mine.map((r) => r.values[k] ?? NaN));
                if (s) stats[k] = s;
            }
            rows.push({ dataset, policy, kind: doc.policies.find((p) => p.name === policy)?.kind ?? '?', stats });
        }
    }
    return rows;
}

function aggregateSearch(runs: StudyResult['runs'], doc: DocumentSpec, datasets: string[], searches: string[]): StudySearchRow[] {
    const rows: StudySearchRow[] = [];
    for (const dataset of datasets) {
        for (const search of searches) {
            const mine = runs.filter((r) => r.dataset === dataset && r.search === search);
            const spaces = [...new Set(mine.map((r) => r.policy!))];
            const budgets = [...new Set(mine.map((r) => r.budget!))].sort((a, b) => a - b);
            for (const space of spaces) {
                for (const budget of budgets) {
                    const cell = mine.filter((r) => r.policy === space && r.budget === budget);
                    const ok = cell.filter((r) => !r.values.infeasible);
                    const row: StudySearchRow = { dataset, search, kind: doc.searches.find((s) => s.name === search)?.kind ?? '?', space, budget, feasible: ok.length };
                    const br = stat(ok.map((r) => r.values.bestReport ?? NaN));
                    const bm = stat(ok.map((r) => r.values.bestMetric ?? NaN));
                    const sq = stat(cell.map((r) => r.values.shrinkQueries ?? NaN));
                    if (br) row.bestReport = br;
                    if (bm) row.bestMetric = bm;
                    if (sq) row.shrinkQueries = sq;
                    rows.push(row);
                }
            }
        }
    }
    return rows;
}

const SHRINK_COLUMNS: Array<[string, string, number]> = [
    ['sizeLog10', 'log10 size', 2],
    ['queries', 'queries', 0],
    ['meanReport', 'mean report', 2],
    ['recallTop1%', 'top-1% kept', 3],
    ['optimumKept', 'optimum kept', 2],
    ['bestReport', 'best found', 2],
    ['kendallTau', 'Kendall tau', 3],
];

function statText(s: Stat | undefined, digits: number): string {
    return s ? fmtMeanStd(s.mean, s.std, digits) : '—';
}

export function studyMarkdown(r: StudyResult): string {
    const out: string[] = [`# Study of ${r.file}`, '', `${r.seeds.length} seed(s) (${r.seeds[0]}..${r.seeds[r.seeds.length - 1]}), mean ± sample std; engine ${r.engineVersion}.`, ''];
    for (const dataset of r.datasets) {
        out.push(`## Dataset ${dataset}`, '', '### Shrinkage', '');
        out.push(`| policy | kind | ${SHRINK_COLUMNS.map((c) => c[1]).join(' | ')} |`, `|---|---|${SHRINK_COLUMNS.map(() => '---:').join('|')}|`);
        for (const row of r.shrink.filter((x) => x.dataset === dataset)) {
            out.push(`| ${row.policy} | ${row.kind} | ${SHRINK_COLUMNS.map(([k, , d]) => statText(row.stats[k], d)).join(' | ')} |`);
        }
        out.push('', '### Search at equal total budget (best report of the search; shrinkage queries included in the budget)', '');
        const budgets = [...new Set(r.search.filter((x) => x.dataset === dataset).map((x) => x.budget))].sort((a, b) => a - b);
        out.push(`| search | space | ${budgets.map((b) => `budget ${b}`).join(' | ')} |`, `|---|---|${budgets.map(() => '---:').join('|')}|`);
        for (const [search, space] of searchSpaces(r, dataset)) {
            const cells = budgets.map((b) => {
                const row = r.search.find((x) => x.dataset === dataset && x.search === search && x.space === space && x.budget === b);
                if (!row) return '';
                if (row.feasible === 0) return 'n/a';
                return statText(row.bestReport, 2) + (row.feasible < r.seeds.length ? ` (${row.feasible}/${r.seeds.length})` : '');
            });
            out.push(`| ${search} | ${space} | ${cells.join(' | ')} |`);
        }
        out.push('');
    }
    out.push('n/a: the shrinkage alone spent more queries than the budget. (k/N): only k of N seeds left budget for the search.', '');
    return out.join('\n');
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
    for (const dataset of r.datasets) {
        const shrinkRows = r.shrink.filter((x) => x.dataset === dataset);
        const bestMean = Math.max(...shrinkRows.map((x) => x.stats.meanReport?.mean ?? -Infinity));
        let body = `<h3>Shrinkage</h3>` + table(
            shrinkRows,
            [
                { title: 'Policy', cell: (x) => x.policy },
                { title: 'Kind', cell: (x) => x.kind },
                ...SHRINK_COLUMNS.map(([k, title, d]) => ({ title, cell: (x: StudyShrinkRow) => statText(x.stats[k], d), numeric: true })),
            ],
            { highlight: (x) => x.stats.meanReport?.mean === bestMean },
        );
        const budgets = [...new Set(r.search.filter((x) => x.dataset === dataset).map((x) => x.budget))].sort((a, b) => a - b);
        const pairs = searchSpaces(r, dataset);
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
                    if (row.feasible === 0) return 'n/a';
                    return statText(row.bestReport, 2) + (row.feasible < r.seeds.length ? ` (${row.feasible}/${r.seeds.length})` : '');
                },
            })),
        ]);
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
    sections.push(`<p class="sub">n/a: the shrinkage alone spent more queries than the budget. (k/N): only k of N seeds left budget for the search. Source: ${esc(r.file)}.</p>`);
    return renderReport({ title: 'lissnas study', intro: head, examplesNote: r.examples?.length ? `Iterations and pockets below: seed ${r.seeds[0]}, dataset ${r.datasets[0]}.` : undefined, subtitle: `${r.file}: ${r.policies.length} policies × ${r.seeds.length} seeds × ${r.datasets.length} dataset(s)`, shrinks: r.examples ?? [], extraSections: sections, footer: `lissnas ${r.engineVersion}, ${STUDY_FORMAT}` });
}

function writeStudy(out: string, r: StudyResult): string[] {
    const dir = resolve(out);
    const files = [join(dir, 'study.json'), join(dir, 'study.md'), join(dir, 'report.html')];
    writeJson(files[0], r);
    writeFileAtomic(files[1], studyMarkdown(r));
    writeFileAtomic(files[2], studyHtml(r));
    return files;
}

export function rewriteStudyReport(dir: string): string {
    const path = join(dir, 'study.json');
    if (!existsSync(path)) throw new Error(`${dir} has no study.json`);
    const r = JSON.parse(readFileSync(path, 'utf8')) as StudyResult;
    if (r.format !== STUDY_FORMAT) throw new Error(`${path}: unknown format ${JSON.stringify(r.format)}`);
    const file = join(resolve(dir), 'report.html');
    writeFileAtomic(file, studyHtml(r));
    return file;
}
