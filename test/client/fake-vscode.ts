// The part of the `vscode` API the panel hosts and the Runs view use, recorded instead of shown, so that
// client/panels/ and client/views/runs-tree.ts run under node:test (test/client/panels.test.ts and
// runs-tree.test.ts bundle them with `vscode` resolved here). Nothing is faked about the run directories, the CLI
// or the messages: only the editor around them.
import { pathToFileURL } from 'node:url';

export class Uri {
    private constructor(readonly fsPath: string, readonly scheme = 'file') {}
    static file(path: string): Uri {
        return new Uri(path);
    }
    static joinPath(base: Uri, ...parts: string[]): Uri {
        return new Uri([base.fsPath, ...parts].join('/'));
    }
    toString(): string {
        return pathToFileURL(this.fsPath).href;
    }
}

type Listener<T> = (value: T) => void;
export class EventEmitter<T> {
    private listeners: Array<Listener<T>> = [];
    readonly event = (listener: Listener<T>) => {
        this.listeners.push(listener);
        return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    };
    fire(value: T): void {
        for (const l of [...this.listeners]) l(value);
    }
    dispose(): void {
        this.listeners = [];
    }
}

export const ViewColumn = { Active: -1 };

// The Runs view's items: plain records of what the workbench would show.
export enum TreeItemCollapsibleState {
    None = 0,
    Collapsed = 1,
    Expanded = 2,
}

export class ThemeColor {
    constructor(readonly id: string) {}
}

export class ThemeIcon {
    static readonly Folder = new ThemeIcon('folder');
    constructor(
        readonly id: string,
        readonly color?: ThemeColor,
    ) {}
}

export class MarkdownString {
    constructor(
        public value = '',
        readonly supportThemeIcons = false,
    ) {}
    appendMarkdown(text: string): this {
        this.value += text;
        return this;
    }
    /** VS Code escapes the text; kept as is here (the tests compare renders, not markdown). */
    appendText(text: string): this {
        this.value += text;
        return this;
    }
}

export class TreeItem {
    id?: string;
    description?: string;
    tooltip?: string | MarkdownString;
    iconPath?: unknown;
    contextValue?: string;
    command?: { command: string; title: string; arguments?: unknown[] };
    resourceUri?: Uri;
    accessibilityInformation?: { label: string };
    constructor(
        readonly label: string,
        readonly collapsibleState = TreeItemCollapsibleState.None,
    ) {}
}

export class RelativePattern {
    constructor(
        readonly base: unknown,
        readonly pattern: string,
    ) {}
}

/** A file watcher the test drives: `fire('change')` is a file event the editor would report. */
export interface FakeWatcher {
    pattern: RelativePattern;
    disposed: boolean;
    onDidCreate(listener: Listener<Uri>): { dispose(): void };
    onDidChange(listener: Listener<Uri>): { dispose(): void };
    onDidDelete(listener: Listener<Uri>): { dispose(): void };
    fire(kind: 'create' | 'change' | 'delete', uri: Uri): void;
    dispose(): void;
}

/** What a test sees of one panel. */
export interface FakePanel {
    viewType: string;
    title: string;
    options: unknown;
    webview: {
        html: string;
        options: unknown;
        cspSource: string;
        posted: unknown[];
        asWebviewUri(uri: Uri): Uri;
        postMessage(message: unknown): Promise<boolean>;
        onDidReceiveMessage(listener: Listener<unknown>): { dispose(): void };
        /** Test side: the page posts a message to the host. */
        send(message: unknown): void;
    };
    disposed: boolean;
    reveal(): void;
    revealed: number;
    onDidDispose(listener: Listener<void>): { dispose(): void };
    dispose(): void;
}

