import type { CachedEvaluator } from '../evaluate/cache.js';
import { Rng } from '../rng.js';
import type { SearchSpace } from '../space/types.js';
import { BudgetTracker, type SearchResult } from './tracker.js';

export interface RandomSearchConfig {
    seed: number;
    /** Genotypes evaluated per batch (parallelism for expensive evaluators; no effect on the result). */
    batch: number;
}

export const RANDOM_SEARCH_DEFAULTS: RandomSearchConfig = { seed: 0, batch: 16 };

/** Uniform sampling with replacement from the space until the budget is spent; repeats cost nothing (cache). */
export async function runRandomSearch(
    space: SearchSpace,
    evaluator: CachedEvaluator,
    budget: number,
    config: RandomSearchConfig = RANDOM_SEARCH_DEFAULTS,
    signal?: AbortSignal,
): Promise<SearchResult> {
    const rng = new Rng(config.seed);
    const tracker = new BudgetTracker(evaluator, space, budget, signal);
    while (!tracker.done) {
        const n = Math.max(1, Math.min(config.batch, tracker.remaining));
        const batch = Array.from({ length: n }, () => space.sample(rng));
        await tracker.evaluate(batch);
    }
    return tracker.result('random');
}
