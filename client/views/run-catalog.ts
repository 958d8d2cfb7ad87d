/**
 * The runs and studies found under a runs directory, each with its state and a summary, read from the files
 * the CLI writes (docs/runs.md). No `vscode` here: the Runs view (runs-tree.ts) shows what this returns, and
 * the tests run it on directories made by the real CLI.
 *
 * States, decided from the files alone:
 * - `running`: `run.lock` names a live process on this host (pid checked with signal 0), or a process on
 *   another host (which cannot be checked from here; the engine refuses to take that lock too).
 * - `finished`: `result.json` (a run) or `study.json` (a study) is there and well formed, and no live lock.
 * - `interrupted`: no result and no live lock (stopped by Ctrl-C, Cancel, a kill, a crash, a closed window);
 *   `lissnas resume DIR` continues it. A stale lock (its process is gone) is noted, and resume takes it over.
 * - `failed`: what cannot be resumed or produced nothing: `run.json`/`study-run.json` unreadable or of an
 *   unknown format, `result.json`/`study.json` malformed, or a result in which every evaluation failed
 *   (failures and no best architecture).
 *
 * Every file is decoded as `unknown` and checked with protocol/run-files.ts; a malformed file becomes a
 * `problems` entry of its run, never an exception, so one damaged directory does not hide the others.
 */
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import type { Validator } from '../../protocol/check.js';
import {
    LockOwner,
    RUN_FILE_NAMES as FILES,
    RunManifestHead,
    RunResultHead,
    StudyManifestHead,
    StudyResultHead,
    type ArchScoreHead,
} from '../../protocol/run-files.js';

export type CatalogState = 'running' | 'finished' | 'interrupted' | 'failed';
export type CatalogKind = 'shrink' | 'search' | 'study';

export interface CatalogEntry {
    /** Absolute run or study directory. */
    dir: string;
    /** The directory's name (`Lissnas-20261202-140000`). */
    label: string;
    kind: CatalogKind;
    state: CatalogState;
    /** Why this state, in words (the tooltip says it). */
    reason: string;
    /** Policy or search name; for a study, its `.nas` file as given. */
    subject?: string;
    seed?: number;
    dataset?: string;
    /** The best architecture of a finished run. */
    best?: ArchScoreHead;
    /** Queries: a finished run's (a search's own plus its shrinkage's), else the evaluations journaled so far. */
    queries?: number;
    /** A search's budget. */
    budget?: number;
    stopReason?: string;
    /** Failed evaluations of a finished run. */
    failures?: number;
    /** A study: finished cells (lines of cells.jsonl). */
    cells?: number;
    /** A study: its policies and searches. */
    policies?: string[];
    searches?: string[];
    /** ms since the epoch: `created` of run.json / study-run.json, else the directory's mtime. */
    created: number;
    /** Wall time from creation to the last write (result or journal), or to now while running. */
    elapsedMs?: number;
    /** The lock's owner, when a run.lock is there (live or stale). */
    lock?: LockOwner & { live: boolean | 'other-host' };
    /** report.html exists. */
    hasReport: boolean;
    /** Malformed or unreadable files, one line each (`result.json: expected ...`). */
    problems: string[];
}

export interface Catalog {
    /** Newest first. */
    entries: CatalogEntry[];
    /** Folders that could not be read (permissions), one line each. */
    problems: string[];
}

export interface ScanOptions {
    /** Date.now() by default (elapsed time of running runs). */
    now?: number;
    /** This machine's host name (a lock of another host cannot be checked). */
    host?: string;
    /** Whether a pid runs here; process.kill(pid, 0) by default. */
    isAlive?: (pid: number) => boolean;
    /** Folder levels searched below the runs directory for run directories (runs may be grouped); 3 by default. */
    maxDepth?: number;
}

/** Every run and study below `runsDir` (absolute). A missing runs directory is an empty catalog. */
export function scanRuns(runsDir: string, options: ScanOptions = {}): Catalog {
    const catalog: Catalog = { entries: [], problems: [] };
    const visit = (dir: string, depth: number): void => {
        let children: Dirent[];
        try {
            children = readdirSync(dir, { withFileTypes: true });
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code !== 'ENOENT' && code !== 'ENOTDIR') catalog.problems.push(`${dir}: ${code ?? String(error)}`);
            return;
        }
        for (const child of children) {
            if (!child.isDirectory() || child.name.startsWith('.') || child.name === 'node_modules') continue;
            const path = join(dir, child.name);
            const entry = readRunDir(path, options);
            if (entry) catalog.entries.push(entry);
            else if (depth < (options.maxDepth ?? 3)) visit(path, depth + 1);
        }
    };
    visit(runsDir, 1);
    catalog.entries.sort((a, b) => b.created - a.created || a.dir.localeCompare(b.dir));
    return catalog;
}

