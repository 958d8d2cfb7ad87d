/**
 * The extension's commands. Each is a factory receiving the context (rust-analyzer style), so that a
 * command always talks to the current client, also after a restart.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx.js';
import { SpaceSizesRequest, SpaceSizesResult, type SpaceSizeInfo } from '../protocol/lsp.js';

interface SpaceItem extends vscode.QuickPickItem {
    size: SpaceSizeInfo;
}

/** `lissnas.showSpaceSizes`: every space of the active document with its size; picking one reveals it. */
export function showSpaceSizes(ctx: Ctx) {
    return async (): Promise<void> => {
        const editor = vscode.window.activeTextEditor;
        const client = ctx.client;
        if (!editor || editor.document.languageId !== 'nas') {
            void vscode.window.showInformationMessage('Open a .nas file to see the sizes of its spaces.');
            return;
        }
        if (!client?.isRunning()) {
            void vscode.window.showWarningMessage('The LISSNAS language server is not running.');
            return;
        }
        const document = editor.document;
        const result: unknown = await client.sendRequest(SpaceSizesRequest, { textDocument: { uri: document.uri.toString() } });
        // A server of another version may answer another shape: say so instead of failing on a missing field.
        if (!SpaceSizesResult.is(result)) {
            const problem = SpaceSizesResult.problem(result);
            void vscode.window.showErrorMessage(`The LISSNAS language server sent malformed space sizes (${problem}); rebuild or reinstall the extension so client and server match.`);
            return;
        }
        if (result.spaces.length === 0) {
            void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(document.uri)} declares no space.`);
            return;
        }
        const items: SpaceItem[] = result.spaces.map((size) => ({
            label: `$(symbol-namespace) ${size.name}`,
            description: size.label,
            detail: size.error ? `not computed: ${size.error}` : size.exact !== undefined && size.exact !== size.label ? size.exact : undefined,
            size,
        }));
        const picked = await vscode.window.showQuickPick(items, {
            title: `Space sizes — ${vscode.workspace.asRelativePath(document.uri)}`,
            placeHolder: 'Pick a space to go to its declaration',
            matchOnDescription: true,
        });
        if (!picked) return;
        const range = client.protocol2CodeConverter.asRange(picked.size.nameRange);
        const target = await vscode.window.showTextDocument(document, editor.viewColumn);
        target.selection = new vscode.Selection(range.start, range.end);
        target.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    };
}

/** `lissnas.restartServer`: restarts the language server (after a rebuild, or if it misbehaves). */
export function restartServer(ctx: Ctx) {
    return async (): Promise<void> => {
        await ctx.restart();
        void vscode.window.setStatusBarMessage('LISSNAS language server restarted', 3000);
    };
}
