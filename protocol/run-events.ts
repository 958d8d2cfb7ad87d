/**
 * The events a run emits with `--json`: one JSON object per line on stdout.
 *
 * This is a wire protocol (the VS Code extension reads it from a child process), so every event is a plain
 * object with an `event` discriminator, and `parseRunEvent` validates a line at runtime instead of trusting it.
 * Adding an optional field is compatible; renaming or removing one is not.
 */

import { arrayOf, bool, int, num, oneOf, opt, recordOf, shape, str, type Check } from './check.js';

/**
 * Why a policy or a search stopped, as `done.stopReason` and result.json's `stopReason` carry it. The wire
 * vocabulary lives here (protocol/ imports no other folder); engine/stop-reason.ts says what each reason means.
 */
export type StopReason = 'budget' | 'exhausted' | 'stalled' | 'plateau' | 'max_iterations' | 'complete' | 'cancelled';

export const STOP_REASONS: readonly StopReason[] = ['budget', 'exhausted', 'stalled', 'plateau', 'max_iterations', 'complete', 'cancelled'];

export type RunCommand = 'shrink' | 'search' | 'resume' | 'study' | 'demo';

export interface StartEvent {
    event: 'start';
    command: RunCommand;
    /** Run directory (absolute), when the command writes one. */
    runDir?: string;
    /** Name of the policy or search being run, or of the study. */
    name: string;
    seed: number;
    /** Evaluations already journaled (resume), answered without calling the evaluator. */
    journaled: number;
}

export interface ProgressEvent {
    event: 'progress';
    /** What is being done: `shrink`, `search`, `study`, ... */
    phase: string;
    /** Evaluations (queries) answered so far in this phase, cached or not. */
    done: number;
    /** Known upper bound on `done` (a search budget, a study's run count); absent when unknown. */
    total?: number;
    /** Best metric seen so far in this phase. */
    best?: number;
}

export interface IterationEvent {
    event: 'iteration';
    /** Policy (or search) name. */
    name: string;
    iteration: number;
    /** Mean and best search metric of this iteration's sample. */
    sampleMean: number;
    sampleBest: number;
    /** log10 of the current (shrunk) space size. */
    sizeLog10: number;
    /** Cumulative queries spent so far. */
    queries: number;
}

export interface EvaluationEvent {
    event: 'evaluation';
    key: string;
    /** Absent when the evaluation failed (`error` says why). */
    metric?: number;
    report?: number;
    cost?: number;
    /** True when the answer came from the journal (a resumed run); repeats inside a run emit no event. */
    cached: boolean;
    error?: string;
}

export interface LogEvent {
    event: 'log';
    level: 'info' | 'warn' | 'error';
    message: string;
}

export interface DoneEvent {
    event: 'done';
    runDir?: string;
    /** Files written (result.json, report.html, study.json, ...), absolute paths. */
    files: string[];
    /** Distinct keys evaluated by the evaluator in this process (journal hits excluded). */
    evaluated: number;
    /** Keys answered from the journal (resume). */
    reused: number;
    /** Best search metric found and its report metric, when the command produced one. */
    best?: { arch: string; metric?: number; report?: number };
    /** Failed evaluations of the run (policy and search together), as in result.json; absent when none. */
    failures?: { count: number; first: Array<{ arch: string; error: string }> };
    /** Why the run's search or policy stopped (see engine/stop-reason.ts), when the command ran one. */
    stopReason?: StopReason;
}

/** How a trial of a `command` evaluator stands: `running` while its process (or Slurm job) runs, then one of the ends. */
export type TrialStatus = 'running' | 'done' | 'failed' | 'cancelled';

export const TRIAL_STATUSES: readonly TrialStatus[] = ['running', 'done', 'failed', 'cancelled'];

/** One line a trial appended to its `progress.jsonl`: its numeric fields, at its step. */
export interface TrialPoint {
    /** The line's `step`, else its `epoch`, else its line number (1-based). */
    step: number;
    values: Record<string, number>;
}

