/**
 * Status bar item with the size of the space under the cursor (`NB201: 15,625`). It asks the server
 * (`lissnas/spaceSizeAt`) after the cursor rests or the text changes for a moment, cancelling the
 * previous request, so typing never queues a request per keystroke.
 */
import * as vscode from 'vscode';
import type { Ctx } from './ctx.js';
import { readConfig } from './config.js';
import { SpaceSizeAtRequest, SpaceSizeAtResult, type SpaceSizeInfo } from '../protocol/lsp.js';

export class SpaceSizeStatus implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;
    private readonly disposables: vscode.Disposable[] = [];
    private timer: ReturnType<typeof setTimeout> | undefined;
    private pending: vscode.CancellationTokenSource | undefined;

    constructor(private readonly ctx: Ctx) {
        this.item = vscode.window.createStatusBarItem('lissnas.spaceSize', vscode.StatusBarAlignment.Right, 100);
        this.item.name = 'LISSNAS space size';
        this.item.command = 'lissnas.showSpaceSizes';
        this.disposables.push(
            this.item,
            vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
            vscode.window.onDidChangeTextEditorSelection((event) => {
                if (event.textEditor === vscode.window.activeTextEditor) this.schedule();
            }),
            vscode.workspace.onDidChangeTextDocument((event) => {
                if (event.document === vscode.window.activeTextEditor?.document) this.schedule();
            }),
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (event.affectsConfiguration('lissnas.statusBar')) this.schedule();
            }),
            ctx.onDidChangeServerStatus(() => this.schedule()),
        );
        this.schedule();
    }

    private schedule(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), readConfig().statusBarDelayMs);
    }

    private async refresh(): Promise<void> {
        this.timer = undefined;
        this.pending?.cancel();
        this.pending?.dispose();
        this.pending = undefined;
        const editor = vscode.window.activeTextEditor;
        const client = this.ctx.client;
        if (!readConfig().statusBarSpaceSize || !editor || editor.document.languageId !== 'nas' || !client?.isRunning()) {
            this.item.hide();
            return;
        }
        const source = new vscode.CancellationTokenSource();
        this.pending = source;
        try {
            const size: unknown = await client.sendRequest(
                SpaceSizeAtRequest,
                {
                    textDocument: { uri: editor.document.uri.toString() },
                    position: client.code2ProtocolConverter.asPosition(editor.selection.active),
                },
                source.token,
            );
            if (source.token.isCancellationRequested) return;
            // A malformed answer (a server of another version) hides the item rather than showing `undefined`.
            this.show(SpaceSizeAtResult.is(size) ? size : null);
        } catch {
            // Cancelled or the server is restarting: the next cursor move asks again.
            if (!source.token.isCancellationRequested) this.item.hide();
        }
    }

    private show(size: SpaceSizeInfo | null): void {
        if (!size) {
            this.item.hide();
            return;
        }
        const icon = size.error ? '$(warning)' : '$(symbol-namespace)';
        this.item.text = `${icon} ${size.name}: ${size.label}`;
        const tooltip = new vscode.MarkdownString();
        tooltip.appendMarkdown(`**space ${size.name}**\n\n`);
        if (size.exact !== undefined) tooltip.appendMarkdown(`- configurations: \`${size.exact}\`\n`);
        if (size.log10 !== null) tooltip.appendMarkdown(`- log10: ${size.log10.toFixed(3)}\n`);
        if (size.error) tooltip.appendMarkdown(`- not computed: ${size.error}\n`);
        const status = this.ctx.lastServerStatus;
        if (status.health === 'error') tooltip.appendMarkdown(`\n$(warning) the server recovered from an error: ${status.message ?? ''}\n`);
        tooltip.supportThemeIcons = true;
        tooltip.appendMarkdown('\nClick for the sizes of every space.');
        this.item.tooltip = tooltip;
        this.item.show();
    }

    dispose(): void {
        if (this.timer) clearTimeout(this.timer);
        this.pending?.cancel();
        this.pending?.dispose();
        this.disposables.splice(0).forEach((d) => d.dispose());
    }
}
