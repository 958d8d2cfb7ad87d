import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_MARKERS, STUDY_MARKERS } from '../engine/run/output-dir.js';
import { FileSystemError } from './exit-codes.js';

/**
 * The paths commands read, checked before any work with messages that name the path and the next step
 * (exit 3, cli/exit-codes.ts). Output directories are engine/run/output-dir.ts's job.
 */

/** A `.nas` file to read: exists, is a file, is readable. */
export function requireInputFile(path: string): void {
    if (!existsSync(path)) throw new FileSystemError(`no such file: ${path}; check the path (a .nas file, e.g. examples/nb201.nas)`);
    if (statSync(path).isDirectory()) throw new FileSystemError(`${path} is a directory, not a .nas file; give a file inside it (e.g. ${join(path, '*.nas')})`);
    try {
        accessSync(path, constants.R_OK);
    } catch {
        throw new FileSystemError(`cannot read ${path} (permission denied); check its permissions`);
    }
}

/** A run or study directory to read (resume, report). */
export function requireRunOrStudyDir(dir: string, command: string): void {
    if (!existsSync(dir)) throw new FileSystemError(`no such directory: ${dir}; give the --out directory of a shrink, search or study`);
    if (!statSync(dir).isDirectory()) throw new FileSystemError(`${dir} is a file, not a run directory; give the --out directory of a shrink, search or study`);
    const markers = [...RUN_MARKERS, ...STUDY_MARKERS];
    if (!markers.some((m) => existsSync(join(dir, m)))) {
        throw new FileSystemError(`${dir} is not a run or study directory (no ${RUN_MARKERS[0]} or ${STUDY_MARKERS[0]}); lissnas ${command} needs the --out directory of a shrink, search or study`);
    }
}
