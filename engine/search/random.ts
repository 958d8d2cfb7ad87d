import type { CachedEvaluator } from '../evaluate/cache.js';
import { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import { checkStart } from './start.js';
import { BudgetTracker, type SearchResult } from './tracker.js';

export interface RandomSearchConfig {
    seed: number;
    /** Genotypes evaluated per batch (parallelism for expensive evaluators; no effect on the result). */
    batch: number;
    /** Evaluated first, before any random sample (must be a member of the space). */
    start?: Genotype;
}

export const RANDOM_SEARCH_DEFAULTS: RandomSearchConfig = { seed: 0, batch: 16 };

/**
 * Uniform sampling with replacement from the space until the budget is spent; repeats cost nothing (cache). A given
 * `start` takes the first place of the first batch, replacing one sample.
 */
export async function runRandomSearch(
    space: SearchSpace,
    evaluator: CachedEvaluator,
    budget: number,
    config: RandomSearchConfig = RANDOM_SEARCH_DEFAULTS,
    signal?: AbortSignal,
): Promise<SearchResult> {
    const rng = new Rng(config.seed);
    if (config.start) checkStart(space, config.start, 'search random');
    const tracker = new BudgetTracker(evaluator, space, budget, signal);
    let given = config.start ? [config.start] : [];
    while (!tracker.done) {
        const n = Math.max(1, Math.min(config.batch, tracker.remaining));
        const batch = [...given, ...Array.from({ length: n - given.length }, () => space.sample(rng))];
        given = [];
        await tracker.evaluate(batch);
    }
    return tracker.result('random');
}
