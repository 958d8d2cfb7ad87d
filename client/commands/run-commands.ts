/**
 * The run commands: `lissnas.shrink`, `lissnas.search`, `lissnas.study`, `lissnas.resume`, `lissnas.cancel` and
 * `lissnas.showRuns` (the status bar's click). Each starts or stops the bundled CLI through the run manager
 * (ctx.runs); the panels and the Runs view follow the runs through its `RunFeed`.
 */
import * as vscode from 'vscode';
import { basename, dirname, isAbsolute } from 'node:path';
import type { Ctx } from '../ctx.js';
import type { DeclarationInfo } from '../../protocol/lsp.js';
import type { TrackedRun } from '../runs/run-feed.js';
import { commandEvaluatorsOfRunDir, resumableDirs } from '../runs/run-dirs.js';
import { readRunDir } from '../views/run-catalog.js';
import { progressText } from '../runs/run-progress.js';
import { declarationsOf, execArgvFor, placeRun, runsDirectories, savedDocument, settingArgs, targetUri, trustAllows } from './run-target.js';
import { askStudy } from './study-input.js';
import { studyArgs } from './study-args.js';
import { planSearchFrom, sourceRunOf, searchFromArg, searchFromArgs, searchFromRunName, type SearchFromRequest } from './search-from.js';

/** Opens the progress panel of a run just started (registered by the panels; absent, nothing happens). */
function openProgress(run: TrackedRun): void {
    void vscode.commands.executeCommand('lissnas.openProgress', run.runDir).then(undefined, () => undefined);
}

/** The file, saved, and its declarations of `kind`; undefined (the user was told why) when there is nothing to run. */
async function prepare(ctx: Ctx, uriArg: unknown, kind: 'policy' | 'search'): Promise<{ uri: vscode.Uri; all: DeclarationInfo[]; of: DeclarationInfo[] } | undefined> {
    const uri = targetUri(uriArg);
    if (!uri) {
        void vscode.window.showInformationMessage(`Open a .nas file to run one of its ${kind === 'policy' ? 'policies' : 'searches'}.`);
        return undefined;
    }
    const document = await savedDocument(uri);
    if (!document) return undefined;
    const all = await declarationsOf(ctx, document);
    if (!all) return undefined;
    const of = all.filter((d) => d.kind === kind);
    if (of.length === 0) {
        void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} declares no ${kind}.`);
        return undefined;
    }
    return { uri, all, of };
}

/** `lissnas.shrink` / `lissnas.search` (uri?, name?): runs one policy or search; without a name, asks which. */
function runOne(ctx: Ctx, kind: 'policy' | 'search') {
    return async (uriArg?: unknown, nameArg?: unknown): Promise<TrackedRun | undefined> => {
        const prepared = await prepare(ctx, uriArg, kind);
        if (!prepared) return undefined;
        const { uri, of } = prepared;
        let chosen: DeclarationInfo | undefined;
        if (typeof nameArg === 'string') {
            chosen = of.find((d) => d.name === nameArg);
            if (!chosen) {
                void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} has no ${kind} named '${nameArg}' (${of.map((d) => d.name).join(', ')}).`);
                return undefined;
            }
        } else {
            const picked = await vscode.window.showQuickPick(
                of.map((d) => ({ label: d.name, description: d.detail, detail: d.commandEvaluators.length > 0 ? `runs the command evaluator ${d.commandEvaluators.join(', ')}` : undefined, d })),
                { title: kind === 'policy' ? 'Shrink Search Space' : 'Run Search', placeHolder: `Pick a ${kind} of ${vscode.workspace.asRelativePath(uri)}` },
            );
            chosen = picked?.d;
        }
        if (!chosen) return undefined;
        if (!(await trustAllows(`${kind} ${chosen.name}`, chosen.commandEvaluators))) return undefined;
        const { runDir, cwd } = placeRun(uri, chosen.name);
        const run = ctx.runs.start({
            kind: kind === 'policy' ? 'shrink' : 'search',
            name: chosen.name,
            source: uri.fsPath,
            runDir,
            cwd,
            args: [kind === 'policy' ? 'shrink' : 'search', uri.fsPath, kind === 'policy' ? '--policy' : '--search', chosen.name, '--out', runDir, ...settingArgs(uri)],
            execArgv: execArgvFor(uri),
        });
        openProgress(run);
        return run;
    };
}

export const shrink = (ctx: Ctx) => runOne(ctx, 'policy');

