/**
 * The progress panel's host side. A run tracked in this window (ctx.runs, the RunFeed) is replayed from its
 * buffered events and then followed live; any other run directory is read back from its files
 * (run-history.ts) into the same events, so the webview has one renderer for both.
 */
import type * as vscode from 'vscode';
import { resolve } from 'node:path';
import { ToProgressCheck, type RunStateName, type ToProgress } from '../../protocol/webview.js';
import type { RunEvent } from '../../protocol/run-events.js';
import type { Ctx } from '../ctx.js';
import type { TrackedRun } from '../runs/run-feed.js';
import { PanelHost } from './panel-host.js';
import { readRunHistory } from './run-history.js';

/** Live events are batched: a fast table evaluator emits thousands per second, the chart redraws ~10 times. */
const BATCH_MS = 100;

export class ProgressPanel extends PanelHost<ToProgress> {
    /** How many of the tracked run's events the webview has (the rest go in the next batch). */
    private sent = 0;
    private timer: ReturnType<typeof setTimeout> | undefined;

    private subscribed = false;

    constructor(panel: vscode.WebviewPanel, ctx: Ctx, readonly runDir: string) {
        super(panel, ctx, 'progress', ToProgressCheck);
        this.disposables.push({ dispose: () => clearTimeout(this.timer) });
        this.subscribe();
    }

    /**
     * Follows the run feed; called again on each snapshot, because a panel restored after a reload can be built
     * before the run manager has set `ctx.runs`.
     */
    private subscribe(): void {
        const feed = this.ctx.runs;
        if (feed && !this.subscribed) {
            this.subscribed = true;
            this.disposables.push(
                feed.onDidEvent(({ run }) => {
                    if (this.isMine(run)) this.schedule();
                }),
                feed.onDidChangeRun((run) => {
                    if (this.isMine(run)) this.schedule();
                }),
            );
        }
    }

    private isMine(run: TrackedRun): boolean {
        return resolve(run.runDir) === resolve(this.runDir);
    }

    private tracked(): TrackedRun | undefined {
        return this.ctx.runs?.find(this.runDir) ?? this.ctx.runs?.runs().find((r) => this.isMine(r));
    }

    private schedule(): void {
        if (this.timer || !this.ready) return;
        this.timer = setTimeout(() => {
            this.timer = undefined;
            this.flush();
        }, BATCH_MS);
    }

    private flush(): void {
        const run = this.tracked();
        if (!run) return;
        const events: RunEvent[] = run.events.slice(this.sent);
        this.sent = run.events.length;
        this.post({ type: 'progress/events', runDir: this.runDir, events, state: stateOf(run), ended: run.ended });
    }

    protected sendSnapshot(): void {
        this.subscribe();
        const run = this.tracked();
        if (run) {
            this.sent = run.events.length;
            const start = run.events.find((e) => e.event === 'start');
            this.post({
                type: 'progress/init',
                runDir: this.runDir,
                command: start?.event === 'start' ? start.command : run.kind,
                name: run.name,
                state: stateOf(run),
                live: run.state === 'starting' || run.state === 'running',
                started: run.started,
                ended: run.ended,
                events: run.events.slice(0, this.sent),
            });
            return;
        }
        const history = readRunHistory(this.runDir);
        if (!history) {
            this.post({ type: 'progress/init', runDir: this.runDir, command: 'unknown', name: this.runDir, state: 'failed', live: false, events: [{ event: 'error', message: `${this.runDir} is not a run directory (no readable run.json)` }] });
            return;
        }
        this.post({
            type: 'progress/init',
            runDir: this.runDir,
            command: history.command,
            name: history.name,
            // Not tracked here and no result: stopped before its end (or running in another window).
            state: history.finished ? 'finished' : 'interrupted',
            live: false,
            started: history.started,
            ended: history.ended,
            budget: history.budget,
            events: history.events,
        });
    }
}

function stateOf(run: TrackedRun): RunStateName {
    return run.state;
}
