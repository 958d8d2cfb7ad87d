/**
 * The extension's state, in the style of rust-analyzer's `Ctx`: one object owns the language client, the
 * output channel, the run manager and every disposable, so that commands receive it instead of reaching for globals, and
 * a restart replaces the client in one place.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import { ServerStatusNotification, ServerStatusParams } from '../protocol/lsp.js';
import { RunManager } from './runs/run-manager.js';

export class Ctx implements vscode.Disposable {
    readonly outputChannel: vscode.OutputChannel;
    /** The runs started in this window (a `RunFeed` for panels and views; client/runs/run-manager.ts). */
    readonly runs: RunManager;
    private languageClient: LanguageClient | undefined;
    private readonly clientDisposables: vscode.Disposable[] = [];
    private readonly disposables: vscode.Disposable[] = [];
    private readonly statusListeners = new vscode.EventEmitter<ServerStatusParams>();
    /** The last error the server reported having survived; shown in the status bar tooltip. */
    lastServerStatus: ServerStatusParams = { health: 'ok' };
    readonly onDidChangeServerStatus = this.statusListeners.event;

    constructor(readonly extension: vscode.ExtensionContext) {
        this.outputChannel = vscode.window.createOutputChannel('LISSNAS Language Server');
        // Runs are the bundled CLI in child processes (never in the extension host or the server).
        this.runs = new RunManager(extension.asAbsolutePath('out/cli/main.cjs'));
        this.disposables.push(this.outputChannel, this.statusListeners, this.runs);
    }

    /** The running client, or undefined before `start` and after `stop`. */
    get client(): LanguageClient | undefined {
        return this.languageClient;
    }

    async start(): Promise<void> {
        if (this.languageClient) return;
        // The bundled server (npm run build); ipc is the cheapest transport between two Node processes.
        const module = this.extension.asAbsolutePath('out/server/main.cjs');
        const serverOptions: ServerOptions = {
            run: { module, transport: TransportKind.ipc },
            debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009', '--enable-source-maps'] } },
        };
        // Imported files change on disk too: the server re-links the documents that import them.
        const watcher = vscode.workspace.createFileSystemWatcher('**/*.nas');
        this.clientDisposables.push(watcher);
        const clientOptions: LanguageClientOptions = {
            documentSelector: [{ language: 'nas' }],
            outputChannel: this.outputChannel,
            synchronize: { fileEvents: watcher },
        };
        const client = new LanguageClient('lissnas', 'LISSNAS Language Server', serverOptions, clientOptions);
        this.clientDisposables.push(
            client.onNotification(ServerStatusNotification, (params: unknown) => {
                // A malformed notification is dropped: the status bar shows only what the server really said.
                if (!ServerStatusParams.is(params)) return;
                this.lastServerStatus = params;
                this.statusListeners.fire(params);
            }),
        );
        this.languageClient = client;
        await client.start();
        this.statusListeners.fire(this.lastServerStatus);
    }

    async stop(): Promise<void> {
        const client = this.languageClient;
        this.languageClient = undefined;
        this.clientDisposables.splice(0).forEach((d) => d.dispose());
        if (client) await client.stop();
        this.lastServerStatus = { health: 'ok' };
        this.statusListeners.fire(this.lastServerStatus);
    }

    async restart(): Promise<void> {
        await this.stop();
        await this.start();
    }

    /** Registers a command that receives this context. */
    registerCommand(name: string, factory: (ctx: Ctx) => (...args: unknown[]) => unknown): void {
        this.disposables.push(vscode.commands.registerCommand(name, factory(this)));
    }

    push(...disposables: vscode.Disposable[]): void {
        this.disposables.push(...disposables);
    }

    dispose(): void {
        void this.stop();
        this.disposables.splice(0).forEach((d) => d.dispose());
    }
}
