/**
 * Finds the run and study directories under the runs directory (one level deep, as `lissnas.runs.directory`
 * lays them out) for the panels' quick picks. Plain file reads, no `vscode`: the Runs view has its own
 * watcher-driven model; this is the one-shot listing a command needs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface RunDirInfo {
    dir: string;
    /** `run`: has run.json (shrink, search); `study`: has study.json or study-run.json. */
    kind: 'run' | 'study';
    /** run.json's command (shrink, search), or `study`. */
    command: string;
    name: string;
    /** result.json (runs) or study.json (studies) exists. */
    finished: boolean;
    /** Modification time of the directory's manifest, newest first in listings. */
    mtime: number;
}

function manifest(path: string): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
        return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** What a directory is, or undefined when it is neither a run nor a study directory. */
export function describeRunDir(dir: string): RunDirInfo | undefined {
    const run = join(dir, 'run.json');
    if (existsSync(run)) {
        const m = manifest(run);
        return {
            dir,
            kind: 'run',
            command: typeof m?.command === 'string' ? m.command : 'run',
            name: typeof m?.name === 'string' ? m.name : basename(dir),
            finished: existsSync(join(dir, 'result.json')),
            mtime: statSync(run).mtimeMs,
        };
    }
    const study = ['study.json', 'study-run.json'].map((f) => join(dir, f)).find((f) => existsSync(f));
    if (study) return { dir, kind: 'study', command: 'study', name: basename(dir), finished: existsSync(join(dir, 'study.json')), mtime: statSync(study).mtimeMs };
    return undefined;
}

/** The run and study directories directly under `root`, newest first; none when `root` does not exist. */
export function listRunDirs(root: string): RunDirInfo[] {
    if (!existsSync(root)) return [];
    return readdirSync(root, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => describeRunDir(join(root, entry.name)))
        .filter((info): info is RunDirInfo => info !== undefined)
        .sort((a, b) => b.mtime - a.mtime);
}

/**
 * The view `Open Run…` shows for a directory: a finished study's comparison view, a running or unfinished (interrupted, failed) run's
 * progress, a finished run's pockets. `trackedState` is the run manager's state when this window runs it.
 */
export function viewFor(info: RunDirInfo | undefined, trackedState?: string): 'study' | 'progress' | 'pockets' {
    const live = trackedState === 'starting' || trackedState === 'running';
    const done = info?.finished === true && !live;
    if (info?.kind === 'study') return done ? 'study' : 'progress';
    return done ? 'pockets' : 'progress';
}
