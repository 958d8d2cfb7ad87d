/**
 * Where runs go and which can be resumed, read from the disk (no `vscode`: tested without an editor).
 *
 * A new run gets `<runs directory>/<policy|search|study>-<yyyymmdd-hhmmss>` (local time), never an existing
 * directory: the CLI refuses an `--out` that holds a run, so a second run in the same second gets `-2`, `-3`.
 * Which directories are runs, and in which state, is the Runs view's catalog (views/run-catalog.ts): one reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { scanRuns, type CatalogEntry } from '../views/run-catalog.js';

/** `yyyymmdd-hhmmss` in local time. */
export function timestamp(date: Date): string {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/**
 * The runs directory: `setting` as is when absolute, else inside the workspace folder of the file, or next to the
 * file when it is in no workspace folder.
 */
export function runsDirectory(setting: string, workspaceFolder: string | undefined, fileDir: string): string {
    const base = workspaceFolder ?? fileDir;
    const dir = setting.trim() === '' ? 'runs' : setting.trim();
    return isAbsolute(dir) ? resolve(dir) : resolve(base, dir);
}

/** A directory name safe on every file system (a policy named with quotes or slashes keeps its letters). */
export function safeName(name: string): string {
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
    return safe === '' ? 'run' : safe;
}

/** `<parent>/<name>-<stamp>`, or with `-2`, `-3`, ... when that exists already. */
export function freshRunDir(parent: string, name: string, now: Date = new Date()): string {
    const base = join(parent, `${safeName(name)}-${timestamp(now)}`);
    let dir = base;
    for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
    return dir;
}

/**
 * Interrupted runs and studies directly under `parent`, newest first: the Runs view's `interrupted` state
 * (views/run-catalog.ts decides it from the files, a live lock included), so Resume offers what that view shows.
 * `skip` excludes directories running in this window.
 */
export function resumableDirs(parent: string, skip: (dir: string) => boolean = () => false): CatalogEntry[] {
    return scanRuns(parent, { maxDepth: 1 }).entries.filter((entry) => entry.state === 'interrupted' && !skip(entry.dir));
}

function readJson(path: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Names of the `command` evaluators in a run or study directory's compiled spec (run.json / study-run.json
 * `spec.evaluators`): `resume` runs the snapshot, not the `.nas` file, so trust is decided on it.
 */
export function commandEvaluatorsOfRunDir(dir: string): string[] {
    const manifest = readJson(join(dir, 'run.json')) ?? readJson(join(dir, 'study-run.json'));
    const spec = manifest?.spec as { evaluators?: unknown } | undefined;
    if (!Array.isArray(spec?.evaluators)) return [];
    return spec.evaluators
        .filter((e): e is { name: unknown; kind: unknown } => typeof e === 'object' && e !== null && (e as { kind?: unknown }).kind === 'command')
        .map((e) => String(e.name));
}
