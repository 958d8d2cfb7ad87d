/**
 * Which panel `Open Run…` shows for a directory. The directories themselves are read by the Runs view's catalog
 * (views/run-catalog.ts), the one reader of run and study directories.
 */
import type { CatalogEntry } from '../views/run-catalog.js';

/**
 * A finished study's comparison view, a running or unfinished (interrupted, failed) run's progress, a finished
 * run's pockets. `trackedState` is the run manager's state when this window runs it. Only `starting` overrides a
 * finished directory (a finished run resumed, before its process has taken the run lock): once the lock is taken
 * the catalog itself says `running`, and a run the manager still calls `running` whose directory is finished has
 * released its lock and is only exiting (clicking it then must show its result, not the progress).
 */
export function viewFor(entry: Pick<CatalogEntry, 'kind' | 'state'> | undefined, trackedState?: string): 'study' | 'progress' | 'pockets' {
    const done = entry?.state === 'finished' && trackedState !== 'starting';
    if (entry?.kind === 'study') return done ? 'study' : 'progress';
    return done ? 'pockets' : 'progress';
}
