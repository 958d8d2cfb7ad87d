import { ExitError } from './io.js';

/**
 * The exit codes of every lissnas command: one table, the same fault always the same code. `lissnas --help`
 * prints it and docs/cli.md lists it; test/cli/exit-codes.test.ts runs every command through every fault class.
 */
export const EXIT = {
    /** Success (warnings do not fail). */
    ok: 0,
    /** The input is wrong or the work failed: errors in a .nas file (a binary file included), a damaged run.json, a run that failed. */
    failed: 1,
    /** The command line is wrong: unknown command or option, a missing or malformed argument, an unknown policy/search/space/dataset name, an invalid value (`--budget 0`). */
    usage: 2,
    /** A path is the problem: missing, of the wrong kind (a directory for a file), unreadable, unwritable, or an --out that is not new or empty. */
    fileSystem: 3,
    /** Interrupted with Ctrl-C (SIGINT): what was done is kept; the message says how to continue. */
    interrupted: 130,
    /** Terminated (SIGTERM): the same, as the shell reports 128 + 15. */
    terminated: 143,
} as const;

export const EXIT_TABLE: ReadonlyArray<[number, string]> = [
    [EXIT.ok, 'success (warnings do not fail)'],
    [EXIT.failed, 'errors in a file (.nas, binary or not UTF-8, a damaged run.json) or a failed run'],
    [EXIT.usage, 'usage error: unknown command or option, missing or malformed argument, unknown name, invalid value'],
    [EXIT.fileSystem, 'file-system problem: a path missing, of the wrong kind, unreadable or unwritable; an --out that is not new or empty'],
    [EXIT.interrupted, 'interrupted (Ctrl-C): what was done is kept; the message says how to continue'],
    [EXIT.terminated, 'terminated (SIGTERM): the same'],
];

/** A file-system fault: names the path and the next step; exits 3. */
export class FileSystemError extends ExitError {
    constructor(message: string) {
        super(EXIT.fileSystem, message);
        this.name = 'FileSystemError';
    }
}

/**
 * Node's errno errors (`EISDIR: illegal operation on a directory, read`) reaching the top of a command, as a
 * sentence naming the path and what to do.
 */
export function fileSystemMessage(error: NodeJS.ErrnoException): string | undefined {
    const path = error.path ?? (error as { dest?: string }).dest;
    if (!error.code || !path) return undefined;
    switch (error.code) {
        case 'ENOENT':
            return `no such file or directory: ${path}; check the path`;
        case 'EISDIR':
            return `${path} is a directory where a file was expected; give a file`;
        case 'ENOTDIR':
            return `${path}: a part of this path is a file, not a directory; check the path`;
        case 'EACCES':
        case 'EPERM':
            return `permission denied: ${path}; check its permissions or choose another path`;
        case 'EEXIST':
            return `${path} already exists; choose a new path`;
        case 'EROFS':
            return `${path} is on a read-only file system; choose a writable path`;
        case 'ENOSPC':
            return `no space left on the device of ${path}; free some space, then continue (lissnas resume for a run)`;
        case 'EMFILE':
        case 'ENFILE':
            return `too many open files at ${path}; close some programs and try again`;
        default:
            return `${error.code} at ${path}; check the path`;
    }
}
