import type { SearchSpace } from '../space/types.js';
import type { PolicySpec } from '../spec.js';
import { readLissnasSettings } from './lissnas.js';
import { readOpPruningSettings } from './op-pruning.js';
import { settingsOf } from './run.js';
import { resolveCount, resolveSampleSize } from '../registry/shapes.js';

/** The most queries a policy can spend, read from its settings alone (nothing is evaluated). */
export interface PolicyBound {
    /** Upper bound on the policy's queries (distinct real evaluations); Infinity when it cannot be bounded. */
    queries: number;
    /** How the bound was obtained, e.g. `max_iterations 6 x sample 50`. */
    reason: string;
    /** The settings that lower it, for messages (`sample/max_iterations`). */
    lower: string;
}

/**
 * Upper bound of a policy's queries, so that a search inside its shrunk space can refuse a total budget the
 * shrinkage could overrun before anything is spent (engine/search/budget-check.ts; docs/runs.md, "Budgets").
 *
 * - lissnas: each iteration samples at most `sample` distinct members (and never more than the space holds), so
 *   `max_iterations x sample` (a `sample` share resolved against this space, as the policy resolves it); with a neighbour `filter`, the seeds' neighbourhoods are evaluated too, and their size
 *   is not known from the settings: the bound is then the size of the space (a policy never pays twice for a member).
 * - op_pruning: one sample of `sample` members.
 * - random_shrink: 0 (it evaluates nothing; a `match`ed policy's queries are that policy's, not counted here).
 * Every bound is capped by the number of members of the space (queries are distinct evaluations).
 */
export function policyQueryBound(spec: PolicySpec, space: SearchSpace): PolicyBound {
    const owner = `policy ${spec.name}`;
    const members = typeof space.size === 'bigint' ? Number(space.size) : Infinity;
    const capped = (queries: number, reason: string, lower: string): PolicyBound =>
        queries <= members ? { queries, reason, lower } : { queries: members, reason: `${reason}, capped at the space's ${formatCount(members)} members`, lower };
    switch (spec.kind) {
        case 'lissnas': {
            const c = readLissnasSettings(owner, settingsOf(spec)).config;
            const sample = resolveSampleSize(c.sample, space.size);
            if (c.filter !== 'none') {
                const seeds = resolveCount(c.seeds, sample);
                if (!Number.isFinite(members)) return { queries: Infinity, reason: `neighbors filter ${c.filter} evaluates the neighbourhoods of ${seeds} seeds in a continuous space`, lower: 'filter' };
                return { queries: members, reason: `neighbors filter ${c.filter} evaluates neighbourhoods of unknown size: at most the whole space`, lower: 'filter/sample/max_iterations' };
            }
            const written = typeof c.sample === 'number' ? '' : ` (${c.sample.percent}% of the space, within ${c.sample.min}..${c.sample.max})`;
            return capped(c.maxIterations * sample, `max_iterations ${c.maxIterations} x sample ${sample}${written}`, 'sample/max_iterations');
        }
        case 'op_pruning': {
            const c = readOpPruningSettings(owner, settingsOf(spec)).config;
            return capped(c.sample, `sample ${c.sample}`, 'sample');
        }
        case 'random_shrink':
            return { queries: 0, reason: 'random_shrink evaluates nothing', lower: '' };
        default:
            throw new Error(`${owner}: unknown policy kind '${spec.kind}'`);
    }
}

export function formatCount(n: number): string {
    return Number.isFinite(n) ? n.toLocaleString('en-US') : 'unbounded';
}
