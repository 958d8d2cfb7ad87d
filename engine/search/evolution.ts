import type { CachedEvaluator } from '../evaluate/cache.js';
import type { EvaluationResult } from '../evaluate/types.js';
import { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import { checkStart } from './start.js';
import { BudgetTracker, type SearchResult } from './tracker.js';

export interface EvolutionConfig {
    /** Population size P. */
    population: number;
    /** Tournament sample size S (S <= P). */
    sampleSize: number;
    seed: number;
    /** A member of the initial population, evaluated first (must be a member of the space). */
    start?: Genotype;
}

/**
 * Defaults: P = 20, S = 5. Real et al. used P = 100, S = 25 for budgets of 20,000 models; NAS-Bench-201's own
 * REA baseline uses small populations for budgets of a few hundred queries. With P = 20 the random
 * initialization costs 20 queries, a tenth of a 200-query budget, and S/P = 1/4 keeps selection pressure moderate.
 */
export const EVOLUTION_DEFAULTS: EvolutionConfig = { population: 20, sampleSize: 5, seed: 0 };

/**
 * Regularized evolution (aging evolution; Real et al., AAAI 2019):
 *   initialize a queue of P random architectures (the first being the given `start`, if any); then repeatedly draw S members uniformly (without replacement),
 *   mutate the best of them (a uniformly chosen neighbour at distance 1 in the searched space), append the child and
 *   remove the OLDEST member. A failed evaluation (no score) is not added to the population.
 *
 * Inside a shrunk space the population soon collapses into one pocket whose every neighbour is known; mutations then
 * only return cached genotypes (free, so the budget is never spent) and the search used to end on its stall limit
 * with most of its budget left. So when the parent has no neighbour that anyone has yet to evaluate, the child is a
 * uniform draw among the members nobody has evaluated (the tracker lists them for a shrunk space; elsewhere a
 * uniform sample of the space, as when a parent has no neighbour at all). A mutation that can still reach something
 * new is left as it is (uniform over all neighbours), so REA in a full space behaves exactly as before. The search
 * thus spends its whole budget, or stops as `exhausted` once every member of the shrunk space is known
 * (docs/runs.md, "Stop reasons").
 */
export async function runEvolution(
    space: SearchSpace,
    evaluator: CachedEvaluator,
    budget: number,
    config: EvolutionConfig = EVOLUTION_DEFAULTS,
    signal?: AbortSignal,
): Promise<SearchResult> {
    if (config.sampleSize > config.population) throw new Error(`search evolution: sample_size ${config.sampleSize} exceeds population ${config.population}`);
    const rng = new Rng(config.seed);
    if (config.start) checkStart(space, config.start, 'search evolution');
    const tracker = new BudgetTracker(evaluator, space, budget, signal);
    const population: EvaluationResult[] = [];
    // The start takes the first place of the first batch, replacing one random draw (none when there is no start).
    let given = config.start ? [config.start] : [];
    while (population.length < config.population && !tracker.done) {
        const n = Math.min(config.population - population.length, Math.max(1, tracker.remaining));
        const results = await tracker.evaluate([...given, ...Array.from({ length: n - given.length }, () => space.sample(rng))]);
        given = [];
        for (const r of results) if (r.score !== undefined) population.push(r);
    }
    while (!tracker.done && population.length > 0) {
        const contestants = rng.shuffle(population.map((_, i) => i)).slice(0, Math.min(config.sampleSize, population.length));
        let parent = population[contestants[0]];
        for (const i of contestants) if (population[i].score! > parent.score!) parent = population[i];
        const [child] = await tracker.evaluate([mutate(tracker, parent.genotype, rng)]);
        if (child?.score !== undefined) {
            population.push(child);
            population.shift();
        }
    }
    return tracker.result('evolution');
}

function mutate(tracker: BudgetTracker, g: Genotype, rng: Rng): Genotype {
    const options = tracker.space.neighbors(g, 1);
    if (options.length === 0) return tracker.unseenMember(rng);
    // Only an enumerable (shrunk) space can tell that no neighbour is new; in others this check is skipped, so a
    // full-space run draws exactly the random numbers it always drew.
    if (tracker.enumerable && !options.some((o) => tracker.isNew(o))) return tracker.unseenMember(rng);
    return rng.pick(options);
}
