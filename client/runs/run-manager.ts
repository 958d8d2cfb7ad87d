/**
 * The extension's run manager: the `vscode` wrapper around client/runs/run-tracker.ts. It owns the "LISSNAS Runs"
 * output channel (stderr of every run, stdout lines that are not events, a line when a run starts and ends) and
 * the EventEmitters of the `RunFeed` contract that panels, the Runs view and the status bar read.
 */
import * as vscode from 'vscode';
import type { RunEvent } from '../../protocol/run-events.js';
import type { RunFeed, TrackedRun } from './run-feed.js';
import type { RunProgress } from './run-progress.js';
import { RunTracker, type RunRequest } from './run-tracker.js';

/** SIGTERM -> SIGKILL on cancel; shorter on deactivation, which VS Code gives only a few seconds. */
const CANCEL_GRACE_MS = 5000;
const DEACTIVATE_GRACE_MS = 2500;

export class RunManager implements RunFeed, vscode.Disposable {
    readonly output: vscode.OutputChannel;
    private readonly tracker: RunTracker;
    private readonly eventEmitter = new vscode.EventEmitter<{ run: TrackedRun; event: RunEvent }>();
    private readonly changeEmitter = new vscode.EventEmitter<TrackedRun>();
    readonly onDidEvent = this.eventEmitter.event;
    readonly onDidChangeRun = this.changeEmitter.event;

    /** `cliPath`: out/cli/main.cjs of the installed extension. */
    constructor(cliPath: string) {
        this.output = vscode.window.createOutputChannel('LISSNAS Runs');
        this.tracker = new RunTracker({
            cliPath,
            graceMs: CANCEL_GRACE_MS,
            log: (run, stream, line) => this.output.appendLine(`[${run.name}${stream === 'stdout' ? ' stdout' : ''}] ${line}`),
            onEvent: (run, event) => this.eventEmitter.fire({ run, event }),
            onChange: (run) => {
                if (run.ended !== undefined) this.logEnd(run);
                this.changeEmitter.fire(run);
            },
        });
    }

    runs(): readonly TrackedRun[] {
        return this.tracker.runs();
    }

    find(runDir: string): TrackedRun | undefined {
        return this.tracker.find(runDir);
    }

    /** By id or run directory. */
    get(idOrDir: string): TrackedRun | undefined {
        return this.tracker.get(idOrDir);
    }

    /** Runs whose process has not exited. */
    active(): TrackedRun[] {
        return this.tracker.active();
    }

    progress(run: TrackedRun): RunProgress {
        return this.tracker.progress(run);
    }

    ended(run: TrackedRun): Promise<TrackedRun> {
        return this.tracker.ended(run);
    }

    start(request: RunRequest): TrackedRun {
        this.output.appendLine(`▶ lissnas ${[...request.args, '--json'].map(quoteForLog).join(' ')}  (in ${request.cwd})`);
        return this.tracker.start(request);
    }

    cancel(run: TrackedRun): Promise<TrackedRun> {
        if (run.state === 'starting' || run.state === 'running') this.output.appendLine(`■ cancelling ${run.name} (${run.runDir})`);
        return this.tracker.cancel(run);
    }

    /** On deactivation: every running child is cancelled the same way, with a shorter grace. */
    async cancelAll(): Promise<void> {
        await this.tracker.cancelAll(DEACTIVATE_GRACE_MS);
    }

    private logEnd(run: TrackedRun): void {
        const exit = run.exit?.signal ? `signal ${run.exit.signal}` : `exit ${run.exit?.code}`;
        this.output.appendLine(`■ ${run.name}: ${run.state} (${exit})${run.error ? `: ${run.error}` : ''} — ${run.runDir}`);
    }

    dispose(): void {
        // Deactivation awaits cancelAll first; this is the fallback when the context is disposed without it.
        void this.tracker.cancelAll(DEACTIVATE_GRACE_MS);
        this.eventEmitter.dispose();
        this.changeEmitter.dispose();
        this.output.dispose();
    }
}

/** The command line as a user would type it (for the log only: the child gets the array, never a shell). */
function quoteForLog(arg: string): string {
    return /^[\w./:=,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
