import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { studyHtml, studyMarkdown } from '../report/study-report.js';
import { stat, STUDY_FORMAT, type Stat, type StudyResult, type StudySearchRow, type StudyShrinkRow } from '../report/study-result.js';
import type { EvaluationResult } from '../evaluate/types.js';
import { ShrunkSpace, type ShrunkSpaceJSON } from '../space/shrunk.js';
import type { SearchSpace } from '../space/types.js';
import type { DocumentSpec, SearchSpec } from '../spec.js';
import { DATASET_PREFIXES, isDataset, switchDataset } from './datasets.js';
import type { RunReporter } from './progress.js';
import { engineVersion, writeFileAtomic, writeJson } from './run-dir.js';
import { fromEntry, toEntry } from './journaled-evaluator.js';
import { prepareBackendsOf } from './execute.js';
import { RunSession } from './session.js';
import { SharedProxies } from './shared-proxies.js';
import type { BackendName } from '../evaluate/neural/backend.js';
import { acquireRunLock } from './run-lock.js';
import { CellWriter, readCells, type CellEntry } from './study-journal.js';
import { claimOutputDir } from './output-dir.js';
import type { ShrinkResult } from '../report/result.js';
import { costOf, queriesFor, queryCostByName, zeroCostSearch } from '../evaluate/query-cost.js';

/** The dataset label when no `--datasets` switch is given: the evaluators' columns as the file declares them. */
const AS_DECLARED = 'as declared';

/**
 * `lissnas study`: every policy x seed x dataset, then every search in the full space and inside each shrunk
 * space at equal TOTAL budgets, aggregated as mean ± sample standard deviation over seeds.
 *
 * Budgets are total COST (docs/cheap-shrinking.md): every evaluator costs `query_cost` units per real query
 * (default 1, so a budget is a number of queries as before). A search in the full space gets
 * floor(budget / its cost) queries; inside a shrunk space, floor((budget - the shrinkage's cost) / its cost),
 * and it reuses the shrinkage's evaluations for free only when it searches with the policy's own evaluator.
 *
 * Isolation: each (dataset, seed, policy) runs in its own session (its own cache: no policy profits from
 * another's queries), and each (search, budget, space) starts from a clean cache holding only the evaluations
 * its shrinkage paid for. Seeds are 0..N-1, applied to every policy and search of the document. Worker proxies
 * (synflow, ...) are the one thing sessions share: one evaluator whose networks are each computed once for the
 * whole study, handed to every session as its own real evaluation (shared-proxies.ts says why that is exact).
 */

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
    /**
     * `--transfer-from D`: the policies shrink on dataset D only; every search on each of `datasets` runs inside
     * those shrunk spaces with the WHOLE budget (the shrinkage was paid on D, not on the target), against the
     * full space at the same budget.
     */
    transferFrom?: string;
    out: string;
    reporter: RunReporter;
    /** Recorded in study-run.json (default `study`). */
    command?: 'study' | 'demo';
    /** Neural back-end asked for (`--backend`), recorded in study-run.json. */
    backend?: BackendName;
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

/** What a study directory holds besides its outputs: enough to re-execute the study (`lissnas resume DIR`). */
export const STUDY_RUN_FORMAT = 'lissnas-study-run/1';
export const STUDY_FILES = { manifest: 'study-run.json', journal: 'cells.jsonl' } as const;

export interface StudyManifest {
    format: typeof STUDY_RUN_FORMAT;
    /** The command that started it (`demo` prints its own header on resume). */
    command: 'study' | 'demo';
    /** Neural back-end asked for, when not `auto`. */
    backend?: BackendName;
    /** The file as named in study.json. */
    file: string;
    policies: string[];
    searches: string[];
    seeds: number;
    datasets: string[];
    budgets: number[];
    /** The dataset the policies shrank on when the study measures transfer (`--transfer-from`); absent otherwise. */
    transferFrom?: string;
    engineVersion: string;
    created: string;
    /** Snapshot of the compiled document: a resume uses it, not the .nas file (which may have changed). */
    spec: DocumentSpec;
}

