/**
 * The extension's settings (`contributes.configuration` in package.json), read in one place so that a
 * renamed key is changed once.
 */
import * as vscode from 'vscode';
import { runsDirectory as resolveRunsDirectory } from './runs/run-dirs.js';

export const SECTION = 'lissnas';

export interface Config {
    /** Show the size of the space under the cursor in the status bar. */
    statusBarSpaceSize: boolean;
    /** Milliseconds to wait after the last cursor move or edit before asking the server. */
    statusBarDelayMs: number;
}

export function readConfig(): Config {
    const config = vscode.workspace.getConfiguration(SECTION);
    return {
        statusBarSpaceSize: config.get<boolean>('statusBar.spaceSize', true),
        statusBarDelayMs: Math.max(0, config.get<number>('statusBar.delay', 150)),
    };
}

export interface RunConfig {
    /** Folder of new runs, relative to the workspace folder (or absolute). */
    directory: string;
    /** `always` saves an unsaved document before a run; `ask` asks (cancelling cancels the run). */
    saveBeforeRun: 'always' | 'ask';
    /** Start run processes with --enable-source-maps. */
    sourceMaps: boolean;
    /** Neural back-end of proxy/train evaluators (`--backend`); `auto` lets the CLI choose. */
    backend: string;
}

/** The run settings for a file (`lissnas.runs.directory` is per resource: each workspace folder may set its own). */
export function readRunConfig(scope?: vscode.Uri): RunConfig {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    return {
        directory: config.get<string>('runs.directory', 'runs'),
        saveBeforeRun: config.get<string>('runs.saveBeforeRun', 'always') === 'ask' ? 'ask' : 'always',
        sourceMaps: config.get<boolean>('runs.sourceMaps', false),
        backend: config.get<string>('runs.backend', 'auto'),
    };
}

/** `lissnas.runs.directory` of a workspace folder as an absolute path (a relative value is relative to the folder). */
export function runsDirectory(folder: vscode.WorkspaceFolder): string {
    return resolveRunsDirectory(readRunConfig(folder.uri).directory, folder.uri.fsPath, folder.uri.fsPath);
}
