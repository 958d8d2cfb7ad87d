/**
 * What the progress panel shows, folded from run events (pure: no DOM, unit-tested in test/webview/). The same
 * fold serves a live run (events in batches) and a finished one (its journal converted to events by the host).
 */
import type { RunEvent } from '../protocol/run-events.js';

export interface IterationGroup {
    iteration: number;
    /**
     * Search metrics of the iteration's own evaluations: those whose ordinal lies between the previous iteration's
     * cumulative `queries` and this one's. Grouped by the counts rather than by arrival: a policy that reports its
     * history only when it ends (op_pruning) sends its iteration events after all of its evaluations.
     */
    metrics: number[];
    /** From the iteration event (absent for the group still being sampled). */
    sampleMean?: number;
    sampleBest?: number;
    sizeLog10?: number;
    queries?: number;
}

export interface LogLine {
    level: 'info' | 'warn' | 'error';
    message: string;
}

/** Window of the live evaluations-per-second estimate. */
const RATE_WINDOW_MS = 20_000;

export class ProgressModel {
    command = 'shrink';
    name = '';
    /** Evaluation events so far (a resumed run's journal hits included). */
    evaluations = 0;
    failed = 0;
    /** Iterations reported so far (metrics filled in by `groups()`). */
    readonly iterations: IterationGroup[] = [];
    /** Search metric of every evaluation by ordinal (undefined: failed), failed ones included: they are queries too. */
    private readonly byOrdinal: Array<number | undefined> = [];
    /** Best search metric after each evaluation: [query index (1-based), best so far]. */
    readonly bestSoFar: Array<[number, number]> = [];
    /** Every successful evaluation: [query index, metric] (the strip of a search). */
    readonly points: Array<[number, number]> = [];
    best: number | undefined;
    bestArch: string | undefined;
    progressDone = 0;
    progressTotal: number | undefined;
    readonly logs: LogLine[] = [];
    finished = false;
    private arrivals: number[] = [];

    constructor(readonly budget?: number) {}

    add(events: readonly RunEvent[], now: number, live: boolean): void {
        for (const event of events) {
            switch (event.event) {
                case 'start':
                    this.command = event.command;
                    this.name = event.name;
                    if (event.journaled > 0) this.log('info', `resumed with ${event.journaled} journaled evaluations`);
                    break;
                case 'evaluation': {
                    this.evaluations++;
                    if (live) this.arrivals.push(now);
                    if (event.metric === undefined || event.error !== undefined) {
                        this.failed++;
                        this.byOrdinal.push(undefined);
                        break;
                    }
                    this.byOrdinal.push(event.metric);
                    this.points.push([this.evaluations, event.metric]);
                    if (this.best === undefined || event.metric > this.best) this.best = event.metric;
                    this.bestSoFar.push([this.evaluations, this.best]);
                    break;
                }
                case 'iteration':
                    this.iterations.push({ iteration: event.iteration, metrics: [], sampleMean: event.sampleMean, sampleBest: event.sampleBest, sizeLog10: event.sizeLog10, queries: event.queries });
                    break;
                case 'progress':
                    if (live && this.command === 'study' && event.done > this.progressDone) this.arrivals.push(now);
                    this.progressDone = Math.max(this.progressDone, event.done);
                    if (event.total !== undefined) this.progressTotal = event.total;
                    if (event.best !== undefined && (this.best === undefined || event.best > this.best)) this.best = event.best;
                    break;
                case 'log':
                    this.log(event.level, event.message);
                    break;
                case 'error':
                    this.log('error', event.message);
                    break;
                case 'done':
                    this.finished = true;
                    if (event.best) this.bestArch = event.best.arch;
                    this.log('info', `done: ${event.evaluated} evaluated, ${event.reused} reused${event.stopReason ? `, stopped: ${event.stopReason}` : ''}`);
                    if (event.failures) this.log('warn', `${event.failures.count} failed evaluation(s); first: ${event.failures.first.map((f) => f.error).join('; ')}`);
                    break;
            }
        }
        const cutoff = now - RATE_WINDOW_MS;
        if (this.arrivals.length > 0 && this.arrivals[0] < cutoff) this.arrivals = this.arrivals.filter((t) => t >= cutoff);
    }

    private log(level: LogLine['level'], message: string): void {
        this.logs.push({ level, message });
    }

    /**
     * The reported iterations with their evaluations, then (when evaluations go beyond the last reported iteration's
     * queries) an open group of the evaluations not yet reported: while a policy runs, all of them.
     */
    groups(): IterationGroup[] {
        const ok = (from: number, to: number) => this.byOrdinal.slice(from, to).filter((m): m is number => m !== undefined);
        let from = 0;
        const groups = this.iterations.map((it) => {
            const to = Math.max(from, it.queries ?? from);
            const group = { ...it, metrics: ok(from, to) };
            from = to;
            return group;
        });
        if (this.byOrdinal.length > from) groups.push({ iteration: (this.iterations[this.iterations.length - 1]?.iteration ?? 0) + 1, metrics: ok(from, this.byOrdinal.length) });
        return groups;
    }

    /** Queries answered and the known total (a search budget, a study's cells), for "queries vs budget". */
    queries(): { done: number; total?: number } {
        const total = this.progressTotal ?? this.budget;
        const done = this.command === 'study' ? this.progressDone : Math.max(this.evaluations, this.progressDone);
        return { done, total };
    }

    /**
     * Evaluations per second: over the last 20 s while live, else over the run's whole duration (from the start and
     * end times the host knows). Undefined when there is nothing to measure.
     */
    rate(now: number, live: boolean, started?: number, ended?: number): number | undefined {
        if (live && this.arrivals.length >= 2) {
            const span = (now - this.arrivals[0]) / 1000;
            return span > 0 ? this.arrivals.length / span : undefined;
        }
        if (started === undefined) return undefined;
        const seconds = ((ended ?? now) - started) / 1000;
        const done = this.queries().done;
        return seconds > 0 && done > 0 ? done / seconds : undefined;
    }

    /** Seconds left at the current rate, when the total is known and the run is not done. */
    eta(rate: number | undefined): number | undefined {
        const { done, total } = this.queries();
        if (this.finished || total === undefined || rate === undefined || rate <= 0 || done >= total) return undefined;
        return (total - done) / rate;
    }
}
