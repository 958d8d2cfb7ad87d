import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderRunReport } from '../report/run-report.js';
import type { DocumentSpec } from '../spec.js';
import { seedOf, switchDataset, withSeed } from './datasets.js';
import { JournalWriter, readJournal, type EvalEntry } from './journal.js';
import type { RunReporter } from './progress.js';
import { comparisonRow, RESULT_FORMAT, resultText, type ComparisonRow, type RunResult } from '../report/result.js';
import { createRunDir, engineVersion, readManifest, runPath, writeFileAtomic, type RunManifest } from './run-dir.js';
import { acquireRunLock } from './run-lock.js';
import { RunSession } from './session.js';
import { checkSearchBudget } from '../search/budget-check.js';
import { normalizeStart } from '../search/start.js';
import { type BackendName } from '../evaluate/neural/backend.js';
import { NeuralEvaluator } from '../evaluate/neural/neural-evaluator.js';

/**
 * Starting and resuming runs. A run is a deterministic function of (run.json, evaluation results): resuming
 * re-executes it from the start with the journal answering every evaluation it already holds (see
 * journaled-evaluator.ts and docs/runs.md), so a resumed run ends with exactly the result of an uninterrupted one.
 */

export interface NewRun {
    command: 'shrink' | 'search';
    /** Policy or search name. */
    name: string;
    doc: DocumentSpec;
    dir: string;
    /** Overrides the policy's / search's `seed` setting. */
    seed?: number;
    budget?: number;
    /** A search's start architecture (`--start`), in the format of its space. */
    start?: string;
    dataset?: string;
    argv: string[];
    source?: string;
    /** Neural back-end asked for (`--backend`); recorded in run.json so a resume uses the same. */
    backend?: BackendName;
}

export interface RunOutcome {
    dir: string;
    result: RunResult;
    files: string[];
    evaluated: number;
    reused: number;
}

export function manifestFor(run: NewRun): RunManifest {
    let spec = run.dataset ? switchDataset(run.doc, run.dataset) : run.doc;
    const target = run.command === 'shrink' ? spec.policies.find((p) => p.name === run.name) : spec.searches.find((s) => s.name === run.name);
    if (!target) {
        const list = (run.command === 'shrink' ? spec.policies : spec.searches).map((x) => x.name).join(', ') || 'none';
        throw new Error(`no ${run.command === 'shrink' ? 'policy' : 'search'} named '${run.name}' (available: ${list})`);
    }
    if (run.seed !== undefined) spec = withSeed(spec, run.name, run.seed);
    const settings = (run.command === 'shrink' ? spec.policies : spec.searches).find((x) => x.name === run.name)!.settings;
    if (run.start !== undefined && run.command !== 'search') throw new Error('only a search can be given a start architecture');
    // Stored in the space's own spelling, after the parser and the full space's membership check (start.ts).
    const start = run.start !== undefined ? normalizeStart(spec, run.name, run.start) : undefined;
    return {
        format: 'lissnas-run/1',
        command: run.command,
        name: run.name,
        seed: seedOf(settings),
        ...(run.budget !== undefined ? { budget: run.budget } : {}),
        ...(start !== undefined ? { start } : {}),
        ...(run.dataset ? { dataset: run.dataset } : {}),
        engineVersion: engineVersion(),
        argv: run.argv,
        ...(run.source ? { source: resolve(run.source) } : {}),
        ...(run.backend && run.backend !== 'auto' ? { backend: run.backend } : {}),
        created: new Date().toISOString(),
        spec,
    };
}

export interface RunOptions {
    evaluationEvents?: boolean;
    /** The interrupt (SIGINT/SIGTERM): aborts the evaluations in flight; everything finished stays journaled. */
    signal?: AbortSignal;
}

export async function startRun(run: NewRun, reporter: RunReporter, options: RunOptions = {}): Promise<RunOutcome> {
    const manifest = manifestFor(run);
    // A budget the shrinkage may overrun is refused here, before the run directory exists (nothing to clean up).
    if (manifest.command === 'search') checkSearchBudget(manifest.spec, manifest.name, manifest.budget);
    // So is a missing neural back-end (what to install), before anything is written.
    prepareBackends(manifest, reporter);
    const dir = createRunDir(run.dir, manifest);
    return execute(dir, manifest, reporter, false, options);
}

