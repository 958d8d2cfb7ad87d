import type { CachedEvaluator } from '../evaluate/cache.js';
import type { EvaluationResult } from '../evaluate/types.js';
import { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import { checkStart } from './start.js';
import { BudgetTracker, type SearchResult } from './tracker.js';

export interface LocalSearchConfig {
    seed: number;
    /** Neighbourhood radius explored around the current point. */
    distance: number;
    /** The first climb starts here instead of at a random genotype (must be a member of the space). */
    start?: Genotype;
}

export const LOCAL_SEARCH_DEFAULTS: LocalSearchConfig = { seed: 0, distance: 1 };

/**
 * Best-improvement local search with random restarts (as in White et al., "Local search is state of the art for
 * NAS benchmarks"): from a random start (or the given `start`, for the first climb only), evaluate the whole neighbourhood, move to its best member if it beats the
 * current point, otherwise (a local optimum) restart from a fresh random genotype. Until the budget is spent; the
 * last neighbourhood is cut short when it does not fit.
 *
 * Restarts draw among the members nobody has evaluated yet when the space lists them (a shrunk space): a restart on a
 * known cell would only re-climb known ground for free, and enough of those in a row used to end the search on its
 * stall limit with budget left. Elsewhere a restart is a uniform sample of the space, as before.
 */
export async function runLocalSearch(
    space: SearchSpace,
    evaluator: CachedEvaluator,
    budget: number,
    config: LocalSearchConfig = LOCAL_SEARCH_DEFAULTS,
    signal?: AbortSignal,
): Promise<SearchResult> {
    const rng = new Rng(config.seed);
    if (config.start) checkStart(space, config.start, 'search local');
    const tracker = new BudgetTracker(evaluator, space, budget, signal);
    let current: EvaluationResult | undefined;
    // The given start is used once, without a random draw, so a run without one draws exactly what it always drew.
    let given = config.start;
    while (!tracker.done) {
        if (current === undefined) {
            const first = given ?? tracker.unseenMember(rng);
            given = undefined;
            const [start] = await tracker.evaluate([first]);
            if (start?.score !== undefined) current = start;
            continue;
        }
        const results = await tracker.evaluate(space.neighbors(current.genotype, config.distance));
        let bestNeighbour: EvaluationResult | undefined;
        for (const r of results) if (r.score !== undefined && (bestNeighbour === undefined || r.score > bestNeighbour.score!)) bestNeighbour = r;
        current = bestNeighbour !== undefined && bestNeighbour.score! > current.score! ? bestNeighbour : undefined;
    }
    return tracker.result('local');
}
