/**
 * VS Code entry of the lissnas extension: starts the `.nas` language server, the space-size and the runs
 * status bar items, registers the commands. Everything the extension owns hangs off one `Ctx`.
 */
import * as vscode from 'vscode';
import { Ctx } from './ctx.js';
import { SpaceSizeStatus } from './status.js';
import { restartServer, showSpaceSizes } from './commands.js';
import { RunsTree } from './views/runs-tree.js';
import { registerRunsCommands } from './views/runs-commands.js';
import { cancel, resume, search, showRuns, shrink, study } from './commands/run-commands.js';
import { RunStatusBar } from './runs/run-status-bar.js';
import { registerPanels } from './panels/panels.js';
import { exportSpace, importSpace } from './interop-commands.js';

let ctx: Ctx | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
    ctx = new Ctx(extension);
    extension.subscriptions.push(ctx);
    ctx.registerCommand('lissnas.showSpaceSizes', showSpaceSizes);
    ctx.registerCommand('lissnas.restartServer', restartServer);
    ctx.registerCommand('lissnas.shrink', shrink);
    ctx.registerCommand('lissnas.search', search);
    ctx.registerCommand('lissnas.study', study);
    ctx.registerCommand('lissnas.resume', resume);
    ctx.registerCommand('lissnas.cancel', cancel);
    ctx.registerCommand('lissnas.showRuns', showRuns);
    ctx.registerCommand('lissnas.exportSpace', exportSpace);
    ctx.registerCommand('lissnas.importSpace', importSpace);
    ctx.push(new SpaceSizeStatus(ctx));
    // The Runs view reads run directories from disk; it works without the language server.
    const runsTree = new RunsTree(ctx.runs);
    ctx.push(runsTree, vscode.window.registerTreeDataProvider('lissnas.runs', runsTree));
    registerRunsCommands(ctx, runsTree);
    ctx.push(new RunStatusBar(ctx.runs));
    registerPanels(ctx);
    try {
        await ctx.start();
    } catch (error) {
        // Keep the commands registered (restart can succeed after `npm run build`); say why nothing works.
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`LISSNAS language server failed to start: ${message}`);
    }
}

export async function deactivate(): Promise<void> {
    // Running children are cancelled like `lissnas.cancel` (SIGTERM, SIGKILL after a grace): they stay resumable.
    await ctx?.runs.cancelAll();
    await ctx?.stop();
    ctx = undefined;
}
