/**
 * A run directory read back as the events a live run would have sent, so that one renderer (the progress
 * panel) serves a run tracked in this window and one that finished earlier, elsewhere, or before a reload.
 *
 * Sources: run.json (command, name, seed), journal.jsonl (one line per evaluation, iteration, phase; format in
 * engine/run/journal.ts, read here as plain JSON because client/ may not import engine/), result.json (best, stop
 * reason, failures, budget), and for command evaluators each trial's trials/<id>/progress.jsonl (one `trial` event
 * per trial, with its points: the Trials section shows a finished run's curves too). No `vscode` here: test/client/run-history.test.ts runs it on a real run directory.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { validateRunEvent, type RunEvent, type TrialPoint } from '../../protocol/run-events.js';
import { progressPoint } from '../../protocol/progress-line.js';

/** Bytes of a trial's progress.jsonl read back (its first ones: a runaway log must not stall the panel). */
const PROGRESS_BYTES = 1 << 20;
/** Points sent per trial at most: a longer curve is sent every n-th point (and its last). */
const PROGRESS_POINTS = 1000;

export interface RunHistory {
    runDir: string;
    command: string;
    name: string;
    /** Date.now()-style ms of the journal's first phase line and its done line, when present. */
    started?: number;
    ended?: number;
    /** result.json exists: the run finished (a run without it was interrupted or is still running elsewhere). */
    finished: boolean;
    budget?: number;
    events: RunEvent[];
    /** result.json as read (unknown: the webview narrows it), when present. */
    result?: unknown;
}

type Json = Record<string, unknown>;

function readJson(path: string): Json | undefined {
    if (!existsSync(path)) return undefined;
    try {
        const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
    } catch {
        return undefined;
    }
}

const numberOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const stringOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const timeOf = (v: unknown): number | undefined => {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? undefined : t;
};

/** Drops undefined fields: the events must look exactly like the CLI's (validated by the same check). */
function clean<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The events of one journal line, or none for a line the panel has nothing to show for. */
function eventsOfEntry(entry: Json, run: { command: string; name: string; seed: number; runDir: string }): unknown[] {
    switch (entry.type) {
        case 'eval':
            return [clean({ event: 'evaluation', key: entry.key, metric: numberOf(entry.metric), report: numberOf(entry.report), cost: numberOf(entry.cost), cached: false, error: stringOf(entry.error) })];
        case 'iteration':
            return [{ event: 'iteration', name: entry.name, iteration: entry.iteration, sampleMean: entry.sampleMean, sampleBest: entry.sampleBest, sizeLog10: entry.sizeLog10, queries: entry.queries }];
        case 'phase': {
            if (entry.phase === 'start') {
                const command = ['shrink', 'search', 'resume', 'study', 'demo'].includes(run.command) ? run.command : 'shrink';
                return [{ event: 'start', command, runDir: run.runDir, name: run.name, seed: run.seed, journaled: numberOf(entry.journaled) ?? 0 }];
            }
            const when = stringOf(entry.time) ? ` at ${entry.time}` : '';
            const journaled = entry.phase === 'resume' && numberOf(entry.journaled) !== undefined ? ` (${entry.journaled} evaluations journaled)` : '';
            return [{ event: 'log', level: 'info', message: `phase ${String(entry.phase)}${journaled}${when}` }];
        }
        default:
            return []; // `done` lines become one done event at the end (with what result.json adds)
    }
}

/** The start of a file, at most `max` bytes (undefined when it cannot be read). */
function readHead(path: string, max: number): string | undefined {
    let fd: number;
    try {
        fd = openSync(path, 'r');
    } catch {
        return undefined;
    }
    try {
        const buffer = Buffer.alloc(max);
        const got = readSync(fd, buffer, 0, max, 0);
        // Cut at `max` bytes: drop the part of a line after the last newline (counted in bytes, not in decoded
        // characters, which differ once a line holds non-ASCII text).
        const end = got === max ? buffer.lastIndexOf(0x0a, got - 1) + 1 : got;
        return buffer.subarray(0, end).toString('utf8');
    } finally {
        closeSync(fd);
    }
}

/**
 * A finished trial as the one event the live run would end with: its status from the journal line, its points
 * from its progress.jsonl (undefined when the line names no trial). The journal keeps the key, not the architecture
 * string: the key stands in for it.
 */
