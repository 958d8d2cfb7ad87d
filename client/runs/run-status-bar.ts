/**
 * The running runs in the status bar (`$(sync~spin) Lissnas 42% · it 3 · ETA 1m 05s`, `+1` for more), refreshed
 * on every change and once a second for the ETA; a click lists them (`lissnas.showRuns`). When a run ends, a
 * notification says how, with "Open Pockets" and "Open Report" (commands of the panels, given the run directory),
 * "Resume" for an interrupted run, "Show Log" for a failed one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RunManager } from './run-manager.js';
import type { TrackedRun } from './run-feed.js';
import { formatDuration, formatMetric, progressText } from './run-progress.js';

export class RunStatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private readonly disposables: vscode.Disposable[] = [];
    private timer: ReturnType<typeof setInterval> | undefined;

    constructor(private readonly runs: RunManager) {
        this.item = vscode.window.createStatusBarItem('lissnas.runs', vscode.StatusBarAlignment.Left, 50);
        this.item.name = 'LISSNAS runs';
        this.item.command = 'lissnas.showRuns';
        this.disposables.push(
            this.item,
            runs.onDidChangeRun((run) => {
                this.refresh();
                if (run.ended !== undefined) void notifyEnd(runs, run);
            }),
        );
        this.refresh();
    }

    private refresh(): void {
        const active = this.runs.active();
        if (active.length === 0) {
            this.item.hide();
            if (this.timer) clearInterval(this.timer);
            this.timer = undefined;
            return;
        }
        // The ETA moves without events: tick while something runs.
        this.timer ??= setInterval(() => this.refresh(), 1000);
        const first = active[0];
        this.item.text = `$(sync~spin) ${progressText(first, this.runs.progress(first))}${active.length > 1 ? ` +${active.length - 1}` : ''}`;
        const tooltip = new vscode.MarkdownString(undefined, true);
        for (const run of active) tooltip.appendMarkdown(`- **${run.kind} ${run.name}**: ${progressText(run, this.runs.progress(run))}, ${formatDuration(Date.now() - run.started)} so far\n`);
        tooltip.appendMarkdown('\nClick to open the progress of a run or cancel it.');
        this.item.tooltip = tooltip;
        this.item.show();
    }

    dispose(): void {
        if (this.timer) clearInterval(this.timer);
        this.disposables.splice(0).forEach((d) => d.dispose());
    }
}

const OPEN_POCKETS = 'Open Pockets';
const OPEN_STUDY = 'Open Study';
const OPEN_REPORT = 'Open Report';
const RESUME = 'Resume';
const SHOW_LOG = 'Show Log';

/** What the end of a run says, and the commands its buttons run (with the run directory as first argument). */
async function notifyEnd(runs: RunManager, run: TrackedRun): Promise<void> {
    const what = `${run.kind === 'resume' ? 'Resumed run' : run.kind === 'study' ? 'Study' : run.kind === 'search' ? 'Search' : 'Shrink'} ${run.name}`;
    let picked: string | undefined;
    if (run.state === 'finished') {
        const done = [...run.events].reverse().find((e) => e.event === 'done');
        const best = done?.event === 'done' && done.best?.metric !== undefined ? `: best ${formatMetric(done.best.metric)}` : '';
        const stop = done?.event === 'done' && done.stopReason ? ` (stopped: ${done.stopReason})` : '';
        // A study (also a resumed one) has no pockets of its own: its view is the comparison over seeds.
        const study = existsSync(join(run.runDir, 'study.json'));
        picked = await vscode.window.showInformationMessage(`${what} finished${best}${stop}.`, study ? OPEN_STUDY : OPEN_POCKETS, OPEN_REPORT);
    } else if (run.state === 'interrupted') {
        picked = await vscode.window.showWarningMessage(`${what} was interrupted; what finished is kept and the run can be resumed.`, RESUME);
    } else if (run.state === 'failed') {
        picked = await vscode.window.showErrorMessage(`${what} failed: ${run.error ?? 'see the log'}`, SHOW_LOG);
    }
    if (picked === OPEN_POCKETS) await vscode.commands.executeCommand('lissnas.openPockets', run.runDir);
    else if (picked === OPEN_STUDY) await vscode.commands.executeCommand('lissnas.openRun', run.runDir);
    else if (picked === OPEN_REPORT) await vscode.commands.executeCommand('lissnas.openReport', run.runDir);
    else if (picked === RESUME) await vscode.commands.executeCommand('lissnas.resume', run.runDir);
    else if (picked === SHOW_LOG) runs.output.show(true);
}
