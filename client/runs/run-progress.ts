/**
 * A run's progress for the status bar, from its events: the percentage when the CLI knows a total (a search's
 * budget, a study's cells), the policy iteration and queries so far, and an ETA from the rate measured since
 * the first progress event this window saw (not since the start: a resumed run answers its journaled part at
 * once, and the process's start-up is not evaluation time).
 */
import type { TrackedRun } from './run-feed.js';

export interface ProgressSample {
    /** Date.now() and `done` of the first progress event. */
    time: number;
    done: number;
}

export interface RunProgress {
    /** Evaluations (or study cells) done, and the known total. */
    done?: number;
    total?: number;
    /** 0..100, when `total` is known. */
    percent?: number;
    /** Last policy iteration and the queries spent by then. */
    iteration?: number;
    queries?: number;
    /** Per second, since the first progress event; undefined before two progress events apart in time. */
    rate?: number;
    /** Milliseconds left at `rate`, when `total` is known. */
    etaMs?: number;
}

export function progressOf(run: TrackedRun, first: ProgressSample | undefined, now: number): RunProgress {
    const result: RunProgress = {};
    for (let i = run.events.length - 1; i >= 0 && (result.done === undefined || result.iteration === undefined); i--) {
        const event = run.events[i];
        if (event.event === 'progress' && result.done === undefined) {
            result.done = event.done;
            result.total = event.total;
        } else if (event.event === 'iteration' && result.iteration === undefined) {
            result.iteration = event.iteration;
            result.queries = event.queries;
        }
    }
    if (result.done !== undefined && result.total !== undefined && result.total > 0) {
        result.percent = Math.min(100, (100 * result.done) / result.total);
    }
    if (first && result.done !== undefined && now > first.time && result.done > first.done) {
        result.rate = ((result.done - first.done) * 1000) / (now - first.time);
        if (result.total !== undefined) result.etaMs = (Math.max(0, result.total - result.done) / result.rate) * 1000;
    }
    return result;
}

/** A metric as people read it: 91.21, 0.0123, 1234.5 (the Runs view and the end-of-run message). */
export function formatMetric(value: number): string {
    return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 4);
}

/** `3m 20s`, `45s`, `1h 05m`. */
export function formatDuration(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60) return `${seconds}s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** One line for the status bar: `Lissnas 42% · it 3 · ETA 1m 05s`. */
export function progressText(run: TrackedRun, progress: RunProgress): string {
    const parts = [run.name];
    if (progress.percent !== undefined) parts[0] += ` ${Math.floor(progress.percent)}%`;
    else if (progress.done !== undefined) parts[0] += ` ${progress.done} evals`;
    else if (progress.iteration === undefined) parts[0] += run.state === 'starting' ? ' starting…' : ' running…';
    if (progress.iteration !== undefined) parts.push(`it ${progress.iteration}`);
    if (progress.etaMs !== undefined) parts.push(`ETA ${formatDuration(progress.etaMs)}`);
    return parts.join(' · ');
}