export async function resumeRun(dir: string, reporter: RunReporter, options: RunOptions = {}): Promise<RunOutcome> {
    const abs = resolve(dir);
    const manifest = readManifest(abs);
    if (manifest.engineVersion !== engineVersion()) {
        reporter.emit({ event: 'log', level: 'warn', message: `run created by engine ${manifest.engineVersion}, resuming with ${engineVersion()}: results may differ` });
    }
    prepareBackends(manifest, reporter);
    return execute(abs, manifest, reporter, true, options);
}

async function execute(dir: string, manifest: RunManifest, reporter: RunReporter, resuming: boolean, options: RunOptions): Promise<RunOutcome> {
    // One writer per run directory (run-lock.ts): taken before the journal is read, released after it is closed.
    const lock = acquireRunLock(dir, resuming ? 'resume' : manifest.command, (message) => reporter.emit({ event: 'log', level: 'warn', message }));
    try {
        return await executeLocked(dir, manifest, reporter, resuming, options);
    } finally {
        lock.release();
    }
}

async function executeLocked(dir: string, manifest: RunManifest, reporter: RunReporter, resuming: boolean, options: RunOptions): Promise<RunOutcome> {
    const evaluationEvents = options.evaluationEvents ?? false;
    const journalPath = runPath(dir, 'journal');
    const contents = readJournal(journalPath);
    const prior = contents.entries.filter((e): e is EvalEntry => e.type === 'eval');
    if (contents.torn) reporter.emit({ event: 'log', level: 'info', message: 'journal ended in a torn line (the run was killed mid-write); ignored' });
    if (resuming && existsSync(runPath(dir, 'result'))) {
        reporter.emit({ event: 'log', level: 'info', message: 'the run had finished; re-executing it from its journal (no evaluator call expected)' });
    }
    const writer = JournalWriter.open(journalPath);
    try {
        writer.append({ type: 'phase', phase: resuming ? 'resume' : 'start', time: new Date().toISOString(), journaled: prior.length });
        reporter.emit({
            event: 'start',
            command: resuming ? 'resume' : manifest.command,
            runDir: dir,
            name: manifest.name,
            seed: manifest.seed,
            journaled: prior.length,
        });
        // Iterations already journaled by an earlier process are not written again.
        const journaledIterations = new Set(
            contents.entries.filter((e) => e.type === 'iteration').map((e) => (e.type === 'iteration' ? `${e.name}#${e.iteration}` : '')),
        );
        const journalingReporter: RunReporter = {
            emit(event) {
                if (event.event === 'iteration' && !journaledIterations.has(`${event.name}#${event.iteration}`)) {
                    journaledIterations.add(`${event.name}#${event.iteration}`);
                    writer.append({ type: 'iteration', ...withoutEvent(event) });
                }
                reporter.emit(event);
            },
            close() {},
        };
        const session = new RunSession(manifest.spec, prior, writer, journalingReporter, evaluationEvents, options.signal, manifest.backend ?? 'auto', dir);
        const result = await produce(session, manifest).finally(() => session.close());
        const unreplayed = session.unreplayed;
        if (resuming && unreplayed > 0) {
            reporter.emit({
                event: 'log',
                level: 'warn',
                message: `${unreplayed} journaled evaluation(s) were not asked for again: the spec, the data or the engine changed since the run started`,
            });
        }
        const files = writeOutputs(dir, manifest, result);
        writer.append({ type: 'done', time: new Date().toISOString(), evaluated: session.evaluated, reused: session.reused });
        reporter.emit({
            event: 'done',
            runDir: dir,
            files,
            evaluated: session.evaluated,
            reused: session.reused,
            ...runFailures(result),
            ...(result.stopReason ? { stopReason: result.stopReason } : {}),
            ...(result.best
                ? {
                      best: {
                          arch: result.best.arch,
                          ...(result.best.metric !== undefined ? { metric: result.best.metric } : {}),
                          ...(result.best.report !== undefined ? { report: result.best.report } : {}),
                      },
                  }
                : {}),
        });
        return { dir, result, files, evaluated: session.evaluated, reused: session.reused };
    } finally {
        writer.close();
    }
}