/** Whether `dir` holds a study (as opposed to a run): what `lissnas resume` dispatches on. */
export function isStudyDir(dir: string): boolean {
    return existsSync(join(resolve(dir), STUDY_FILES.manifest));
}

export interface StudyOutcome {
    dir: string;
    manifest: StudyManifest;
    result: StudyResult;
    files: string[];
    /** Cells computed in this process / taken from cells.jsonl. */
    computed: number;
    reused: number;
}

/** Starts a study in `options.out`: writes study-run.json, then executes every cell (journaled one by one). */
export async function runStudy(options: StudyOptions): Promise<StudyOutcome> {
    const { doc } = options;
    for (const p of options.policies) if (!doc.policies.some((x) => x.name === p)) throw new Error(`no policy named '${p}' (policies: ${doc.policies.map((x) => x.name).join(', ')})`);
    for (const s of options.searches) if (!doc.searches.some((x) => x.name === s)) throw new Error(`no search named '${s}' (searches: ${doc.searches.map((x) => x.name).join(', ')})`);
    const manifest: StudyManifest = {
        format: STUDY_RUN_FORMAT,
        command: options.command ?? 'study',
        ...(options.backend && options.backend !== 'auto' ? { backend: options.backend } : {}),
        file: options.file,
        policies: options.policies,
        searches: options.searches,
        seeds: options.seeds,
        datasets: options.datasets,
        budgets: options.budgets,
        ...(options.transferFrom !== undefined ? { transferFrom: options.transferFrom } : {}),
        engineVersion: engineVersion(),
        created: new Date().toISOString(),
        spec: doc,
    };
    const transfer = transferProblem(options.transferFrom, options.datasets, options.searches);
    if (transfer) throw new Error(transfer);
    // Budgets are checked before anything is written (a search without `budget` and no --budgets).
    for (const name of manifest.searches) budgetsFor(manifest, doc.searches.find((x) => x.name === name)!);
    // Likewise a search evaluator of cost 0 (its own, or the policies' it falls back to): a cost budget buys no limit.
    for (const name of manifest.searches) {
        const spec = doc.searches.find((x) => x.name === name)!;
        const fallbacks = manifest.policies.map((p) => doc.policies.find((x) => x.name === p)?.evaluator);
        for (const evaluator of spec.evaluator !== undefined ? [spec.evaluator] : fallbacks) {
            if (evaluator !== undefined && queryCostByName(doc, evaluator) === 0) throw zeroCostSearch(`search ${name}`);
        }
    }
    // So is a missing neural back-end (what to install): without it every proxy evaluation would be a failure.
    prepareStudyBackends(manifest, options.reporter);
    const dir = resolve(options.out);
    // Refused before any work: a study writes only into a new or empty directory, never into a run's or a study's.
    claimOutputDir(options.out, 'study');
    writeJson(join(dir, STUDY_FILES.manifest), manifest);
    return executeStudy(dir, manifest, options.reporter, false);
}

/** Continues the study of `dir`: every cell in cells.jsonl is reused, the others are computed. */
export async function resumeStudy(dir: string, reporter: RunReporter): Promise<StudyOutcome> {
    const abs = resolve(dir);
    const path = join(abs, STUDY_FILES.manifest);
    if (!existsSync(path)) throw new Error(`${dir} is not a study directory (no ${STUDY_FILES.manifest})`);
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as StudyManifest;
    if (manifest.format !== STUDY_RUN_FORMAT) throw new Error(`${path}: unknown format ${JSON.stringify(manifest.format)} (expected ${STUDY_RUN_FORMAT})`);
    if (manifest.engineVersion !== engineVersion()) {
        reporter.emit({ event: 'log', level: 'warn', message: `study created by engine ${manifest.engineVersion}, resuming with ${engineVersion()}: results may differ` });
    }
    prepareStudyBackends(manifest, reporter);
    return executeStudy(abs, manifest, reporter, true);
}

