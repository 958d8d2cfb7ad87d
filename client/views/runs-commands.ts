/**
 * The Runs view's own commands: refresh, reveal in the explorer, delete (after a modal confirmation, never a
 * running run), and open a run's or study's report.html in the browser (regenerated with `lissnas report DIR`
 * when it is missing). Each takes a tree node, a directory string or a file Uri (run-arg.ts); called without one
 * (the command palette), it asks which run.
 */
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../runs/cli-process.js';
import { runDirOf } from './run-arg.js';
import { describe, type RunsTree } from './runs-tree.js';
import type { CatalogEntry } from './run-catalog.js';
import type { Ctx } from '../ctx.js';

/** Registers the view's commands on the extension's context (disposed with it). */
export function registerRunsCommands(ctx: Ctx, tree: RunsTree): void {
    const cliPath = ctx.extension.asAbsolutePath('out/cli/main.cjs');
    ctx.registerCommand('lissnas.refreshRuns', () => () => tree.refresh());
    ctx.registerCommand('lissnas.revealRun', () => async (arg?: unknown) => {
        const entry = await pickEntry(tree, arg, 'Reveal which run?');
        if (!entry) return;
        const uri = vscode.Uri.file(entry.dir);
        // The explorer shows only workspace folders; a runs directory elsewhere is revealed by the OS.
        await vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS', uri);
    });
    ctx.registerCommand('lissnas.deleteRun', () => async (arg?: unknown) => {
        const entry = await pickEntry(tree, arg, 'Delete which run?');
        if (entry) await deleteRun(tree, entry);
    });
    ctx.registerCommand('lissnas.openReport', () => async (arg?: unknown) => {
        const entry = await pickEntry(tree, arg, 'Open the report of which run?');
        if (entry) await openReport(tree, entry, cliPath);
    });
}

async function deleteRun(tree: RunsTree, entry: CatalogEntry): Promise<void> {
    if (entry.state === 'running') {
        void vscode.window.showWarningMessage(`${entry.label} is running (process ${entry.lock?.pid ?? '?'}): cancel it before deleting its directory.`);
        return;
    }
    const where = vscode.workspace.asRelativePath(entry.dir);
    const answer = await vscode.window.showWarningMessage(
        `Delete the ${entry.kind === 'study' ? 'study' : 'run'} directory ${where}?`,
        { modal: true, detail: `${describe(entry)}\n\nEverything in ${entry.dir} (journal, results, report) goes to the trash.` },
        'Delete',
    );
    if (answer !== 'Delete') return;
    // Checked again: the run may have been resumed while the question was open.
    if (tree.entry(entry.dir)?.state === 'running') {
        void vscode.window.showWarningMessage(`${entry.label} started running meanwhile: not deleted.`);
        return;
    }
    const uri = vscode.Uri.file(entry.dir);
    try {
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
    } catch (error) {
        // Some hosts have no trash (a remote or a container without a desktop): offer to delete for good.
        const permanent = await vscode.window.showWarningMessage(
            `${where} could not be moved to the trash (${message(error)}). Delete it permanently?`,
            { modal: true },
            'Delete Permanently',
        );
        if (permanent !== 'Delete Permanently') return;
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    }
    tree.refresh();
}

async function openReport(tree: RunsTree, entry: CatalogEntry, cliPath: string): Promise<void> {
    const report = join(entry.dir, 'report.html');
    if (!existsSync(report)) {
        if (entry.state !== 'finished') {
            void vscode.window.showInformationMessage(`${entry.label} has no report: it is ${entry.state} (a report is written when a run finishes).`);
            return;
        }
        const answer = await vscode.window.showInformationMessage(`${entry.label} has no report.html. Regenerate it from its results?`, 'Regenerate');
        if (answer !== 'Regenerate') return;
        const outcome = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `lissnas report ${entry.label}` },
            () => runCli(['report', entry.dir], { cliPath, cwd: entry.dir }),
        );
        if (outcome.code !== 0 || !existsSync(report)) {
            void vscode.window.showErrorMessage(`lissnas report failed (exit ${outcome.code}): ${outcome.stderr.trim().split('\n').pop() ?? ''}`);
            return;
        }
        tree.refresh();
    }
    const opened = await vscode.env.openExternal(vscode.Uri.file(report));
    if (!opened) void vscode.window.showWarningMessage(`Could not open ${report} in a browser.`);
}

/** The entry named by `arg`, or one the user picks from the last scan. */
async function pickEntry(tree: RunsTree, arg: unknown, title: string): Promise<CatalogEntry | undefined> {
    const dir = runDirOf(arg);
    if (dir) {
        const entry = tree.entry(dir);
        if (!entry) void vscode.window.showWarningMessage(`${dir} is not a run or study directory (no run.json, study-run.json or study.json).`);
        return entry;
    }
    const entries = tree.entries();
    if (entries.length === 0) {
        void vscode.window.showInformationMessage('No runs in this workspace yet.');
        return undefined;
    }
    const picked = await vscode.window.showQuickPick(
        entries.map((entry) => ({ label: entry.label, description: describe(entry), detail: vscode.workspace.asRelativePath(entry.dir), entry })),
        { title, matchOnDescription: true },
    );
    return picked?.entry;
}

function message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
