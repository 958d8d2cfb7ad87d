/**
 * The run manager's core, free of `vscode` so that tests drive it with the real bundled CLI outside an editor
 * (test/client/run-tracker.test.ts); client/runs/run-manager.ts wraps it with EventEmitters and the output channel.
 *
 * A run is `lissnas <command> ... --json` in a child process (client/runs/cli-process.ts: VS Code's runtime, no
 * shell). Its stdout is split into lines, each validated by `parseRunEvent`; a line that is not a valid event and
 * every stderr line go to `log`. The state goes starting -> running (first event) -> finished | interrupted |
 * failed (client/runs/run-exit.ts). Cancel sends SIGTERM (the CLI keeps what finished and exits 143) and SIGKILL
 * after a grace period if the child is still there.
 */
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseRunEvent, type RunEvent } from '../../protocol/run-events.js';
import { spawnCli } from './cli-process.js';
import { LineSplitter } from './line-splitter.js';
import { failureMessage, stateOfExit } from './run-exit.js';
import type { RunKind, RunState, TrackedRun } from './run-feed.js';
import { progressOf, type ProgressSample, type RunProgress } from './run-progress.js';

export interface RunRequest {
    kind: RunKind;
    /** Policy, search or study name. */
    name: string;
    /** The `.nas` file, absolute, if any. */
    source?: string;
    /** Absolute run directory; for shrink/search/study `args` carry it as `--out`, for resume as the argument. */
    runDir: string;
    /** The CLI's arguments without `--json` (added here). */
    args: readonly string[];
    cwd: string;
    /** Node flags for this run's child, instead of the tracker's (`--enable-source-maps`). */
    execArgv?: string[];
}

export interface RunTrackerOptions {
    /** Absolute path of out/cli/main.cjs. */
    cliPath: string;
    /** Added to the inherited environment (`LISSNAS_EVAL_DELAY_MS` and the like pass through as they are). */
    env?: Record<string, string>;
    execArgv?: string[];
    /** Milliseconds between SIGTERM and SIGKILL on cancel (default 5000). */
    graceMs?: number;
    /** A stdout line that is not a valid event, or a stderr line. */
    log?: (run: TrackedRun, stream: 'stdout' | 'stderr', line: string) => void;
    /** Every event, after it was appended to `run.events` (trial progress past MAX_RUNNING_TRIAL_EVENTS: only here). */
    onEvent?: (run: TrackedRun, event: RunEvent) => void;
    /** After a run started, changed state or ended. */
    onChange?: (run: TrackedRun) => void;
}

type MutableRun = { -readonly [K in keyof TrackedRun]: TrackedRun[K] };

interface Live {
    child: ChildProcess;
    cancelled: boolean;
    killTimer?: ReturnType<typeof setTimeout>;
}

export const DEFAULT_GRACE_MS = 5000;
/** Trial progress events kept per run for panels opened later (about 4 MB at a few hundred bytes each). */
export const MAX_RUNNING_TRIAL_EVENTS = 10_000;

export class RunTracker {
    private readonly all: MutableRun[] = [];
    private readonly live = new Map<TrackedRun, Live>();
    private readonly endings = new Map<TrackedRun, Promise<TrackedRun>>();
    private readonly firstProgress = new Map<TrackedRun, ProgressSample>();
    private readonly runningTrialEvents = new Map<TrackedRun, number>();

    constructor(private readonly options: RunTrackerOptions) {}

    /** Runs started here, oldest first. */
    runs(): readonly TrackedRun[] {
        return this.all;
    }

    /** Runs whose child has not exited yet. */
    active(): TrackedRun[] {
        return this.all.filter((run) => run.state === 'starting' || run.state === 'running');
    }

    /** The newest run writing (or having written) to `runDir`. */
    find(runDir: string): TrackedRun | undefined {
        const wanted = resolve(runDir);
        for (let i = this.all.length - 1; i >= 0; i--) if (resolve(this.all[i].runDir) === wanted) return this.all[i];
        return undefined;
    }

    /** By id, else by run directory. */
    get(idOrDir: string): TrackedRun | undefined {
        return this.all.find((run) => run.id === idOrDir) ?? this.find(idOrDir);
    }

    progress(run: TrackedRun, now = Date.now()): RunProgress {
        return progressOf(run, this.firstProgress.get(run), now);
    }

