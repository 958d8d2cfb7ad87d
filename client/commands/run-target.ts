/**
 * What every run command does before starting the CLI: find the `.nas` file (an argument from a code lens, the
 * explorer or the editor title, else the active editor), save it (the CLI reads the file on disk), ask the
 * language server what it declares, refuse `command` evaluators in an untrusted workspace, and choose the run
 * directory.
 */
import * as vscode from 'vscode';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Ctx } from '../ctx.js';
import { readRunConfig } from '../config.js';
import { backendArgs } from '../runs/backend-args.js';
import { DeclarationsRequest, DeclarationsResult, type DeclarationInfo } from '../../protocol/lsp.js';
import { freshRunDir, runsDirectory } from '../runs/run-dirs.js';

/** `uri` as a code lens (a string), the explorer or the editor title (a Uri) pass it; else the active `.nas` editor. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
    if (typeof arg === 'string' && arg !== '') return /^[a-z][\w+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'nas' ? editor.document.uri : undefined;
}

/**
 * The document of `uri`, saved. `lissnas.runs.saveBeforeRun`: `always` saves without asking; `ask` asks, and
 * anything but "Save and Run" cancels. Undefined when the run must not start.
 */
export async function savedDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    if (uri.scheme !== 'file') {
        void vscode.window.showErrorMessage(`LISSNAS runs need a file on disk; ${uri.toString()} is not one. Save it as a .nas file first.`);
        return undefined;
    }
    // Opening it also tells the language server about it (the declarations request needs the document).
    const document = await vscode.workspace.openTextDocument(uri);
    if (!document.isDirty) return document;
    if (readRunConfig(uri).saveBeforeRun === 'ask') {
        const save = 'Save and Run';
        const answer = await vscode.window.showWarningMessage(
            `${vscode.workspace.asRelativePath(uri)} has unsaved changes. Runs read the file on disk: save it first?`,
            { modal: true },
            save,
        );
        if (answer !== save) return undefined;
    }
    if (!(await document.save())) {
        void vscode.window.showErrorMessage(`Could not save ${vscode.workspace.asRelativePath(uri)}; the run was not started.`);
        return undefined;
    }
    return document;
}

/** The spaces, policies and searches of the document, from the language server; undefined (and said why) when not available. */
export async function declarationsOf(ctx: Ctx, document: vscode.TextDocument): Promise<DeclarationInfo[] | undefined> {
    const client = ctx.client;
    if (!client?.isRunning()) {
        void vscode.window.showErrorMessage('The LISSNAS language server is not running, so the policies and searches of the file are not known. Restart it (LISSNAS: Restart Language Server).');
        return undefined;
    }
    const result: unknown = await client.sendRequest(DeclarationsRequest, { textDocument: { uri: document.uri.toString() } });
    if (!DeclarationsResult.is(result)) {
        void vscode.window.showErrorMessage(`The LISSNAS language server sent malformed declarations (${DeclarationsResult.problem(result)}); rebuild or reinstall the extension so client and server match.`);
        return undefined;
    }
    return result.declarations;
}

/**
 * In a restricted workspace, a run that would start a `command` evaluator (a program of the workspace) is
 * refused, with the reason and a way to trust the workspace. Table evaluators run anywhere. True when allowed.
 */
export async function trustAllows(what: string, commandEvaluators: readonly string[]): Promise<boolean> {
    if (vscode.workspace.isTrusted || commandEvaluators.length === 0) return true;
    const names = [...new Set(commandEvaluators)].map((n) => `'${n}'`).join(', ');
    const manage = 'Manage Workspace Trust';
    const answer = await vscode.window.showWarningMessage(
        `${what} uses the command evaluator ${names}, which runs a program from this workspace. LISSNAS does not start command evaluators in a restricted workspace; trust the workspace to run it (table evaluators run either way).`,
        manage,
    );
    if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
}

export interface RunPlace {
    /** Absolute, new. */
    runDir: string;
    /** The workspace folder of the file, else its directory: the child's working directory. */
    cwd: string;
}

/** A fresh `<runs directory>/<name>-<yyyymmdd-hhmmss>` for a run of `uri` (its parent is created). */
export function placeRun(uri: vscode.Uri, name: string): RunPlace {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const fileDir = dirname(uri.fsPath);
    const parent = runsDirectory(readRunConfig(uri).directory, folder, fileDir);
    mkdirSync(parent, { recursive: true });
    return { runDir: freshRunDir(parent, name), cwd: folder ?? fileDir };
}

/** The runs directories of every workspace folder (where `lissnas.resume` looks for interrupted runs). */
export function runsDirectories(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => runsDirectory(readRunConfig(folder.uri).directory, folder.uri.fsPath, folder.uri.fsPath));
}

/** The CLI flags every new shrink, search or study gets from the settings: `--backend` (`lissnas.runs.backend`). */
export function settingArgs(uri: vscode.Uri | undefined): string[] {
    return backendArgs(readRunConfig(uri).backend);
}

/** Node flags of a run's child, from `lissnas.runs.sourceMaps`. */
export function execArgvFor(uri: vscode.Uri | undefined): string[] {
    return readRunConfig(uri).sourceMaps ? ['--enable-source-maps'] : [];
}
