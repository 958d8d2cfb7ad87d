/**
 * The extension's settings (`contributes.configuration` in package.json), read in one place so that a
 * renamed key is changed once.
 */
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';

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

/** `lissnas.runs.directory` of a workspace folder as an absolute path (a relative value is relative to the folder). */
export function runsDirectory(folder: vscode.WorkspaceFolder): string {
    const config = vscode.workspace.getConfiguration(SECTION, folder.uri);
    const value = config.get<string>('runs.directory', 'runs').trim() || 'runs';
    return isAbsolute(value) ? value : join(folder.uri.fsPath, value);
}
