import type { CachedEvaluator } from '../evaluate/cache.js';
import type { EvaluationResult } from '../evaluate/types.js';
import type { Genotype, SearchSpace } from '../space/types.js';

/** What every search returns. */
export interface SearchResult {
    kind: string;
    /** Best evaluation found, by score (the searched metric, oriented); undefined if nothing succeeded. */
    best: EvaluationResult | undefined;
    /** trajectory[i] = report value of the best-so-far after i + 1 queries (NaN while nothing succeeded). */
    trajectory: number[];
    /** Queries spent by this search (distinct new evaluations, at most the budget). */
    queries: number;
    /** Genotypes looked at, including free cache hits. */
    evaluations: number;
    /** `budget` when the budget was spent; `exhausted` when the search stopped finding unevaluated genotypes. */
    stoppedBy: 'budget' | 'exhausted';
}

/**
 * Runs a search's evaluations against a query budget, exactly: a batch is cut so that its new (uncached)
 * genotypes never exceed what is left. Cache hits are free (previous evaluations by a policy or earlier batches)
 * and may improve the best without a query; the trajectory gets one point per query.
 * Two guards stop searches in small (e.g. shrunk) spaces early, as `exhausted`: once every member of a finite
 * space has been seen, nothing is left to learn; and after `stallLimit` genotypes in a row that cost nothing
 * (a search walking only through known genotypes), there is likely nothing left within its reach.
 */
export class BudgetTracker {
    readonly trajectory: number[] = [];
    best: EvaluationResult | undefined;
    queries = 0;
    evaluations = 0;
    private freeStreak = 0;
    /** Distinct identities seen (evaluated or answered by the cache), to detect an exhausted finite space. */
    private readonly seen = new Set<string>();
    private readonly spaceSize: number;

    constructor(
        readonly evaluator: CachedEvaluator,
        readonly space: SearchSpace,
        readonly budget: number,
        readonly signal?: AbortSignal,
        readonly stallLimit = defaultStallLimit(space, budget),
    ) {
        if (!(Number.isInteger(budget) && budget >= 0)) throw new Error(`search budget must be a whole number >= 0, got ${budget}`);
        this.spaceSize = finiteSize(space);
    }

    get remaining(): number {
        return this.budget - this.queries;
    }

    get done(): boolean {
        return this.remaining <= 0 || this.stalled;
    }

    get stalled(): boolean {
        return this.freeStreak >= this.stallLimit || this.seen.size >= this.spaceSize;
    }

    /**
     * Evaluates the longest prefix of `genotypes` whose uncached members fit the remaining budget; returns the
     * results of that prefix (so possibly fewer than asked, and none once the budget is spent).
     */
    async evaluate(genotypes: readonly Genotype[]): Promise<EvaluationResult[]> {
        const planned = new Set<string>();
        let take = 0;
        for (const g of genotypes) {
            const hit = this.evaluator.has(g, this.space);
            const id = this.evaluator.cacheBy === 'key' ? this.space.key(g) : this.space.canonical(g);
            if (!hit && !planned.has(id)) {
                if (planned.size >= this.remaining) break;
                planned.add(id);
            }
            take++;
        }
        if (take === 0) return [];
        const results = await this.evaluator.evaluate(genotypes.slice(0, take), this.space, this.signal);
        for (const r of results) {
            this.evaluations++;
            this.seen.add(this.evaluator.cacheBy === 'key' ? r.key : r.canonical);
            if (r.score !== undefined && (this.best === undefined || r.score > this.best.score!)) this.best = r;
            if (r.cost.queries > 0) {
                this.queries += r.cost.queries;
                this.freeStreak = 0;
                this.trajectory.push(this.best?.report ?? NaN);
            } else {
                this.freeStreak++;
            }
        }
        return results;
    }

    result(kind: string): SearchResult {
        return {
            kind,
            best: this.best,
            trajectory: this.trajectory,
            queries: this.queries,
            evaluations: this.evaluations,
            stoppedBy: this.remaining <= 0 ? 'budget' : 'exhausted',
        };
    }
}

function finiteSize(space: SearchSpace): number {
    return typeof space.size === 'bigint' && space.size < BigInt(Number.MAX_SAFE_INTEGER) ? Number(space.size) : Infinity;
}

/**
 * Free genotypes in a row after which a search gives up: 20 x the number of genotypes it could still pay for,
 * that number being the budget or, in a smaller finite space, the space's size (at least 1,000). In a 64-cell
 * shrunk space, 20 x 64 draws in a row that all land on known cells leave a uniform draw a chance of about e^-20 of
 * ever reaching an unseen one, while 20 x a budget of 2,000 would cost 40,000 wasted draws per search.
 */
export function defaultStallLimit(space: SearchSpace, budget: number): number {
    return Math.max(1000, 20 * Math.min(budget, finiteSize(space)));
}
