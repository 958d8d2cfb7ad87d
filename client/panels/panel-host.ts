/**
 * What every LISSNAS webview panel shares on the host side: the HTML shell under the strict CSP, resources only
 * from out/webview, the ready-handshake, validation of both directions, and the actions any view may ask for
 * (copy to the clipboard, open another view, report a problem).
 */
import * as vscode from 'vscode';
import { FromWebviewCheck, VIEW_TYPES, type FromWebview, type ViewKind } from '../../protocol/webview.js';
import type { Validator } from '../../protocol/check.js';
import type { Ctx } from '../ctx.js';
import { webviewHtml } from './html.js';

/** Webview options of every panel: scripts on, and nothing readable but the bundled webview folder. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
        enableScripts: true,
        // Only out/webview: the page cannot load the user's files, the extension's sources or anything else.
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview')],
    };
}

export function createPanel(view: ViewKind, title: string, extensionUri: vscode.Uri): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(VIEW_TYPES[view], title, vscode.ViewColumn.Active, webviewOptions(extensionUri));
}

export abstract class PanelHost<ToWebview> implements vscode.Disposable {
    /** True once the webview said `ready` (again after each reload of the webview, e.g. when it was hidden). */
    protected ready = false;
    protected readonly disposables: vscode.Disposable[] = [];
    private disposed = false;
    private readonly disposeListeners = new vscode.EventEmitter<void>();
    readonly onDidDispose = this.disposeListeners.event;

    constructor(
        readonly panel: vscode.WebviewPanel,
        protected readonly ctx: Ctx,
        readonly view: ViewKind,
        private readonly outgoing: Validator<ToWebview>,
    ) {
        const extensionUri = ctx.extension.extensionUri;
        const webview = panel.webview;
        webview.options = webviewOptions(extensionUri);
        const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'out', 'webview', name)).toString();
        webview.html = webviewHtml({
            view,
            title: panel.title,
            cspSource: webview.cspSource,
            script: asset('main.js'),
            styles: [asset('main.css')],
            codicons: asset('codicon.css'),
        });
        this.disposables.push(
            webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
            panel.onDidDispose(() => this.dispose()),
            this.disposeListeners,
        );
    }

    /** Sends everything the view shows (after each `ready`). */
    protected abstract sendSnapshot(): void | Promise<void>;

    /** Validates and posts; a message the check rejects is a bug on this side: logged, not sent. */
    protected post(message: ToWebview): boolean {
        if (!this.ready || this.disposed) return false;
        const problem = this.outgoing.problem(message);
        if (problem) {
            this.log(`not sent (malformed): ${problem}`);
            return false;
        }
        void this.panel.webview.postMessage(message);
        return true;
    }

    protected log(message: string): void {
        this.ctx.outputChannel.appendLine(`[${this.view} panel] ${message}`);
    }

    private receive(message: unknown): void {
        const problem = FromWebviewCheck.problem(message);
        if (problem) {
            this.log(`ignored a message from the webview: ${problem}`);
            return;
        }
        const m = message as FromWebview;
        switch (m.type) {
            case 'ready':
                this.ready = true;
                void Promise.resolve(this.sendSnapshot()).catch((error: unknown) => this.log(`snapshot failed: ${error instanceof Error ? error.message : String(error)}`));
                return;
            case 'copy':
                void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage(`LISSNAS: copied ${m.what}`, 3000));
                return;
            case 'open':
                void vscode.commands.executeCommand({ pockets: 'lissnas.openPockets', progress: 'lissnas.openProgress', study: 'lissnas.openRun' }[m.view], m.runDir);
                return;
            case 'problem':
                this.log(`webview: ${m.message}`);
                return;
            case 'searchFrom':
                this.searchFrom(m);
                return;
        }
    }

    /** Only the pocket view offers it; see PocketPanel. */
    protected searchFrom(_message: Extract<FromWebview, { type: 'searchFrom' }>): void {
        this.log('searchFrom is not offered by this view');
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        this.disposeListeners.fire();
        this.disposables.splice(0).forEach((d) => d.dispose());
        this.panel.dispose();
    }
}
