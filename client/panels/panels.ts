/**
 * The panels of the extension: opening (one panel per view and directory; opening again reveals it), the
 * serializers that bring them back after a window reload, and the commands that open them.
 */
import * as vscode from 'vscode';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { PanelStateValidator, VIEW_TYPES, type PanelState, type ViewKind } from '../../protocol/webview.js';
import type { Ctx } from '../ctx.js';
import { createPanel, type PanelHost } from './panel-host.js';
import { PocketPanel } from './pocket-panel.js';
import { ProgressPanel } from './progress-panel.js';
import { viewFor } from './run-dirs.js';
import { readRunDir, scanRuns, type CatalogEntry } from '../views/run-catalog.js';
import { StudyPanel } from './study-panel.js';
import type { StudySource } from './study-data.js';

const open = new Map<string, PanelHost<unknown>>();

function keyOf(state: PanelState): string {
    if (state.view === 'compare') return `compare:${state.runDirs.map((d) => resolve(d)).join('|')}`;
    return `${state.view}:${resolve(state.view === 'study' ? state.dir : state.runDir)}`;
}

function titleOf(state: PanelState): string {
    switch (state.view) {
        case 'progress':
            return `Progress: ${basename(state.runDir)}`;
        case 'pockets':
            return `Pockets: ${basename(state.runDir)}`;
        case 'study':
            return `Study: ${basename(state.dir)}`;
        case 'compare':
            return `Compare ${state.runDirs.length} runs`;
    }
}

const kindOf = (state: PanelState): ViewKind => (state.view === 'compare' ? 'study' : state.view);

function host(panel: vscode.WebviewPanel, ctx: Ctx, state: PanelState): PanelHost<unknown> {
    switch (state.view) {
        case 'progress':
            return new ProgressPanel(panel, ctx, state.runDir) as PanelHost<unknown>;
        case 'pockets':
            return new PocketPanel(panel, ctx, state.runDir) as PanelHost<unknown>;
        case 'study':
        case 'compare': {
            const source: StudySource = state.view === 'study' ? { dir: state.dir } : { runDirs: state.runDirs };
            return new StudyPanel(panel, ctx, source) as PanelHost<unknown>;
        }
    }
}

function track(key: string, panelHost: PanelHost<unknown>): void {
    open.set(key, panelHost);
    panelHost.onDidDispose(() => {
        if (open.get(key) === panelHost) open.delete(key);
    });
}

/** Opens (or reveals) the view of a state. */
export function openPanel(ctx: Ctx, state: PanelState): void {
    const key = keyOf(state);
    const existing = open.get(key);
    if (existing) {
        existing.panel.reveal();
        return;
    }
    const panel = createPanel(kindOf(state), titleOf(state), ctx.extension.extensionUri);
    track(key, host(panel, ctx, state));
}

/** Registers one serializer per view type: a reloaded window gets its panels back from the webviews' saved state. */
function registerSerializers(ctx: Ctx): void {
    for (const view of Object.keys(VIEW_TYPES) as ViewKind[]) {
        ctx.push(
            vscode.window.registerWebviewPanelSerializer(VIEW_TYPES[view], {
                deserializeWebviewPanel: async (panel, state: unknown) => {
                    if (!PanelStateValidator.is(state) || kindOf(state) !== view) {
                        // Nothing to restore from (a state of another version): close rather than show an empty page.
                        ctx.outputChannel.appendLine(`[panels] not restoring a ${view} panel: ${PanelStateValidator.problem(state) ?? 'state of another view'}`);
                        panel.dispose();
                        return;
                    }
                    const key = keyOf(state);
                    open.get(key)?.dispose();
                    track(key, host(panel, ctx, state));
                },
            }),
        );
    }
}

// ---- commands ---------------------------------------------------------------------------------------------

/** The runs directories of the workspace folders (`lissnas.runs.directory`, relative to each folder). */
export function runsRoots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => {
        const directory = vscode.workspace.getConfiguration('lissnas.runs', folder.uri).get<string>('directory', 'runs');
        return isAbsolute(directory) ? directory : join(folder.uri.fsPath, directory);
    });
}

function allRunDirs(): CatalogEntry[] {
    return runsRoots()
        .flatMap((root) => scanRuns(root).entries)
        .sort((a, b) => b.created - a.created);
}

