/**
 * Where runs go and which can be resumed, read from the disk (no `vscode`: tested without an editor).
 *
 * A new run gets `<runs directory>/<policy|search|study>-<yyyymmdd-hhmmss>` (local time), never an existing
 * directory: the CLI refuses an `--out` that holds a run, so a second run in the same second gets `-2`, `-3`.
 * A run directory has run.json (result.json once finished); a study directory has study-run.json (study.json
 * once finished). Either without its result is resumable, unless a live process holds its run.lock.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { processAlive } from '../views/run-catalog.js';

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

export interface ResumableDir {
    dir: string;
    kind: 'run' | 'study';
    /** Policy or search name (run.json `name`), or the study's file. */
    name: string;
    /** run.json `command` (`shrink`, `search`) or `study`. */
    command: string;
    /** run.json / study-run.json `created`. */
    created?: string;
}

function readJson(path: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** What a directory holds, if it is a run or study directory: its manifest and whether it has its result. */
export function describeRunDir(dir: string): (ResumableDir & { complete: boolean }) | undefined {
    const run = readJson(join(dir, 'run.json'));
    if (run) {
        return { dir, kind: 'run', name: String(run.name ?? '?'), command: String(run.command ?? 'run'), created: typeof run.created === 'string' ? run.created : undefined, complete: existsSync(join(dir, 'result.json')) };
    }
    const study = readJson(join(dir, 'study-run.json'));
    if (study) {
        return { dir, kind: 'study', name: String(study.file ?? 'study'), command: 'study', created: typeof study.created === 'string' ? study.created : undefined, complete: existsSync(join(dir, 'study.json')) };
    }
    return undefined;
}

/** Whether another live process holds the directory's run.lock (same host; a stale lock does not count). */
export function lockedByLiveProcess(dir: string, isAlive: (pid: number) => boolean = processAlive): boolean {
    const lock = readJson(join(dir, 'run.lock'));
    return typeof lock?.pid === 'number' && isAlive(lock.pid);
}

/** Interrupted runs and studies directly under `parent`, newest first; `skip` excludes directories running here. */
export function resumableDirs(parent: string, skip: (dir: string) => boolean = () => false): ResumableDir[] {
    let names: string[];
    try {
        names = readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
        return [];
    }
    const found: ResumableDir[] = [];
    for (const name of names) {
        const dir = join(parent, name);
        const described = describeRunDir(dir);
        if (!described || described.complete || skip(dir) || lockedByLiveProcess(dir)) continue;
        const { complete: _complete, ...resumable } = described;
        found.push(resumable);
    }
    return found.sort((a, b) => (b.created ?? '').localeCompare(a.created ?? '') || b.dir.localeCompare(a.dir));
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