/** The entry of one directory, or undefined when it is neither a run nor a study. */
export function readRunDir(dir: string, options: ScanOptions = {}): CatalogEntry | undefined {
    const names = new Set(safeList(dir));
    if (names.has(FILES.manifest)) return readRun(dir, names, options);
    if (names.has(FILES.studyManifest) || names.has(FILES.studyResult)) return readStudy(dir, names, options);
    return undefined;
}

function readRun(dir: string, names: Set<string>, options: ScanOptions): CatalogEntry {
    const problems: string[] = [];
    const manifest = readJson(join(dir, FILES.manifest), RunManifestHead, problems);
    const entry = baseEntry(dir, manifest?.command ?? 'shrink', manifest?.created, names, problems);
    if (manifest) {
        entry.subject = manifest.name;
        entry.seed = manifest.seed;
        if (manifest.dataset !== undefined) entry.dataset = manifest.dataset;
        if (manifest.budget !== undefined) entry.budget = manifest.budget;
    }
    const lock = readLock(dir, names, options, problems);
    if (lock) entry.lock = lock;
    const result = names.has(FILES.result) ? readJson(join(dir, FILES.result), RunResultHead, problems) : undefined;
    const journal = names.has(FILES.journal) ? journalSummary(join(dir, FILES.journal), problems) : undefined;
    const now = options.now ?? Date.now();

    if (result) {
        entry.queries = result.queries + (result.shrinkQueries ?? 0);
        if (result.best) entry.best = result.best;
        if (result.budget !== undefined) entry.budget = result.budget;
        if (result.stopReason) entry.stopReason = result.stopReason;
        const failed = (result.failures?.count ?? 0) + (result.shrink?.failures?.count ?? 0);
        if (failed > 0) entry.failures = failed;
    } else if (journal) {
        entry.queries = journal.evaluations;
    }
    const lastWrite = mtime(join(dir, result ? FILES.result : journal ? FILES.journal : FILES.manifest));

    if (lock?.live) {
        entry.state = 'running';
        entry.reason = lock.live === 'other-host'
            ? `locked by process ${lock.pid} on host ${lock.hostname} (cannot be checked from here)`
            : `process ${lock.pid} (lissnas ${lock.command ?? '?'}) is writing it`;
        entry.elapsedMs = now - entry.created;
    } else if (!manifest) {
        entry.state = 'failed';
        entry.reason = 'run.json is damaged: the run cannot be resumed';
    } else if (names.has(FILES.result) && !result) {
        entry.state = 'failed';
        entry.reason = 'result.json is damaged';
    } else if (result) {
        const everyEvaluationFailed = !result.best && (entry.failures ?? 0) > 0;
        entry.state = everyEvaluationFailed ? 'failed' : 'finished';
        entry.reason = everyEvaluationFailed ? `every evaluation failed (${entry.failures} failures)` : `finished${result.stopReason ? ` (${result.stopReason})` : ''}`;
        entry.elapsedMs = elapsed(entry.created, lastWrite);
    } else {
        entry.state = 'interrupted';
        entry.reason = `stopped before its end${lock ? ` (stale lock of process ${lock.pid})` : ''}; \`lissnas resume\` continues it`;
        entry.elapsedMs = elapsed(entry.created, lastWrite);
    }
    return entry;
}

function readStudy(dir: string, names: Set<string>, options: ScanOptions): CatalogEntry {
    const problems: string[] = [];
    const manifest = names.has(FILES.studyManifest) ? readJson(join(dir, FILES.studyManifest), StudyManifestHead, problems) : undefined;
    const result = names.has(FILES.studyResult) ? readJson(join(dir, FILES.studyResult), StudyResultHead, problems) : undefined;
    const entry = baseEntry(dir, 'study', manifest?.created, names, problems);
    const about = manifest ?? result;
    if (about) {
        entry.subject = about.file;
        entry.policies = about.policies;
        entry.searches = about.searches;
        if (about.datasets.length === 1) entry.dataset = about.datasets[0];
    }
    if (names.has(FILES.studyJournal)) entry.cells = countLines(join(dir, FILES.studyJournal), problems);
    if (result) entry.cells = result.runs.length;
    const lock = readLock(dir, names, options, problems);
    if (lock) entry.lock = lock;
    const lastWrite = mtime(join(dir, result ? FILES.studyResult : names.has(FILES.studyJournal) ? FILES.studyJournal : FILES.studyManifest));

    if (lock?.live) {
        entry.state = 'running';
        entry.reason = lock.live === 'other-host' ? `locked by process ${lock.pid} on host ${lock.hostname} (cannot be checked from here)` : `process ${lock.pid} (lissnas ${lock.command ?? '?'}) is writing it`;
        entry.elapsedMs = (options.now ?? Date.now()) - entry.created;
    } else if (names.has(FILES.studyManifest) && !manifest) {
        entry.state = 'failed';
        entry.reason = 'study-run.json is damaged: the study cannot be resumed';
    } else if (names.has(FILES.studyResult) && !result) {
        entry.state = 'failed';
        entry.reason = 'study.json is damaged';
    } else if (result) {
        entry.state = 'finished';
        entry.reason = 'finished';
        entry.elapsedMs = elapsed(entry.created, lastWrite);
    } else {
        entry.state = 'interrupted';
        entry.reason = `stopped before its end${lock ? ` (stale lock of process ${lock.pid})` : ''}; \`lissnas resume\` continues it with the finished cells`;
        entry.elapsedMs = elapsed(entry.created, lastWrite);
    }
    return entry;
}

