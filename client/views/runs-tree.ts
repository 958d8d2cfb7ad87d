/**
 * The Runs view (`lissnas.runs`): the runs and studies under each workspace folder's runs directory
 * (`lissnas.runs.directory`), read by run-catalog.ts. Refreshed by a file watcher on the files whose
 * appearance changes a state (run.json, result.json, run.lock, study-run.json, study.json), debounced, and
 * polled every few seconds while something runs (a SIGKILLed process leaves its lock behind: no file event
 * says it died). Runs this window started are also refreshed when the run manager reports a change.
 *
 * A refresh re-reads the directories and tells the workbench only what changed (rendered-rows.ts): a row
 * added, removed or moved renders its list again, a row that shows something else renders alone, and a row
 * that shows the same is left as it is — a re-rendered row drops clicks that land on its previous render.
 * Rows keep stable ids (the run directory), so the workbench keeps them across renders.
 */
import * as vscode from 'vscode';
import { relative } from 'node:path';
import { runsDirectory } from '../config.js';
import type { RunFeed } from '../runs/run-feed.js';
import { formatMetric } from '../runs/run-progress.js';
import { formatElapsed, readRunDir, scanRuns, type CatalogEntry, type CatalogState } from './run-catalog.js';
import type { RunArg } from './run-arg.js';
import { changedRows, itemSignature, listChanged, type Rows } from './rendered-rows.js';

/** `key`: the row's TreeItem id, unique in the tree (rows under a folder node are prefixed with its key). */
export type RunsNode =
    | { type: 'folder'; key: string; folder: vscode.WorkspaceFolder; runsDir: string }
    | ({ type: 'entry'; key: string; entry: CatalogEntry } & RunArg)
    | { type: 'problem'; key: string; message: string };
type FolderNode = Extract<RunsNode, { type: 'folder' }>;

const ICONS: Record<CatalogState, vscode.ThemeIcon> = {
    running: new vscode.ThemeIcon('sync~spin'),
    finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
    interrupted: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('debugIcon.pauseForeground')),
    failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
};

const WATCHED = '**/{run.json,result.json,run.lock,study-run.json,study.json}';
/** The top level's key in `shown`. */
const ROOT = '';

