/**
 * The progress panel's Trials section, folded from `trial` run events (pure: no DOM, unit-tested in test/webview/):
 * one row per trial of a `command` evaluator with its status, last reported values and elapsed time, and the
 * points of each numeric field over the trial's steps for the chart.
 */
import type { RunEvent, TrialStatus } from '../protocol/run-events.js';

export interface TrialRow {
    id: string;
    arch: string;
    status: TrialStatus;
    /** Seconds, as the engine measured at the trial's last event. */
    elapsed: number;
    /** Date.now() when that event arrived (a running trial's elapsed time grows from there). */
    seenAt: number;
    last: Record<string, number>;
    step?: number;
    error?: string;
    /** Per field: [step, value] points in arrival order. */
    series: Map<string, Array<[number, number]>>;
}

/** Points kept per trial and field: a long training run's curve stays drawable (older points are thinned out). */
const MAX_POINTS = 2000;

/** Fields shown first in the chart's select, when a trial reports them. */
const PREFERRED = ['accuracy', 'val_accuracy', 'loss', 'val_loss'];

export class TrialsModel {
    readonly rows = new Map<string, TrialRow>();

    add(events: readonly RunEvent[], now: number): void {
        for (const event of events) {
            if (event.event !== 'trial') continue;
            let row = this.rows.get(event.id);
            if (!row) {
                row = { id: event.id, arch: event.arch, status: event.status, elapsed: event.elapsed, seenAt: now, last: {}, series: new Map() };
                this.rows.set(event.id, row);
            }
            row.status = event.status;
            row.elapsed = event.elapsed;
            row.seenAt = now;
            if (event.progress) row.last = { ...event.progress };
            if (event.step !== undefined) row.step = event.step;
            row.error = event.error;
            for (const point of event.points ?? []) {
                for (const [field, value] of Object.entries(point.values)) {
                    let series = row.series.get(field);
                    if (!series) row.series.set(field, (series = []));
                    series.push([point.step, value]);
                    // Every other point dropped: the curve keeps its shape at half the resolution.
                    if (series.length > MAX_POINTS) row.series.set(field, series.filter((_, i) => i % 2 === 0));
                }
            }
        }
    }

    /** Running trials first (the ones being watched), then by first appearance. */
    list(): TrialRow[] {
        const all = [...this.rows.values()];
        return [...all.filter((r) => r.status === 'running'), ...all.filter((r) => r.status !== 'running')];
    }

    /** Fields with points, the preferred ones (accuracy, loss) first, `epoch` and `step` counters last. */
    fields(): string[] {
        const seen = new Set<string>();
        for (const row of this.rows.values()) for (const field of row.series.keys()) seen.add(field);
        const rank = (f: string): number => (PREFERRED.includes(f) ? PREFERRED.indexOf(f) : f === 'epoch' ? 1000 : 100);
        return [...seen].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    }

    /** Seconds a trial has run: its last reported time, plus the time since while it still runs and the run is live. */
    elapsed(row: TrialRow, now: number, live: boolean): number {
        return row.elapsed + (live && row.status === 'running' ? Math.max(0, now - row.seenAt) / 1000 : 0);
    }

    counts(): Record<TrialStatus, number> {
        const counts: Record<TrialStatus, number> = { running: 0, done: 0, failed: 0, cancelled: 0 };
        for (const row of this.rows.values()) counts[row.status]++;
        return counts;
    }
}

/** An architecture string shortened for a table cell (the full one is the cell's tooltip). */
export function shortArch(arch: string, max = 36): string {
    return arch.length <= max ? arch : `${arch.slice(0, max - 1)}…`;
}

/** Whether every step of `field` is a whole number (epochs): the chart then draws whole-number step ticks, not 1.2, 1.4. */
export function wholeSteps(rows: readonly TrialRow[], field: string): boolean {
    return rows.every((r) => (r.series.get(field) ?? []).every(([step]) => Number.isInteger(step)));
}