function baseEntry(dir: string, kind: CatalogKind, created: string | undefined, names: Set<string>, problems: string[]): CatalogEntry {
    const parsed = created === undefined ? NaN : Date.parse(created);
    if (created !== undefined && Number.isNaN(parsed)) problems.push(`created: not a date`);
    return {
        dir,
        label: basename(dir),
        kind,
        state: 'failed',
        reason: '',
        created: Number.isNaN(parsed) ? mtime(dir) ?? 0 : parsed,
        hasReport: names.has(FILES.report),
        problems,
    };
}

/** The lock's owner and whether it lives; a malformed lock is a problem and counts as no lock. */
function readLock(dir: string, names: Set<string>, options: ScanOptions, problems: string[]): CatalogEntry['lock'] {
    if (!names.has(FILES.lock)) return undefined;
    const owner = readJson(join(dir, FILES.lock), LockOwner, problems);
    if (!owner) return undefined;
    const host = options.host ?? hostname();
    const isAlive = options.isAlive ?? processAlive;
    const live: boolean | 'other-host' = owner.hostname !== host ? 'other-host' : isAlive(owner.pid);
    return { ...owner, live };
}

/** signal 0 checks existence without sending anything; EPERM means it exists but is another user's. */
export function processAlive(pid: number): boolean {
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/** Reads and checks a JSON file; undefined (with a problem line) when it is unreadable, not JSON or malformed. */
function readJson<T>(path: string, check: Validator<T>, problems: string[]): T | undefined {
    let value: unknown;
    try {
        value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        problems.push(`${basename(path)}: ${error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? 'unreadable')}`);
        return undefined;
    }
    const problem = check.problem(value);
    if (problem) {
        problems.push(problem);
        return undefined;
    }
    return value as T;
}

/**
 * Reads of append-only files by path, kept while their size and mtime stay the same: the view re-reads every few
 * seconds while a run runs, and a long run's journal or a study's cells.jsonl holds megabytes.
 */
const readCache = new Map<string, { size: number; mtimeMs: number; value: { count: number; malformed: number } }>();
const CACHE_LIMIT = 500;

/** Complete lines of `path` (a torn last line is ignored, as the engine does) counted by `counts`; cached. */
function countJsonLines(path: string, counts: (value: unknown) => boolean, problems: string[]): { count: number; malformed: number } | undefined {
    let stat;
    try {
        stat = statSync(path);
    } catch (error) {
        problems.push(`${basename(path)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
        return undefined;
    }
    const cached = readCache.get(path);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.value;
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch (error) {
        problems.push(`${basename(path)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
        return undefined;
    }
    let count = 0;
    let malformed = 0;
    for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
        if (line.trim() === '') continue;
        try {
            if (counts(JSON.parse(line))) count++;
        } catch {
            malformed++;
        }
    }
    const value = { count, malformed };
    if (readCache.size >= CACHE_LIMIT) readCache.clear();
    readCache.set(path, { size: stat.size, mtimeMs: stat.mtimeMs, value });
    return value;
}

/** Evaluations journaled so far: lines of type `eval` (the rest of a line is not needed here). */
function journalSummary(path: string, problems: string[]): { evaluations: number } | undefined {
    const lines = countJsonLines(path, (value) => typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'eval', problems);
    if (!lines) return undefined;
    if (lines.malformed > 0) problems.push(`journal.jsonl: ${lines.malformed} malformed line(s)`);
    return { evaluations: lines.count };
}

/** Finished cells of a study: lines of cells.jsonl. */
function countLines(path: string, problems: string[]): number | undefined {
    const lines = countJsonLines(path, () => true, problems);
    if (!lines) return undefined;
    if (lines.malformed > 0) problems.push(`cells.jsonl: ${lines.malformed} malformed line(s)`);
    return lines.count;
}

function elapsed(created: number, end: number | undefined): number | undefined {
    return end === undefined || end < created ? undefined : end - created;
}

function mtime(path: string): number | undefined {
    try {
        return statSync(path).mtimeMs;
    } catch {
        return undefined;
    }
}

function safeList(dir: string): string[] {
    try {
        return readdirSync(dir);
    } catch {
        return [];
    }
}

/** `1 h 02 min`, `3 min 05 s`, `12 s`: short enough for a tree item's description. */
export function formatElapsed(ms: number): string {
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
    return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
