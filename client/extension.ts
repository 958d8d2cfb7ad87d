/**
 * VS Code entry of the lissnas extension: starts the `.nas` language server and the space-size status
 * bar item, registers the commands. Everything the extension owns hangs off one `Ctx`.
 */
import * as vscode from 'vscode';
import { Ctx } from './ctx.js';
import { SpaceSizeStatus } from './status.js';
import { restartServer, showSpaceSizes } from './commands.js';
import { exportSpace, importSpace } from './interop-commands.js';

let ctx: Ctx | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
    ctx = new Ctx(extension);
    extension.subscriptions.push(ctx);
    ctx.registerCommand('lissnas.showSpaceSizes', showSpaceSizes);
    ctx.registerCommand('lissnas.restartServer', restartServer);
    ctx.registerCommand('lissnas.exportSpace', exportSpace);
    ctx.registerCommand('lissnas.importSpace', importSpace);
    ctx.push(new SpaceSizeStatus(ctx));
    try {
        await ctx.start();
    } catch (error) {
        // Keep the commands registered (restart can succeed after `npm run build`); say why nothing works.
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`LISSNAS language server failed to start: ${message}`);
    }
}

export async function deactivate(): Promise<void> {
    await ctx?.stop();
    ctx = undefined;
}