/**
 * A `command` evaluator's trial (docs/scale-out.md): emitted when it starts, when its progress.jsonl grows (at
 * most a few times a second per trial), and when it ends. Only with `--json`.
 */
export interface TrialEvent {
    event: 'trial';
    /** The trial id (its folder under `<run dir>/trials/`). */
    id: string;
    arch: string;
    status: TrialStatus;
    /** Seconds since this process started the trial. */
    elapsed: number;
    /** The last value of each numeric field its progress lines reported, and the step of the last line. */
    progress?: Record<string, number>;
    step?: number;
    /** Progress lines since this trial's previous event, oldest first (bounded: a burst is thinned, `last` is exact). */
    points?: TrialPoint[];
    /** Why it failed (failed, cancelled). */
    error?: string;
}

export interface ErrorEvent {
    event: 'error';
    message: string;
}

export type RunEvent = StartEvent | ProgressEvent | IterationEvent | EvaluationEvent | TrialEvent | LogEvent | DoneEvent | ErrorEvent;
export type RunEventName = RunEvent['event'];

export const RUN_EVENT_NAMES: readonly RunEventName[] = ['start', 'progress', 'iteration', 'evaluation', 'trial', 'log', 'done', 'error'];

/** Required/optional fields of every event; extra fields are allowed (forward compatibility). */
const SCHEMAS: Record<RunEventName, Record<string, Check>> = {
    start: { command: oneOf('shrink', 'search', 'resume', 'study', 'demo'), runDir: opt(str), name: str, seed: num, journaled: int },
    progress: { phase: str, done: int, total: opt(int), best: opt(num) },
    iteration: { name: str, iteration: int, sampleMean: num, sampleBest: num, sizeLog10: num, queries: int },
    evaluation: { key: str, metric: opt(num), report: opt(num), cost: opt(num), cached: bool, error: opt(str) },
    trial: {
        id: str,
        arch: str,
        status: oneOf(...TRIAL_STATUSES),
        elapsed: num,
        progress: opt(recordOf(num)),
        step: opt(num),
        points: opt(arrayOf(shape({ step: num, values: recordOf(num) }))),
        error: opt(str),
    },
    log: { level: oneOf('info', 'warn', 'error'), message: str },
    done: {
        runDir: opt(str),
        files: arrayOf(str),
        evaluated: int,
        reused: int,
        stopReason: opt(oneOf(...STOP_REASONS)),
        best: opt(shape({ arch: str, metric: opt(num), report: opt(num) })),
        failures: opt(shape({ count: int, first: arrayOf(shape({ arch: str, error: str })) })),
    },
    error: { message: str },
};

/** What is wrong with a decoded value as a run event (located, e.g. `done event.files[0]: expected a string, got an integer`), or undefined. */
export function runEventProblem(value: unknown): string | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'event: expected an object';
    const name = (value as { event?: unknown }).event;
    if (typeof name !== 'string' || !(RUN_EVENT_NAMES as readonly string[]).includes(name)) return `event.event: expected one of ${RUN_EVENT_NAMES.join(', ')}`;
    return shape(SCHEMAS[name as RunEventName])(value, `${name} event`);
}

/** Validates a decoded value; returns it typed, or undefined when it is not a well-formed event. */
export function validateRunEvent(value: unknown): RunEvent | undefined {
    return runEventProblem(value) === undefined ? (value as RunEvent) : undefined;
}

/** Parses one line of `--json` output; undefined for blank lines, non-JSON and malformed events. */
export function parseRunEvent(line: string): RunEvent | undefined {
    const text = line.trim();
    if (!text.startsWith('{')) return undefined;
    try {
        return validateRunEvent(JSON.parse(text));
    } catch {
        return undefined;
    }
}

/** Serializes an event as one line (no trailing newline); NaN/Infinity cannot occur in valid events. */
export function formatRunEvent(event: RunEvent): string {
    return JSON.stringify(event);
}