/** The evaluators a run uses: its policy's or search's, and the policy a search runs inside. */
function runEvaluators(manifest: RunManifest): string[] {
    const spec = manifest.spec;
    if (manifest.command === 'shrink') return [spec.policies.find((p) => p.name === manifest.name)?.evaluator].filter((x): x is string => x !== undefined);
    const search = spec.searches.find((s) => s.name === manifest.name);
    const policy = search?.target.kind === 'policy' ? spec.policies.find((p) => p.name === (search.target as { policy: string }).policy) : undefined;
    return [search?.evaluator, policy?.evaluator].filter((x): x is string => x !== undefined);
}

/**
 * Resolves the neural back-end when the run uses a proxy or train evaluator (throws, naming what to install,
 * when none is available) and says which one will do the work.
 */
function prepareBackends(manifest: RunManifest, reporter: RunReporter): void {
    prepareBackendsOf(manifest.spec, runEvaluators(manifest), manifest.backend ?? 'auto', reporter);
}

/** The same for any evaluators of a document (a study: those of its policies and searches). */
export function prepareBackendsOf(doc: DocumentSpec, names: readonly string[], backend: BackendName, reporter: RunReporter): void {
    const session = new RunSession(doc, [], undefined, reporter, false, undefined, backend);
    session.prepareBackends(names);
    for (const name of names) {
        const raw = session.evaluator(name, 'run').raw;
        if (raw instanceof NeuralEvaluator) {
            reporter.emit({ event: 'log', level: 'info', message: `back-end: ${raw.describe()}` });
            return;
        }
    }
}

/** The done event's `failures`: the policy's and the search's together, first reasons in evaluation order. */
function runFailures(result: RunResult): { failures?: { count: number; first: Array<{ arch: string; error: string }> } } {
    const parts = result.command === 'shrink' ? [result.failures] : [result.shrink?.failures, result.failures];
    const present = parts.filter((p): p is NonNullable<typeof p> => p !== undefined);
    if (present.length === 0) return {};
    return { failures: { count: present.reduce((n, p) => n + p.count, 0), first: present.flatMap((p) => p.first).slice(0, 5) } };
}

function withoutEvent<T extends { event: string }>(event: T): Omit<T, 'event'> {
    const { event: _ignored, ...rest } = event;
    return rest;
}

async function produce(session: RunSession, manifest: RunManifest): Promise<RunResult> {
    if (manifest.command === 'shrink') {
        session.phase = `shrink ${manifest.name}`;
        const result = await session.shrinkResult(manifest.name, manifest.dataset);
        const policy = session.policySpec(manifest.name);
        const comparison: ComparisonRow[] = [];
        const full = session.fullSpaceRow(policy.space, policy.evaluator ?? manifest.spec.evaluators.find((e) => e.kind === 'table')?.name);
        if (full) comparison.push(full);
        comparison.push(comparisonRow(result));
        return { ...result, comparison };
    }
    session.progressTotal = manifest.budget;
    return session.searchResult(manifest.name, manifest.budget, manifest.dataset, manifest.start);
}

function writeOutputs(dir: string, manifest: RunManifest, result: RunResult): string[] {
    const resultFile = runPath(dir, 'result');
    writeFileAtomic(resultFile, resultText(result));
    const reportFile = runPath(dir, 'report');
    writeFileAtomic(reportFile, renderRunReport(manifest, result));
    return [resultFile, reportFile];
}

/** Rewrites report.html of a finished run. */
export function rewriteReport(dir: string): string {
    const abs = resolve(dir);
    const manifest = readManifest(abs);
    const path = runPath(abs, 'result');
    if (!existsSync(path)) throw new Error(`${dir} has no result.json yet: finish it with \`lissnas resume ${dir}\``);
    const result = JSON.parse(readFileSync(path, 'utf8')) as RunResult;
    if (result.format !== RESULT_FORMAT) throw new Error(`${path}: unknown format ${JSON.stringify(result.format)}`);
    const reportFile = runPath(abs, 'report');
    writeFileAtomic(reportFile, renderRunReport(manifest, result));
    return reportFile;
}