    /** Starts the child; the returned run is updated in place as events arrive. */
    start(request: RunRequest): TrackedRun {
        const runDir = resolve(request.runDir);
        // The id is the run directory; a directory run again in this window (a resume) gets `#2`, `#3`, ...
        const again = this.all.filter((run) => resolve(run.runDir) === runDir).length;
        const run: MutableRun = {
            id: again === 0 ? runDir : `${runDir}#${again + 1}`,
            kind: request.kind,
            name: request.name,
            source: request.source,
            runDir,
            state: 'starting',
            events: [],
            started: Date.now(),
        };
        this.all.push(run);
        const child = spawnCli([...request.args, '--json'], { cliPath: this.options.cliPath, cwd: request.cwd, env: this.options.env, execArgv: request.execArgv ?? this.options.execArgv });
        const live: Live = { child, cancelled: false };
        this.live.set(run, live);
        this.endings.set(run, new Promise<TrackedRun>((resolveEnd) => this.follow(run, live, resolveEnd)));
        this.options.onChange?.(run);
        return run;
    }

    /** Resolves once the run's child has exited and its output is read (at once for an ended run). */
    ended(run: TrackedRun): Promise<TrackedRun> {
        return this.endings.get(run) ?? Promise.resolve(run);
    }

    /**
     * SIGTERM, then SIGKILL after the grace period; resolves when the child has exited. The run ends
     * `interrupted` (143, or killed), unless it had finished or failed on its own before the signal landed.
     */
    cancel(run: TrackedRun, graceMs = this.options.graceMs ?? DEFAULT_GRACE_MS): Promise<TrackedRun> {
        const live = this.live.get(run);
        if (!live) return this.ended(run);
        if (!live.cancelled) {
            live.cancelled = true;
            live.child.kill('SIGTERM');
            live.killTimer = setTimeout(() => {
                if (live.child.exitCode === null && live.child.signalCode === null) live.child.kill('SIGKILL');
            }, graceMs);
        }
        return this.ended(run);
    }

    /** Cancels every active run (the extension deactivating); resolves when all exited. */
    async cancelAll(graceMs?: number): Promise<void> {
        await Promise.all(this.active().map((run) => this.cancel(run, graceMs)));
    }

    private follow(run: MutableRun, live: Live, resolveEnd: (run: TrackedRun) => void): void {
        const { child } = live;
        const out = new LineSplitter();
        const err = new LineSplitter();
        let lastStderr: string | undefined;
        let errorEvent: string | undefined;
        const onStdout = (line: string): void => {
            const event = parseRunEvent(line);
            if (!event) {
                if (line.trim() !== '') this.options.log?.(run, 'stdout', line);
                return;
            }
            if (event.event === 'error') errorEvent = event.message;
            if (event.event === 'progress' && !this.firstProgress.has(run)) this.firstProgress.set(run, { time: Date.now(), done: event.done });
            // A long run with parallel trials sends trials' progress several times a second for hours: past
            // MAX_RUNNING_TRIAL_EVENTS the `running` ones go to live listeners only (a panel opened later draws the
            // curves up to there); every other event, trial ends included, is kept.
            const runningTrial = event.event === 'trial' && event.status === 'running';
            const kept = runningTrial ? (this.runningTrialEvents.get(run) ?? 0) + 1 : 0;
            if (runningTrial) this.runningTrialEvents.set(run, kept);
            if (kept <= MAX_RUNNING_TRIAL_EVENTS) run.events.push(event);
            if (run.state === 'starting') this.setState(run, 'running');
            this.options.onEvent?.(run, event);
        };
        const onStderr = (line: string): void => {
            if (line.trim() !== '') lastStderr = line.trim();
            this.options.log?.(run, 'stderr', line);
        };
        child.stdout?.on('data', (chunk: Buffer) => out.push(chunk).forEach(onStdout));
        child.stderr?.on('data', (chunk: Buffer) => err.push(chunk).forEach(onStderr));
        let done = false;
        const finish = (code: number | null, signal: string | null, spawnError?: Error): void => {
            if (done) return;
            done = true;
            if (live.killTimer) clearTimeout(live.killTimer);
            out.end().forEach(onStdout);
            err.end().forEach(onStderr);
            this.live.delete(run);
            run.ended = Date.now();
            run.exit = { code, signal };
            const state: RunState = stateOfExit(code, signal);
            if (state === 'failed') run.error = spawnError ? spawnError.message : failureMessage(errorEvent, lastStderr, code, signal);
            this.setState(run, state);
            resolveEnd(run);
        };
        child.once('error', (error) => {
            // The process could not be started (or killed): no 'close' may follow.
            if (child.pid === undefined) finish(null, null, error);
        });
        child.once('close', (code, signal) => finish(code, signal));
    }

    private setState(run: MutableRun, state: RunState): void {
        run.state = state;
        this.options.onChange?.(run);
    }
}