/**
 * `lissnas.search` (uri?, name?) as above; or, from the pocket view's "Search from here", ({ uri, seedArch,
 * seedKey?, runDir?, search? }): one of the file's searches started at that architecture (search-from.ts).
 */
export function search(ctx: Ctx) {
    const plain = runOne(ctx, 'search');
    return async (uriArg?: unknown, nameArg?: unknown): Promise<TrackedRun | undefined> => {
        const request = searchFromArg(uriArg);
        if (request === undefined) return plain(uriArg, nameArg);
        if ('problem' in request) {
            void vscode.window.showErrorMessage(`LISSNAS: cannot search from an architecture: ${request.problem}.`);
            return undefined;
        }
        return searchFrom(ctx, request);
    };
}

async function searchFrom(ctx: Ctx, request: SearchFromRequest): Promise<TrackedRun | undefined> {
    const uri = targetUri(request.uri);
    if (!uri) {
        void vscode.window.showInformationMessage('Open the .nas file of the run to search from one of its architectures.');
        return undefined;
    }
    const document = await savedDocument(uri);
    if (!document) return undefined;
    const declarations = await declarationsOf(ctx, document);
    if (!declarations) return undefined;
    const file = vscode.workspace.asRelativePath(uri);
    const plan = planSearchFrom(request, declarations, file, sourceRunOf(request.runDir));
    let chosen: DeclarationInfo | undefined;
    if (plan.kind === 'none') {
        const open = 'Open File';
        const answer = await vscode.window.showInformationMessage(plan.message, open);
        if (answer === open) await vscode.window.showTextDocument(document);
        return undefined;
    } else if (plan.kind === 'run') {
        chosen = plan.search;
    } else {
        const picked = await vscode.window.showQuickPick(plan.choices, { title: 'Search from Here', placeHolder: `Pick a search of ${file} to start at ${request.seedArch}`, matchOnDetail: true });
        chosen = picked?.declaration;
    }
    if (!chosen) return undefined;
    if (!(await trustAllows(`search ${chosen.name}`, chosen.commandEvaluators))) return undefined;
    const { runDir, cwd } = placeRun(uri, searchFromRunName(chosen.name));
    const run = ctx.runs.start({
        kind: 'search',
        name: chosen.name,
        source: uri.fsPath,
        runDir,
        cwd,
        args: [...searchFromArgs(uri.fsPath, chosen.name, request.seedArch, runDir), ...settingArgs(uri)],
        execArgv: execArgvFor(uri),
    });
    openProgress(run);
    return run;
}

/** `lissnas.study` (uri?): policies x seeds x datasets, then searches at equal budgets, from a multi-step input. */
export function study(ctx: Ctx) {
    return async (uriArg?: unknown): Promise<TrackedRun | undefined> => {
        const prepared = await prepare(ctx, uriArg, 'policy');
        if (!prepared) return undefined;
        const { uri, all } = prepared;
        const answers = await askStudy(all);
        if (!answers) return undefined;
        const chosen = all.filter((d) => (d.kind === 'policy' && answers.policies.includes(d.name)) || (d.kind === 'search' && answers.searches.includes(d.name)));
        if (!(await trustAllows('This study', chosen.flatMap((d) => d.commandEvaluators)))) return undefined;
        const { runDir, cwd } = placeRun(uri, 'study');
        const args = [...studyArgs(uri.fsPath, answers, runDir), ...settingArgs(uri)];
        const run = ctx.runs.start({ kind: 'study', name: basename(runDir), source: uri.fsPath, runDir, cwd, args, execArgv: execArgvFor(uri) });
        openProgress(run);
        return run;
    };
}

/**
 * A run directory from a command argument: a path, a `file:` URI (string or Uri), or an object with `runDir`
 * (a Runs view item, a panel's message); undefined for anything else.
 */
export function runDirOfArg(arg: unknown): string | undefined {
    if (arg instanceof vscode.Uri) return arg.fsPath;
    if (typeof arg === 'string' && arg !== '') return arg.startsWith('file:') ? vscode.Uri.parse(arg).fsPath : arg;
    if (typeof arg === 'object' && arg !== null) {
        const value = (arg as { runDir?: unknown; id?: unknown }).runDir ?? (arg as { id?: unknown }).id;
        if (typeof value === 'string') return value;
        if (value instanceof vscode.Uri) return value.fsPath;
    }
    return undefined;
}

