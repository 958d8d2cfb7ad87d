/**
 * Why a policy or a search stopped. Shared by engine/policy and engine/search (which must not import engine/run),
 * recorded in result.json (`stopReason`) and printed by the CLI, so that a run that spent less than its budget
 * always says why.
 *
 * - `budget`: the search spent its whole query budget.
 * - `exhausted`: every member of a finite space was already evaluated: no query could buy anything new.
 * - `stalled`: a search drew its stall limit of known genotypes in a row in a space it cannot enumerate (a huge space,
 *   or identities coarser than the space's keys, e.g. canonical ones); it likely has nothing new within its reach.
 * - `plateau`: a LISSNAS shrinkage's sample mean stopped improving (its `stop plateau(...)` rule).
 * - `max_iterations`: a LISSNAS shrinkage ran all its `max_iterations`.
 * - `complete`: a one-step policy (op_pruning, random_shrink) did its one step.
 * - `cancelled`: the caller's AbortSignal fired; the search returns what it had (a CLI run interrupted by Ctrl-C writes
 *   no result.json at all: it is resumed instead, see docs/runs.md).
 */
import type { StopReason } from '../protocol/run-events.js';

// The list itself is part of the run-event wire contract (`done.stopReason`), so it is declared in protocol/.
export { STOP_REASONS, type StopReason } from '../protocol/run-events.js';

const TEXT: Record<StopReason, string> = {
    budget: 'budget spent',
    exhausted: 'space exhausted (every member already evaluated)',
    stalled: 'stalled (a long run of draws found nothing new)',
    plateau: 'plateau (the sample mean stopped improving)',
    max_iterations: 'max_iterations reached',
    complete: 'complete (one-step policy)',
    cancelled: 'cancelled',
};

/** A short human phrase for a stop reason (CLI summaries, reports). */
export function describeStopReason(reason: StopReason): string {
    return TEXT[reason];
}