export const recorded = {
    panels: [] as FakePanel[],
    serializers: new Map<string, { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }>(),
    commands: new Map<string, (...args: unknown[]) => unknown>(),
    executed: [] as Array<{ command: string; args: unknown[] }>,
    clipboard: '',
    messages: [] as string[],
    quickPicks: [] as unknown[],
    watchers: [] as FakeWatcher[],
    /** What showQuickPick answers (the test sets it). */
    pick: undefined as ((items: Array<{ info?: unknown }>) => unknown) | undefined,
};

export function fakePanel(viewType: string, title: string, options?: unknown): FakePanel {
    const received = new EventEmitter<unknown>();
    const disposed = new EventEmitter<void>();
    const panel: FakePanel = {
        viewType,
        title,
        options,
        disposed: false,
        revealed: 0,
        webview: {
            html: '',
            options,
            cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
            posted: [],
            asWebviewUri: (uri) => Uri.file(`/webview-resource${uri.fsPath}`),
            postMessage: async (message) => {
                panel.webview.posted.push(message);
                return true;
            },
            onDidReceiveMessage: received.event,
            send: (message) => received.fire(message),
        },
        reveal: () => void panel.revealed++,
        onDidDispose: disposed.event,
        dispose: () => {
            if (panel.disposed) return;
            panel.disposed = true;
            disposed.fire();
        },
    };
    return panel;
}

export const window = {
    createWebviewPanel(viewType: string, title: string, _column: unknown, options: unknown): FakePanel {
        const panel = fakePanel(viewType, title, options);
        recorded.panels.push(panel);
        return panel;
    },
    registerWebviewPanelSerializer(viewType: string, serializer: { deserializeWebviewPanel(panel: FakePanel, state: unknown): Promise<void> }) {
        recorded.serializers.set(viewType, serializer);
        return { dispose: () => recorded.serializers.delete(viewType) };
    },
    showInformationMessage: async (message: string) => void recorded.messages.push(message),
    showWarningMessage: async (message: string) => void recorded.messages.push(message),
    showErrorMessage: async (message: string) => void recorded.messages.push(message),
    setStatusBarMessage: (message: string) => {
        recorded.messages.push(message);
        return { dispose() {} };
    },
    showQuickPick: async (items: Array<{ info?: unknown }>) => {
        recorded.quickPicks.push(items);
        return recorded.pick?.(items);
    },
};

export const env = {
    clipboard: {
        writeText: async (text: string) => {
            recorded.clipboard = text;
        },
    },
};

export const commands = {
    registerCommand(command: string, callback: (...args: unknown[]) => unknown) {
        recorded.commands.set(command, callback);
        return { dispose: () => recorded.commands.delete(command) };
    },
    executeCommand: async (command: string, ...args: unknown[]) => {
        recorded.executed.push({ command, args });
        return recorded.commands.get(command)?.(...args);
    },
};

const folderChanges = new EventEmitter<unknown>();
const configurationChanges = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();

export const workspace = {
    workspaceFolders: [] as Array<{ uri: Uri; name?: string; index?: number }>,
    getConfiguration: () => ({ get: <T>(_key: string, fallback: T) => fallback }),
    onDidChangeWorkspaceFolders: folderChanges.event,
    onDidChangeConfiguration: configurationChanges.event,
    createFileSystemWatcher(pattern: RelativePattern): FakeWatcher {
        const events = { create: new EventEmitter<Uri>(), change: new EventEmitter<Uri>(), delete: new EventEmitter<Uri>() };
        const watcher: FakeWatcher = {
            pattern,
            disposed: false,
            onDidCreate: events.create.event,
            onDidChange: events.change.event,
            onDidDelete: events.delete.event,
            fire: (kind, uri) => events[kind].fire(uri),
            dispose: () => {
                watcher.disposed = true;
                recorded.watchers = recorded.watchers.filter((w) => w !== watcher);
            },
        };
        recorded.watchers.push(watcher);
        return watcher;
    },
};

/** Test side: the workspace folders changed (set `workspace.workspaceFolders` first). */
export function changeWorkspaceFolders(): void {
    folderChanges.fire({});
}
