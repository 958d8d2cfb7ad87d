import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The one rule for where a run or a study may write (docs/cli.md "Output directories"): a new directory, or an
 * existing EMPTY one. Anything else is refused before any work starts, with a message that says what to do:
 * lissnas never overwrites a file it did not create, and a study never writes into a run directory (or a run
 * into a study's). Continuing an existing run or study is `lissnas resume DIR`, which does not come here.
 */

/** Files whose presence marks a directory as a lissnas run / study (a resumable study: study-run.json + cells.jsonl; a finished one: study.json). */
export const RUN_MARKERS: readonly string[] = ['run.json'];
export const STUDY_MARKERS: readonly string[] = ['study-run.json', 'cells.jsonl', 'study.json'];

/** A refused output directory: the path, why, and (in `message`) the next step. The CLI exits 3 on it. */
export class OutputDirError extends Error {
    constructor(
        readonly path: string,
        readonly reason: 'run' | 'study' | 'foreign' | 'not-a-directory' | 'unwritable',
        message: string,
    ) {
        super(message);
        this.name = 'OutputDirError';
    }
}

export type OutputDirState =
    | { state: 'absent' }
    | { state: 'empty' }
    | { state: 'run' | 'study' | 'foreign'; files: string[] }
    | { state: 'not-a-directory' };

/** What is at `dir` now, without changing anything. */
export function inspectOutputDir(dir: string): OutputDirState {
    const abs = resolve(dir);
    if (!existsSync(abs)) return { state: 'absent' };
    if (!statSync(abs).isDirectory()) return { state: 'not-a-directory' };
    const files = readdirSync(abs).sort();
    if (files.length === 0) return { state: 'empty' };
    if (RUN_MARKERS.some((m) => files.includes(m))) return { state: 'run', files };
    if (STUDY_MARKERS.some((m) => files.includes(m))) return { state: 'study', files };
    return { state: 'foreign', files };
}

/**
 * Checks that `dir` may receive a new run or study (absent or empty), creates it, and returns its absolute path.
 * `shown` is how the path is named in messages (what the user typed); `what` names the output (`run`, `study`).
 * Throws OutputDirError otherwise. The check and the creation are not one atomic step: a run's manifest is then
 * created with an exclusive open (run-dir.ts), so two processes racing for one empty directory cannot both win.
 */
export function claimOutputDir(dir: string, what: 'run' | 'study', shown: string = dir): string {
    const abs = resolve(dir);
    const found = inspectOutputDir(abs);
    const other = 'a new --out';
    switch (found.state) {
        case 'absent':
        case 'empty':
            break;
        case 'not-a-directory':
            throw new OutputDirError(abs, 'not-a-directory', `${shown} is a file, not a directory; choose ${other} (a new or empty directory)`);
        case 'run':
            throw new OutputDirError(abs, 'run', `${shown} already holds a run: continue it with \`lissnas resume ${shown}\`, or choose ${other}`);
        case 'study':
            throw new OutputDirError(abs, 'study', `${shown} already holds a study: continue it with \`lissnas resume ${shown}\`, or choose ${other}`);
        case 'foreign': {
            const listed = found.files.slice(0, 3).join(', ') + (found.files.length > 3 ? `, ... (${found.files.length} entries)` : '');
            throw new OutputDirError(abs, 'foreign', `${shown} holds files lissnas did not create (${listed}); choose ${other} or empty it`);
        }
    }
    try {
        mkdirSync(abs, { recursive: true });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a parent of it is a file' : code === 'EROFS' ? 'read-only file system' : (code ?? String(error));
        throw new OutputDirError(abs, 'unwritable', `cannot create the ${what} directory ${shown} (${why}); choose ${other} in a writable place`);
    }
    return abs;
}

/**
 * The default output directory of a command: `runs/<name>-<YYYYMMDD-HHMMSS>` under `cwd`, with `-2`, `-3`, ...
 * appended when that one is taken (two runs in the same second), so that running a command twice with its
 * defaults never collides (`npm run demo` twice in a row). Returned relative to `cwd`, as the user would type it.
 */
export function defaultOutputDir(name: string, cwd: string, now = new Date()): string {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const base = join('runs', `${name}-${stamp}`);
    for (let i = 1; ; i++) {
        const candidate = i === 1 ? base : `${base}-${i}`;
        const state = inspectOutputDir(resolve(cwd, candidate)).state;
        if (state === 'absent' || state === 'empty') return candidate;
    }
}