/** `lissnas.resume` (runDir?): continues an interrupted run or study; without an argument, asks which. */
export function resume(ctx: Ctx) {
    return async (arg?: unknown): Promise<TrackedRun | undefined> => {
        let dir = runDirOfArg(arg);
        if (dir === undefined) {
            const running = (d: string) => ['starting', 'running'].includes(ctx.runs.find(d)?.state ?? '');
            const found = runsDirectories().flatMap((parent) => resumableDirs(parent, running));
            if (found.length === 0) {
                void vscode.window.showInformationMessage('No interrupted run or study under the runs directory (lissnas.runs.directory).');
                return undefined;
            }
            const picked = await vscode.window.showQuickPick(
                found.map((r) => ({ label: basename(r.dir), description: `${r.kind} ${r.subject ?? ''}`, detail: vscode.workspace.asRelativePath(r.dir), r })),
                { title: 'Resume Run', placeHolder: 'Pick an interrupted run or study' },
            );
            if (!picked) return undefined;
            dir = picked.r.dir;
        }
        if (!isAbsolute(dir)) {
            void vscode.window.showErrorMessage(`Resume needs an absolute run directory, got '${dir}'.`);
            return undefined;
        }
        const described = readRunDir(dir);
        if (!described) {
            void vscode.window.showErrorMessage(`${dir} is not a run or study directory (no run.json or study-run.json).`);
            return undefined;
        }
        const current = ctx.runs.find(dir);
        if (current && (current.state === 'starting' || current.state === 'running')) {
            void vscode.window.showInformationMessage(`${basename(dir)} is running already.`);
            return undefined;
        }
        if (!(await trustAllows(`The run ${basename(dir)}`, commandEvaluatorsOfRunDir(dir)))) return undefined;
        const uri = vscode.Uri.file(dir);
        const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
        const run = ctx.runs.start({
            kind: 'resume',
            name: described.kind === 'study' ? basename(dir) : (described.subject ?? basename(dir)),
            runDir: dir,
            cwd: folder ?? dirname(dir),
            args: ['resume', dir],
            execArgv: execArgvFor(uri),
        });
        openProgress(run);
        return run;
    };
}

function runItem(ctx: Ctx, run: TrackedRun) {
    return { label: `$(sync~spin) ${run.kind} ${run.name}`, description: progressText(run, ctx.runs.progress(run)), detail: vscode.workspace.asRelativePath(run.runDir), run };
}

/** `lissnas.cancel` (run id or runDir?): stops a run gracefully (it stays resumable); without an argument, asks which. */
export function cancel(ctx: Ctx) {
    return async (arg?: unknown): Promise<TrackedRun | undefined> => {
        const key = runDirOfArg(arg);
        let run = key !== undefined ? ctx.runs.get(key) : undefined;
        if (key !== undefined && !run) {
            void vscode.window.showInformationMessage(`No run of this window writes to ${key}.`);
            return undefined;
        }
        if (!run) {
            const active = ctx.runs.active();
            if (active.length === 0) {
                void vscode.window.showInformationMessage('No LISSNAS run is running.');
                return undefined;
            }
            run = active.length === 1 ? active[0] : (await vscode.window.showQuickPick(active.map((r) => runItem(ctx, r)), { title: 'Cancel Run', placeHolder: 'Pick the run to stop' }))?.run;
            if (!run) return undefined;
        }
        if (run.state !== 'starting' && run.state !== 'running') return run;
        return ctx.runs.cancel(run);
    };
}

/** `lissnas.showRuns`: the running runs; picking one opens its progress, the stop button cancels it. */
export function showRuns(ctx: Ctx) {
    return async (): Promise<void> => {
        const active = ctx.runs.active();
        if (active.length === 0) {
            void vscode.window.showInformationMessage('No LISSNAS run is running.');
            return;
        }
        const stop: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-stop'), tooltip: 'Cancel Run' };
        const pick = vscode.window.createQuickPick<ReturnType<typeof runItem>>();
        pick.title = 'LISSNAS Runs';
        pick.placeholder = 'Pick a run to open its progress';
        pick.items = active.map((r) => ({ ...runItem(ctx, r), buttons: [stop] }));
        pick.onDidTriggerItemButton(({ item }) => {
            void ctx.runs.cancel(item.run);
            pick.hide();
        });
        pick.onDidAccept(() => {
            const item = pick.selectedItems[0];
            pick.hide();
            if (item) void vscode.commands.executeCommand('lissnas.openProgress', item.run.runDir);
        });
        pick.onDidHide(() => pick.dispose());
        pick.show();
    };
}