/** Resolves the back-end of the study's proxy and train evaluators (throws naming what to install), says which. */
function prepareStudyBackends(manifest: StudyManifest, reporter: RunReporter): void {
    const { spec } = manifest;
    const used = new Set([
        ...manifest.policies.map((p) => spec.policies.find((x) => x.name === p)?.evaluator),
        ...manifest.searches.map((s) => spec.searches.find((x) => x.name === s)?.evaluator),
    ]);
    const neural = spec.evaluators.filter((e) => used.has(e.name) && (e.kind === 'proxy' || e.kind === 'train')).map((e) => e.name);
    if (neural.length > 0) prepareBackendsOf(spec, neural, manifest.backend ?? 'auto', reporter);
}

function budgetsFor(manifest: StudyManifest, spec: SearchSpec): number[] {
    if (manifest.budgets.length > 0) return manifest.budgets;
    const b = budgetOf(spec);
    if (b === undefined) throw new Error(`search ${spec.name}: no \`budget\` setting; give --budgets`);
    return [b];
}

/**
 * The study as a deterministic walk over its cells (dataset, seed, then the full-space searches, then each
 * policy and its searches). A cell in the journal is taken from it; any other is computed and journaled at once.
 * `runs` is built in walk order either way, so study.json is the same whether the study ran in one go or not.
 */
async function executeStudy(dir: string, manifest: StudyManifest, outer: RunReporter, resuming: boolean): Promise<StudyOutcome> {
    // One writer per study directory, as for runs (run-lock): two resumes at once would both append cells.
    const lock = acquireRunLock(dir, resuming ? 'resume' : manifest.command, (message) => outer.emit({ event: 'log', level: 'warn', message }));
    try {
        return await executeStudyLocked(dir, manifest, outer, resuming);
    } finally {
        lock.release();
    }
}