/** The directory an argument names: a path, a Uri, or anything with a `runDir` (a TrackedRun, a Runs view item). */
export function runDirOfArg(arg: unknown): string | undefined {
    if (typeof arg === 'string') return arg;
    if (arg instanceof vscode.Uri) return arg.fsPath;
    if (typeof arg === 'object' && arg !== null) {
        const { runDir, dir, run } = arg as { runDir?: unknown; dir?: unknown; run?: unknown };
        if (typeof runDir === 'string') return runDir;
        if (typeof dir === 'string') return dir;
        if (run !== undefined) return runDirOfArg(run);
    }
    return undefined;
}

function item(ctx: Ctx, info: CatalogEntry): vscode.QuickPickItem & { info: CatalogEntry } {
    return {
        label: `$(${info.kind === 'study' ? 'beaker' : info.kind === 'search' ? 'search' : 'graph-scatter'}) ${basename(info.dir)}`,
        description: `${info.kind} ${info.kind !== 'study' ? (info.subject ?? '') : ''} · ${ctx.runs?.find(info.dir)?.state ?? info.state}`,
        detail: info.dir,
        info,
    };
}

async function pickRunDir(ctx: Ctx, placeHolder: string, accept: (info: CatalogEntry) => boolean): Promise<CatalogEntry | undefined> {
    const candidates = allRunDirs().filter(accept);
    if (candidates.length === 0) {
        void vscode.window.showInformationMessage(`LISSNAS: no runs found under ${runsRoots().join(', ') || 'the workspace (open a folder first)'}.`);
        return undefined;
    }
    return (await vscode.window.showQuickPick(candidates.map((c) => item(ctx, c)), { placeHolder, matchOnDetail: true }))?.info;
}

const openProgress = (ctx: Ctx) => async (arg?: unknown) => {
    const runDir = runDirOfArg(arg) ?? (await pickRunDir(ctx, 'Run to show the progress of', () => true))?.dir;
    if (runDir) openPanel(ctx, { view: 'progress', runDir });
};

const openPockets = (ctx: Ctx) => async (arg?: unknown) => {
    const runDir = runDirOfArg(arg) ?? (await pickRunDir(ctx, 'Finished run to show the pockets of', (i) => i.kind !== 'study' && i.state === 'finished'))?.dir;
    if (runDir) openPanel(ctx, { view: 'pockets', runDir });
};

/** Opens what fits a directory: a study's comparison, a running run's progress, a finished run's pockets. */
export function openDirectory(ctx: Ctx, dir: string): void {
    const view = viewFor(readRunDir(dir), ctx.runs?.find(dir)?.state);
    openPanel(ctx, view === 'study' ? { view, dir } : { view, runDir: dir });
}

const openRun = (ctx: Ctx) => async (arg?: unknown) => {
    const dir = runDirOfArg(arg) ?? (await pickRunDir(ctx, 'Run or study to open', () => true))?.dir;
    if (dir) openDirectory(ctx, dir);
};

const compareRuns = (ctx: Ctx) => async (...args: unknown[]) => {
    // From the Runs view with several items selected VS Code passes (clicked, selection[]).
    const given = (Array.isArray(args[1]) ? (args[1] as unknown[]) : args).map(runDirOfArg).filter((d): d is string => d !== undefined);
    let runDirs = given;
    if (runDirs.length < 2) {
        const candidates = allRunDirs().filter((i) => i.kind !== 'study' && i.state === 'finished');
        if (candidates.length < 2) {
            void vscode.window.showInformationMessage('LISSNAS: comparing needs at least two finished shrink or search runs.');
            return;
        }
        const picked = await vscode.window.showQuickPick(candidates.map((c) => item(ctx, c)), { canPickMany: true, placeHolder: 'Pick two or more finished runs to compare', matchOnDetail: true });
        if (!picked) return;
        runDirs = picked.map((p) => p.info.dir);
        if (runDirs.length < 2) {
            void vscode.window.showWarningMessage('LISSNAS: pick at least two runs to compare.');
            return;
        }
    }
    openPanel(ctx, { view: 'compare', runDirs });
};

/** Registers the panel commands and serializers (called once from activate). */
export function registerPanels(ctx: Ctx): void {
    registerSerializers(ctx);
    ctx.registerCommand('lissnas.openProgress', openProgress);
    ctx.registerCommand('lissnas.openPockets', openPockets);
    ctx.registerCommand('lissnas.openRun', openRun);
    ctx.registerCommand('lissnas.compareRuns', compareRuns);
    ctx.push({ dispose: () => [...open.values()].forEach((p) => p.dispose()) });
}