export interface RunsTreeTiming {
    /** Wait for file events to settle (a run writes several files at its end). */
    debounceMs: number;
    /** Re-read this often while something runs. */
    pollMs: number;
}

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<RunsNode | RunsNode[] | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private readonly disposables: vscode.Disposable[] = [this.changed];
    private watchers: vscode.Disposable[] = [];
    private debounce: ReturnType<typeof setTimeout> | undefined;
    private poll: ReturnType<typeof setInterval> | undefined;
    /** Whether each runs directory had a running entry at its last scan (poll while any has). */
    private readonly running = new Map<string, boolean>();
    /** The rows getChildren last returned, by parent key (ROOT: the top level): what a refresh compares with. */
    private readonly shown = new Map<string, Rows<RunsNode>>();
    /** The top level was announced changed and the workbench has not asked for it since (it asks when visible). */
    private stale = true;

    constructor(
        private readonly feed?: RunFeed,
        private readonly timing: RunsTreeTiming = { debounceMs: 300, pollMs: 5000 },
    ) {
        this.watch();
        this.disposables.push(
            vscode.workspace.onDidChangeWorkspaceFolders(() => {
                this.running.clear();
                this.watch();
                this.rerender();
            }),
            vscode.workspace.onDidChangeConfiguration((event) => {
                if (!event.affectsConfiguration('lissnas.runs.directory')) return;
                this.watch();
                this.rerender();
            }),
        );
        if (feed) this.disposables.push(feed.onDidChangeRun(() => this.refreshSoon()));
    }

    /**
     * Re-reads every runs directory now and fires the change event for what it shows differently: nothing when
     * every row shows the same, the changed rows alone, or the whole view when the top level's rows changed.
     */
    refresh(): void {
        const before = this.shown.get(ROOT);
        // Nothing read since the last full render was asked for (a hidden view is not asked): ask again, read nothing.
        if (!before || this.stale) return this.rerender();
        const after = this.render(undefined);
        if (listChanged(before, after)) return this.rerender();
        this.shown.set(ROOT, after);
        const changed = changedRows(before, after);
        for (const { node } of after.values()) {
            // A folder fired renders again with its rows; one never expanded is read when the workbench asks.
            if (node.type !== 'folder' || changed.includes(node)) continue;
            const rows = this.shown.get(node.key);
            if (!rows) continue;
            const now = this.render(node);
            if (listChanged(rows, now)) changed.push(node);
            else changed.push(...changedRows(rows, now));
            this.shown.set(node.key, now);
        }
        if (changed.length > 0) this.changed.fire(changed.length === 1 ? changed[0] : changed);
    }

    /** Re-reads after file events settle (a run writes several files at its end). */
    refreshSoon(): void {
        if (this.debounce) clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
            this.debounce = undefined;
            this.refresh();
        }, this.timing.debounceMs);
    }

    /** The whole view again (the folders or the runs directories changed: every row's meaning did). */
    private rerender(): void {
        this.stale = true;
        this.changed.fire(undefined);
    }

    /** The current entry of a directory (read again, so a command acts on its state now, not at the last scan). */
    entry(dir: string): CatalogEntry | undefined {
        return this.adjust(readRunDir(dir));
    }

    /** Every run and study of every workspace folder, read now, newest first (the commands' pickers). */
    entries(): CatalogEntry[] {
        return (vscode.workspace.workspaceFolders ?? [])
            .flatMap((folder) => scanRuns(runsDirectory(folder)).entries.map((entry) => this.adjust(entry)!))
            .sort((a, b) => b.created - a.created);
    }

    getTreeItem(node: RunsNode): vscode.TreeItem {
        const item = this.item(node);
        item.id = node.key;
        return item;
    }

    private item(node: RunsNode): vscode.TreeItem {
        if (node.type === 'folder') {
            const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
            item.description = relative(node.folder.uri.fsPath, node.runsDir) || node.runsDir;
            item.iconPath = vscode.ThemeIcon.Folder;
            item.contextValue = 'lissnas-folder';
            return item;
        }
        if (node.type === 'problem') {
            const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
            item.iconPath = new vscode.ThemeIcon('warning');
            return item;
        }
        return entryItem(node.entry);
    }

    getChildren(node?: RunsNode): RunsNode[] {
        if (node && node.type !== 'folder') return [];
        const rows = this.render(node);
        this.shown.set(node?.key ?? ROOT, rows);
        if (!node) {
            this.stale = false;
            for (const key of this.shown.keys()) if (key !== ROOT && !rows.has(key)) this.shown.delete(key);
        }
        return [...rows.values()].map((row) => row.node);
    }

    /**
     * The rows of the top level or of a folder node, read now, each with its signature. A row that was shown
     * keeps its node object, updated in place: the workbench finds a row by that object when told it changed.
     */
    private render(parent: FolderNode | undefined): Rows<RunsNode> {
        const before = this.shown.get(parent?.key ?? ROOT);
        const folders = vscode.workspace.workspaceFolders ?? [];
        // One folder: its runs at the top level; several: a node per folder.
        const fresh = parent
            ? this.scanFolder(parent.folder, `${parent.key}|`)
            : folders.length === 1
              ? this.scanFolder(folders[0], '')
              : folders.map((folder): RunsNode => ({ type: 'folder', key: `folder:${folder.uri.toString()}`, folder, runsDir: runsDirectory(folder) }));
        const rows: Rows<RunsNode> = new Map();
        for (const node of fresh) {
            const kept = before?.get(node.key)?.node;
            const shown = kept?.type === node.type ? Object.assign(kept, node) : node;
            rows.set(node.key, { node: shown, signature: itemSignature(this.getTreeItem(shown)) });
        }
        return rows;
    }

    /** `prefix` makes keys unique in the tree: two folders may share one (absolute) runs directory. */
    private scanFolder(folder: vscode.WorkspaceFolder, prefix: string): RunsNode[] {
        const runsDir = runsDirectory(folder);
        const catalog = scanRuns(runsDir);
        const entries = catalog.entries.map((entry) => this.adjust(entry)!);
        this.running.set(runsDir, entries.some((entry) => entry.state === 'running'));
        this.pollWhile([...this.running.values()].some(Boolean));
        return [
            ...catalog.problems.map((message): RunsNode => ({ type: 'problem', key: `${prefix}problem:${message}`, message })),
            ...entries.map((entry): RunsNode => ({ type: 'entry', key: `${prefix}${entry.dir}`, entry, runDir: entry.dir })),
        ];
    }

    /**
     * What this window knows better than the files: a run it started that exited with an error (not a signal,
     * not 130/143, the interrupt codes) has failed, though its directory looks interrupted.
     */
    private adjust(entry: CatalogEntry | undefined): CatalogEntry | undefined {
        if (!entry || entry.state !== 'interrupted') return entry;
        const tracked = this.feed?.find(entry.dir);
        if (tracked?.state !== 'failed') return entry;
        const code = tracked.exit?.code;
        return { ...entry, state: 'failed', reason: `the run exited with an error${code !== undefined && code !== null ? ` (exit code ${code})` : ''}; see the LISSNAS Runs output` };
    }

    private pollWhile(running: boolean): void {
        if (running && !this.poll) this.poll = setInterval(() => this.refresh(), this.timing.pollMs);
        if (!running && this.poll) {
            clearInterval(this.poll);
            this.poll = undefined;
        }
    }

    private watch(): void {
        this.watchers.splice(0).forEach((d) => d.dispose());
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
            const runsDir = runsDirectory(folder);
            const inside = relative(folder.uri.fsPath, runsDir);
            // Inside the folder: a pattern relative to the folder (watched even before the runs directory exists).
            const base = inside !== '' && !inside.startsWith('..') && !/^[a-zA-Z]:/.test(inside) ? folder : vscode.Uri.file(runsDir);
            const prefix = base === folder ? `${inside.split('\\').join('/')}/` : '';
            for (const pattern of [`${prefix}${WATCHED}`, `${prefix}*`]) {
                // `*`: a run directory deleted or renamed as a whole (its files' events are not always reported).
                const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, pattern));
                watcher.onDidCreate(() => this.refreshSoon());
                watcher.onDidChange(() => this.refreshSoon());
                watcher.onDidDelete(() => this.refreshSoon());
                this.watchers.push(watcher);
            }
        }
    }

    dispose(): void {
        if (this.debounce) clearTimeout(this.debounce);
        this.pollWhile(false);
        this.watchers.splice(0).forEach((d) => d.dispose());
        this.disposables.splice(0).forEach((d) => d.dispose());
    }
}