async function executeStudyLocked(dir: string, manifest: StudyManifest, outer: RunReporter, resuming: boolean): Promise<StudyOutcome> {
    const doc = manifest.spec;
    // Hundreds of policy runs: their per-iteration lines would drown the progress; the study reports its own.
    const reporter: RunReporter = {
        emit: (event) => {
            if (event.event !== 'iteration' && event.event !== 'evaluation' && !(event.event === 'progress' && event.phase !== 'study')) outer.emit(event);
        },
        close: () => outer.close(),
    };
    const journalPath = join(dir, STUDY_FILES.journal);
    const { cells: journaled, torn, validBytes } = readCells(journalPath);
    if (torn) reporter.emit({ event: 'log', level: 'info', message: 'cells.jsonl ended in a torn line (the study was killed mid-write); ignored' });
    const writer = CellWriter.open(journalPath, validBytes);
    // One evaluator per worker proxy for the whole study: each network is evaluated once, not once per seed.
    const shared = new SharedProxies();
    const seeds = Array.from({ length: manifest.seeds }, (_, i) => i);
    const datasets = manifest.datasets.length > 0 ? manifest.datasets : [AS_DECLARED];
    const runs: StudyResult['runs'] = [];
    const examples: ShrinkResult[] = [];
    const total = manifest.transferFrom !== undefined ? seeds.length * (manifest.policies.length + datasets.length) : datasets.length * seeds.length * (manifest.policies.length + 1);
    let done = 0;
    let computed = 0;
    let reused = 0;
    const cell = async (id: string, compute: () => Promise<Omit<CellEntry, 'type' | 'id'>>): Promise<CellEntry> => {
        const hit = journaled.get(id);
        if (hit) {
            reused++;
            return hit;
        }
        const entry: CellEntry = { type: 'cell', id, ...(await compute()) };
        writer.append(entry);
        journaled.set(id, entry);
        computed++;
        return entry;
    };
    const record = (c: CellEntry): void => {
        runs.push({
            dataset: c.dataset,
            seed: c.seed,
            policy: c.policy,
            ...(c.search !== undefined ? { search: c.search, budget: c.budget } : {}),
            values: c.values,
            ...(c.stoppedBy !== undefined ? { stoppedBy: c.stoppedBy } : {}),
            ...(c.cost !== undefined ? { cost: c.cost } : {}),
        });
    };
    // `journaled` counts evaluations; the reused cells are reported at the end (a log line).
    reporter.emit({ event: 'start', command: manifest.command, runDir: dir, name: manifest.file, seed: 0, journaled: 0 });
    /**
     * Transfer (`--transfer-from SOURCE`): per seed, every policy shrinks once on SOURCE (cell
     * `shrink|SOURCE|seed|policy`); then on each target dataset the full-space searches run as usual, and every
     * search runs inside each policy's shrunk space as the space `<policy>@SOURCE`, with the whole budget and an
     * empty cache: the shrinkage's evaluations were on SOURCE, so nothing of the target is paid for.
     */
    const transferWalk = async (source: string): Promise<void> => {
        const sourceDoc = switchDataset(doc, source);
        for (const seed of seeds) {
            const sourceSeeded = withSeedEverywhere(sourceDoc, seed);
            const spaces = new Map<string, ShrunkSpaceJSON>();
            for (const policy of manifest.policies) {
                const { entry } = await shrinkCellOf(source, seed, sourceSeeded, policy, seed === seeds[0]);
                if (!entry.space) throw new Error(`policy ${policy}: its result is not a shrunk space of explicit members, so it cannot be searched on another dataset`);
                spaces.set(policy, entry.space);
                reporter.emit({ event: 'progress', phase: 'study', done: ++done, total });
            }
            for (const dataset of datasets) {
                const seeded = withSeedEverywhere(switchDataset(doc, dataset), seed);
                await fullSearches(dataset, seed, seeded);
                let target: RunSession | undefined;
                for (const policy of manifest.policies) {
                    const policySpec = seeded.policies.find((p) => p.name === policy)!;
                    const label = transferLabel(policy, source);
                    for (const name of manifest.searches) {
                        const spec = seeded.searches.find((x) => x.name === name)!;
                        const searchSpec = { ...spec, evaluator: spec.evaluator ?? policySpec.evaluator };
                        const searchCost = queryCostByName(seeded, searchSpec.evaluator);
                        for (const budget of budgetsFor(manifest, spec)) {
                            const c = await cell(`search|${dataset}|${seed}|${label}|${name}|${budget}`, async () => {
                                target ??= session(seeded);
                                const space = ShrunkSpace.fromJSON(spaces.get(policy)!, target.space(policySpec.space));
                                const r = await target.searchFresh(searchSpec, space, queriesFor(budget, searchCost, `search ${name}`), [], 0);
                                return {
                                    dataset, seed, policy: label, search: name, budget,
                                    values: { ...searchValues(r, 0), ...overallValues([], r.best) },
                                    stoppedBy: r.stoppedBy,
                                    // The shrinkage was paid on the source dataset, not here.
                                    cost: { shrink: 0, search: costOf(r.queries, searchCost) },
                                };
                            });
                            record(c);
                        }
                    }
                }
                reporter.emit({ event: 'progress', phase: 'study', done: ++done, total });
            }
            await closeSessions();
        }
    };
    // Every session's own neural workers end with its seed (closeSessions); the shared proxies with the study.
    const open: RunSession[] = [];
    const session = (seeded: DocumentSpec): RunSession => {
        const s = new RunSession(seeded, [], undefined, reporter, false, undefined, manifest.backend ?? 'auto', dir, shared);
        open.push(s);
        return s;
    };
    const closeSessions = async (): Promise<void> => {
        await Promise.all(open.splice(0).map((s) => s.close()));
    };
    // Searches in the full space: one session, a clean cache per search and budget.
    const fullSearches = async (dataset: string, seed: number, seeded: DocumentSpec): Promise<void> => {
        let fullSession: RunSession | undefined;
        for (const name of manifest.searches) {
            const spec = seeded.searches.find((x) => x.name === name)!;
            const searchCost = queryCostByName(seeded, spec.evaluator);
            for (const budget of budgetsFor(manifest, spec)) {
                const c = await cell(`search|${dataset}|${seed}|full|${name}|${budget}`, async () => {
                    fullSession ??= session(seeded);
                    const queries = queriesFor(budget, searchCost, `search ${name}`);
                    const r = await fullSession.searchFresh(spec, fullSession.space(spaceOfSearch(seeded, spec)), queries, [], 0);
                    return {
                        dataset, seed, policy: 'full', search: name, budget,
                        values: { ...searchValues(r, 0), ...overallValues([], r.best) },
                        stoppedBy: r.stoppedBy,
                        cost: { shrink: 0, search: costOf(r.queries, searchCost) },
                    };
                });
                record(c);
            }
        }
    };
    // A policy's shrinkage for one dataset and seed; `live` keeps the session when it was computed here.
    const shrinkCellOf = async (dataset: string, seed: number, seeded: DocumentSpec, policy: string, example: boolean) => {
        const policySpec = seeded.policies.find((p) => p.name === policy)!;
        let live: { session: RunSession; space: SearchSpace; paid: EvaluationResult[] } | undefined;
        const entry = await cell(`shrink|${dataset}|${seed}|${policy}`, async () => {
            const s = session(seeded);
            const shrink = await s.shrinkResult(policy, dataset === AS_DECLARED ? undefined : dataset);
            const policyResult = await s.policy(policy);
            // Snapshot now: later searches of this session add their own evaluations to `seen`.
            const paid = policySpec.evaluator !== undefined ? s.seenResults(policySpec.evaluator) : [];
            live = { session: s, space: policyResult.space, paid };
            // What the searches need to run without the policy; nothing when the study has no searches.
            const json = manifest.searches.length > 0 && policyResult.space instanceof ShrunkSpace ? policyResult.space.toJSON() : undefined;
            return {
                dataset,
                seed,
                policy,
                values: { sizeLog10: shrink.sizeLog10, queries: shrink.queries, ...(shrink.best?.report !== undefined ? { bestReport: shrink.best.report } : {}), ...shrink.metrics },
                policyQueries: policyResult.queries,
                ...(json ? { space: json } : {}),
                ...(manifest.searches.length > 0 ? { paid: paid.map((r) => toEntry(r, policySpec.evaluator)) } : {}),
                ...(example ? { example: shrink } : {}),
                cost: { shrink: costOf(policyResult.queries, queryCostByName(seeded, policySpec.evaluator)) },
            };
        });
        if (entry.example) examples.push(entry.example);
        record(entry);
        return { entry, live };
    };
    try {
        if (manifest.transferFrom !== undefined) {
            await transferWalk(manifest.transferFrom);
        } else {
            for (const dataset of datasets) {
                const base = dataset === AS_DECLARED ? doc : switchDataset(doc, dataset);
                for (const seed of seeds) {
                    const seeded = withSeedEverywhere(base, seed);
                    await fullSearches(dataset, seed, seeded);
                    reporter.emit({ event: 'progress', phase: 'study', done: ++done, total });
                    for (const policy of manifest.policies) {
                        const policySpec = seeded.policies.find((p) => p.name === policy)!;
                        // Run the policy only when its shrink cell is missing, or its space cannot be read back.
                        const shrunk = await shrinkCellOf(dataset, seed, seeded, policy, dataset === datasets[0] && seed === seeds[0]);
                        const shrinkCell = shrunk.entry;
                        let live = shrunk.live;
                        const policyQueries = shrinkCell.policyQueries ?? shrinkCell.values.queries;
                        // What the shrinkage cost in the study's budget units (its evaluator's query_cost per query).
                        const policyCost = costOf(policyQueries, queryCostByName(seeded, policySpec.evaluator));
                        const restore = async (): Promise<NonNullable<typeof live>> => {
                            if (live) return live;
                            const s = session(seeded);
                            if (shrinkCell.space) {
                                const space = ShrunkSpace.fromJSON(shrinkCell.space, s.space(policySpec.space));
                                live = { session: s, space, paid: (shrinkCell.paid ?? []).map(fromEntry) };
                            } else {
                                const policyResult = await s.policy(policy);
                                live = { session: s, space: policyResult.space, paid: policySpec.evaluator !== undefined ? s.seenResults(policySpec.evaluator) : [] };
                            }
                            return live;
                        };
                        for (const name of manifest.searches) {
                            const spec = seeded.searches.find((x) => x.name === name)!;
                            const evaluatorName = spec.evaluator ?? policySpec.evaluator;
                            const searchSpec = { ...spec, evaluator: evaluatorName };
                            const searchCost = queryCostByName(seeded, evaluatorName);
                            for (const budget of budgetsFor(manifest, spec)) {
                                const c = await cell(`search|${dataset}|${seed}|${policy}|${name}|${budget}`, async () => {
                                    if (policyCost > budget) return { dataset, seed, policy, search: name, budget, values: { infeasible: 1, shrinkQueries: policyQueries }, cost: { shrink: policyCost, search: 0 } };
                                    const { session: s, space, paid: policyPaid } = await restore();
                                    // The shrinkage's evaluations are paid; a search with another evaluator starts from nothing.
                                    const paid = evaluatorName !== undefined && evaluatorName === policySpec.evaluator ? policyPaid : [];
                                    const queries = queriesFor(budget - policyCost, searchCost, `search ${name}`);
                                    const r = await s.searchFresh(searchSpec, space, queries, paid, 0);
                                    return {
                                        dataset, seed, policy, search: name, budget,
                                        values: { ...searchValues(r, policyQueries), ...overallValues(paid, r.best) },
                                        stoppedBy: r.stoppedBy,
                                        cost: { shrink: policyCost, search: costOf(r.queries, searchCost) },
                                    };
                                });
                                record(c);
                            }
                        }
                        reporter.emit({ event: 'progress', phase: 'study', done: ++done, total });
                    }
                    await closeSessions();
                }
            }
        }
    } finally {
        writer.close();
        await closeSessions();
        await shared.close();
    }
    for (const c of shared.counts()) {
        reporter.emit({ event: 'log', level: 'info', message: `proxy ${c.name}: ${c.evaluated} network(s) evaluated, ${c.reused} evaluation(s) of the sessions answered from them (shared across seeds and datasets)` });
    }
    const result: StudyResult = {
        format: STUDY_FORMAT,
        engineVersion: engineVersion(),
        file: manifest.file,
        seeds,
        datasets,
        ...(manifest.transferFrom !== undefined ? { transferFrom: manifest.transferFrom } : {}),
        policies: manifest.policies,
        searches: manifest.searches,
        budgets: manifest.budgets.length > 0 ? manifest.budgets : 'per-search',
        // Under transfer the policies shrank on the source dataset only: their rows are that dataset's.
        shrink: aggregateShrink(runs, doc, manifest.transferFrom !== undefined ? [manifest.transferFrom] : datasets, manifest.policies),
        search: aggregateSearch(runs, doc, datasets, manifest.searches),
        examples,
        runs,
    };
    if (resuming) reporter.emit({ event: 'log', level: 'info', message: `${reused} finished cell(s) reused from ${STUDY_FILES.journal}, ${computed} computed` });
    return { dir, manifest, result, files: writeStudy(dir, result), computed, reused };
}

