/**
 * The run directory a command was called with. Commands on Runs view items receive the tree node (menus pass
 * the element), the view's click passes the directory as a string, other callers a `vscode.Uri`; every run
 * command (open, resume, cancel, delete, reveal, report) accepts all three through this one function.
 */

/** What the Runs view passes to menu commands: its node, with the run or study directory at `runDir`. */
export interface RunArg {
    runDir: string;
}

/** The absolute directory named by a command argument, or undefined when there is none. */
export function runDirOf(arg: unknown): string | undefined {
    if (typeof arg === 'string') return arg === '' ? undefined : arg;
    if (typeof arg !== 'object' || arg === null) return undefined;
    const { runDir, fsPath, scheme } = arg as { runDir?: unknown; fsPath?: unknown; scheme?: unknown };
    if (typeof runDir === 'string' && runDir !== '') return runDir;
    // A vscode.Uri; only file URIs name a directory the CLI can read.
    if (typeof fsPath === 'string' && scheme === 'file') return fsPath;
    return undefined;
}