/**
 * The item of one run or study: icon by state, summary in the description, details in the tooltip. Its id is
 * the node's key (RunsTree.getTreeItem): the directory, under a folder node prefixed with the folder's key.
 */
export function entryItem(entry: CatalogEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(entry.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = ICONS[entry.state];
    item.description = describe(entry);
    item.accessibilityInformation = { label: `${entry.label}, ${entry.state}, ${item.description}` };
    item.tooltip = tooltip(entry);
    item.resourceUri = vscode.Uri.file(entry.dir);
    item.contextValue = `lissnas-${entry.kind === 'study' ? 'study' : 'run'}-${entry.state}`;
    item.command = { command: 'lissnas.openRun', title: 'Open Run', arguments: [entry.dir] };
    return item;
}

/**
 * `best 91.21 · 143 q · 1 min 05 s · shrink`: the numbers first (the sidebar is narrow and cuts the end), then the
 * kind, with the policy, search or file only when the directory's name does not already say it. The icon says the
 * state; screen readers hear it from the item's accessibility label.
 */
export function describe(entry: CatalogEntry): string {
    const parts: string[] = [];
    if (entry.best?.metric !== undefined) parts.push(`best ${formatMetric(entry.best.metric)}`);
    if (entry.queries !== undefined) parts.push(`${entry.queries}${entry.budget !== undefined ? `/${entry.budget}` : ''} q`);
    if (entry.cells !== undefined) parts.push(`${entry.cells} cells`);
    if (entry.elapsedMs !== undefined) parts.push(formatElapsed(entry.elapsedMs));
    const subject = entry.subject === undefined ? undefined : entry.kind === 'study' ? shortFile(entry.subject) : entry.subject;
    parts.push(subject && !entry.label.includes(subject.replace(/\.nas$/, '')) ? `${entry.kind} ${subject}` : entry.kind);
    return parts.join(' · ');
}

function tooltip(entry: CatalogEntry): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**${escape(entry.label)}** — ${entry.state}\n\n`);
    md.appendText(entry.reason);
    md.appendMarkdown('\n\n');
    const rows: Array<[string, string | undefined]> = [
        [entry.kind === 'study' ? 'file' : entry.kind === 'shrink' ? 'policy' : 'search', entry.subject],
        ['policies', entry.policies?.join(', ')],
        ['searches', entry.searches?.join(', ')],
        ['seed', entry.seed?.toString()],
        ['dataset', entry.dataset],
        ['best', entry.best ? codeSpan(entry.best.arch) : undefined],
        ['best metric', entry.best?.metric !== undefined ? formatMetric(entry.best.metric) : undefined],
        ['best report', entry.best?.report !== undefined ? formatMetric(entry.best.report) : undefined],
        ['queries', entry.queries !== undefined ? `${entry.queries}${entry.budget !== undefined ? ` of ${entry.budget}` : ''}` : undefined],
        ['finished cells', entry.cells?.toString()],
        ['stopped by', entry.stopReason],
        ['failed evaluations', entry.failures?.toString()],
        ['elapsed', entry.elapsedMs !== undefined ? formatElapsed(entry.elapsedMs) : undefined],
        ['created', entry.created ? new Date(entry.created).toLocaleString() : undefined],
        ['lock', entry.lock ? `process ${entry.lock.pid} on ${entry.lock.hostname} (${entry.lock.live === true ? 'live' : entry.lock.live === false ? 'stale' : 'other host'})` : undefined],
    ];
    for (const [key, value] of rows) if (value !== undefined && value !== '') md.appendMarkdown(`- ${key}: ${value.startsWith('`') ? value : escape(value)}\n`);
    for (const problem of entry.problems) md.appendMarkdown(`\n$(warning) ${escape(problem)}\n`);
    md.appendMarkdown(`\n${codeSpan(entry.dir)}`);
    return md;
}

function shortFile(file: string): string {
    return file.split(/[\\/]/).pop() ?? file;
}

/** Text from a file inside a code span (shown verbatim; a backtick would end the span). */
function codeSpan(text: string): string {
    return `\`${text.replace(/`/g, "'")}\``;
}

/** Markdown-escapes text from files (names, paths, messages) so that it shows as written. */
function escape(text: string): string {
    return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