/** What is wrong with a transfer request (`--transfer-from`), checked before anything is written; undefined when fine. */
export function transferProblem(source: string | undefined, datasets: readonly string[], searches: readonly string[]): string | undefined {
    if (source === undefined) return undefined;
    if (!isDataset(source)) return `unknown dataset '${source}' for --transfer-from (known: ${DATASET_PREFIXES.join(', ')})`;
    if (datasets.length === 0) return '--transfer-from needs --datasets (the datasets to search on)';
    // Searching the source itself inside its own shrunk space would get the shrinkage for free on the task it was paid on.
    if (datasets.includes(source)) return `--datasets must not include the --transfer-from dataset '${source}' (the shrinkage is free only on other datasets; compare on ${source} with a study without --transfer-from)`;
    if (searches.length === 0) return '--transfer-from needs --searches (transfer is measured by searching)';
    return undefined;
}

/** The space name of searches inside a shrunk space made on another dataset: `Lissnas@c10`. */
export function transferLabel(policy: string, source: string): string {
    return `${policy}@${source}`;
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
                    const stops: Record<string, number> = {};
                    for (const r of ok) if (r.stoppedBy !== undefined) stops[r.stoppedBy] = (stops[r.stoppedBy] ?? 0) + 1;
                    if (Object.keys(stops).length > 0) row.stops = Object.fromEntries(Object.entries(stops).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
                    rows.push(row);
                }
            }
        }
    }
    return rows;
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
