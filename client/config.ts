/**
 * The extension's settings (`contributes.configuration` in package.json), read in one place so that a
 * renamed key is changed once.
 */
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
