import { existsSync, statSync, writeFileSync } from 'node:fs';
import { FileSystemError } from './exit-codes.js';

/**
 * Writes a file that must be new: lissnas never overwrites a file it did not create (the rule of
 * engine/run/output-dir.ts for directories, applied to the single files of `export` and `import`). The
 * exclusive open (`wx`) makes the check and the creation one step: a file appearing meanwhile is refused too.
 */
export function writeNewFile(path: string, text: string, flag: string): void {
    if (existsSync(path)) {
        const what = statSync(path).isDirectory() ? 'is a directory' : 'already exists';
        throw new FileSystemError(`--${flag} ${path} ${what}; lissnas does not overwrite files: choose a new path or remove it first`);
    }
    try {
        writeFileSync(path, text, { flag: 'wx' });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new FileSystemError(`--${flag} ${path} already exists; lissnas does not overwrite files: choose a new path or remove it first`);
        throw error;
    }
}
