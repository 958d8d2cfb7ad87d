/**
 * Which panel `Open Run…` shows for a directory. The directories themselves are read by the Runs view's catalog
 * (views/run-catalog.ts), the one reader of run and study directories.
 */
import type { CatalogEntry } from '../views/run-catalog.js';

/**
 * A finished study's comparison view, a running or unfinished (interrupted, failed) run's progress, a finished
 * run's pockets. `trackedState` is the run manager's state when this window runs it.
 */
export function viewFor(entry: Pick<CatalogEntry, 'kind' | 'state'> | undefined, trackedState?: string): 'study' | 'progress' | 'pockets' {
    const live = trackedState === 'starting' || trackedState === 'running';
    const done = entry?.state === 'finished' && !live;
    if (entry?.kind === 'study') return done ? 'study' : 'progress';
    return done ? 'pockets' : 'progress';
}
