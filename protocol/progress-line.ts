/**
 * One line of a trial's progress.jsonl (the trial protocol's intermediate results, docs/scale-out.md) read as a
 * point: its finite numeric fields at its step (the line's `step`, else its `epoch`, else its line number). Here
 * because both sides read these files: the engine while a trial runs (engine/evaluate/progress-tail.ts), the
 * editor when it shows a finished run (client/panels/run-history.ts).
 */
import type { TrialPoint } from './run-events.js';

/** The point of one line, or undefined when the line is not a JSON object. */
export function progressPoint(line: string, lineNumber: number): TrialPoint | undefined {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v) && k !== 'step') values[k] = v;
    const o = value as Record<string, unknown>;
    const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    const step = finite(o.step) ? o.step : finite(o.epoch) ? o.epoch : lineNumber;
    return { step, values };
}
