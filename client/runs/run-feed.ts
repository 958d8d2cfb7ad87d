/**
 * What the run manager tells the rest of the extension (panels, the Runs view, the status bar) about the runs
 * it started in this window. The contract between client/runs/ and its readers: the panels subscribe here
 * instead of holding the manager, so a progress panel works the same for a live run and a finished one.
 */
import type * as vscode from 'vscode';
import type { RunEvent } from '../../protocol/run-events.js';

export type RunKind = 'shrink' | 'search' | 'study' | 'resume';

/** `interrupted`: stopped before its end (cancelled, killed, window closed) and resumable; `failed`: exited with an error. */
export type RunState = 'starting' | 'running' | 'finished' | 'interrupted' | 'failed';

export interface TrackedRun {
    /** Unique in this window (the run directory once known, before that a counter). */
    readonly id: string;
    readonly kind: RunKind;
    /** Policy, search or study name. */
    readonly name: string;
    /** The `.nas` file it was started from (absolute), if any. */
    readonly source?: string;
    /** Absolute run or study directory; known from the start (the manager passes `--out`). */
    readonly runDir: string;
    state: RunState;
    /** Every validated `--json` event so far, in order (reopening a panel replays them). */
    readonly events: RunEvent[];
    /** Date.now() at start and at exit. */
    readonly started: number;
    ended?: number;
    /** Exit code or signal of the child, once it exited. */
    exit?: { code: number | null; signal: string | null };
    /** Why a `failed` run failed: the CLI's `error` event, else its last stderr line, else the exit code. */
    error?: string;
}

export interface RunFeed {
    /** Runs started in this window, oldest first. */
    runs(): readonly TrackedRun[];
    /** The tracked run writing to this directory, if it was started in this window. */
    find(runDir: string): TrackedRun | undefined;
    /** Fires for every event of every run, after it was appended to `run.events`. */
    readonly onDidEvent: vscode.Event<{ run: TrackedRun; event: RunEvent }>;
    /** Fires when a run starts, changes state or ends. */
    readonly onDidChangeRun: vscode.Event<TrackedRun>;
}