function trialEventOf(entry: Json, runDir: string): unknown {
    const id = stringOf(entry.trial);
    if (id === undefined || !/^[\w-]+$/.test(id)) return undefined;
    const text = readHead(join(runDir, 'trials', id, 'progress.jsonl'), PROGRESS_BYTES) ?? '';
    const lines = text.split('\n');
    let points: TrialPoint[] = [];
    for (const line of lines) {
        if (line.trim() === '') continue;
        const point = progressPoint(line.trim(), points.length + 1);
        if (point) points.push(point);
    }
    const last: Record<string, number> = {};
    for (const p of points) Object.assign(last, p.values);
    const step = points[points.length - 1]?.step;
    if (points.length > PROGRESS_POINTS) {
        const every = Math.ceil(points.length / PROGRESS_POINTS);
        points = points.filter((_, i) => i % every === 0 || i === points.length - 1);
    }
    const error = stringOf(entry.error);
    return clean({
        event: 'trial',
        id,
        arch: stringOf(entry.key) ?? id,
        status: error === undefined ? 'done' : error === 'aborted' ? 'cancelled' : 'failed',
        elapsed: numberOf(entry.cost) ?? 0,
        progress: step !== undefined ? last : undefined,
        step,
        points: points.length > 0 ? points : undefined,
        error,
    });
}

/** Reads a run directory (run.json + journal.jsonl + result.json) into a history; undefined when it is not one. */
export function readRunHistory(runDir: string): RunHistory | undefined {
    const manifest = readJson(join(runDir, 'run.json'));
    if (!manifest) return undefined;
    const run = {
        runDir,
        command: stringOf(manifest.command) ?? 'shrink',
        name: stringOf(manifest.name) ?? 'run',
        seed: numberOf(manifest.seed) ?? 0,
    };
    const result = readJson(join(runDir, 'result.json'));
    const events: RunEvent[] = [];
    let started: number | undefined;
    let ended: number | undefined;
    let done: Json | undefined;
    let skipped = 0;
    const journal = join(runDir, 'journal.jsonl');
    const lines = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n') : [];
    for (const line of lines) {
        if (line.trim() === '') continue;
        let entry: unknown;
        try {
            entry = JSON.parse(line);
        } catch {
            skipped++; // a torn last line (the process died mid-write): the engine ignores it too
            continue;
        }
        if (typeof entry !== 'object' || entry === null) continue;
        const e = entry as Json;
        if (e.type === 'phase') started ??= timeOf(e.time);
        if (e.type === 'done') {
            done = e;
            ended = timeOf(e.time) ?? ended;
        }
        const trial = e.type === 'eval' ? trialEventOf(e, runDir) : undefined;
        for (const candidate of [...eventsOfEntry(e, run), ...(trial ? [trial] : [])]) {
            const event = validateRunEvent(candidate);
            if (event) events.push(event);
            else skipped++;
        }
    }
    if (skipped > 0) events.push({ event: 'log', level: 'warn', message: `${skipped} journal line(s) could not be read and were skipped` });
    if (events[0]?.event !== 'start') events.unshift({ event: 'start', command: run.command as 'shrink', runDir, name: run.name, seed: run.seed, journaled: 0 });

    const budget = numberOf(result?.budget);
    const evaluations = events.filter((e) => e.event === 'evaluation').length;
    if (budget !== undefined) events.push({ event: 'progress', phase: `${run.command} ${run.name}`, done: Math.min(evaluations, budget), total: budget });
    if (done || result) {
        const best = result?.best as Json | undefined;
        const failures = (result?.failures ?? (result?.shrink as Json | undefined)?.failures) as Json | undefined;
        const files = ['result.json', 'report.html'].filter((f) => existsSync(join(runDir, f))).map((f) => join(runDir, f));
        const candidate = clean({
            event: 'done',
            runDir,
            files,
            evaluated: numberOf(done?.evaluated) ?? evaluations,
            reused: numberOf(done?.reused) ?? 0,
            stopReason: stringOf(result?.stopReason),
            best: best && typeof best.arch === 'string' ? clean({ arch: best.arch, metric: numberOf(best.metric), report: numberOf(best.report) }) : undefined,
            failures: failures && typeof failures.count === 'number' ? failures : undefined,
        });
        const event = validateRunEvent(candidate);
        if (event) events.push(event);
    }
    return { runDir, command: run.command, name: run.name, started, ended, finished: result !== undefined, budget, events, result };
}
