import type { Writable } from '../engine/run/progress.js';

/** Where a command writes: the process's streams, or buffers in tests. */
export interface CliIo {
    stdout: Writable;
    stderr: Writable;
    cwd: string;
}

export function processIo(): CliIo {
    return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/** Thrown by commands to exit with a code after printing their own message. */
export class ExitError extends Error {
    constructor(readonly code: number, message = '') {
        super(message);
        this.name = 'ExitError';
    }
}
