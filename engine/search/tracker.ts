import type { CachedEvaluator } from '../evaluate/cache.js';
import type { EvaluationResult } from '../evaluate/types.js';
import type { Rng } from '../rng.js';
import { ShrunkSpace } from '../space/shrunk.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { StopReason } from '../stop-reason.js';

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
    /** Why the search stopped (engine/stop-reason.ts): `budget`, `exhausted`, `stalled` or `cancelled`. */
    stoppedBy: SearchStopReason;
}

export type SearchStopReason = Extract<StopReason, 'budget' | 'exhausted' | 'stalled' | 'cancelled'>;

/**
 * Runs a search's evaluations against a query budget, exactly: a batch is cut so that its new (uncached)
 * genotypes never exceed what is left. Cache hits are free (previous evaluations by a policy or earlier batches)
 * and may improve the best without a query; the trajectory gets one point per query.
 *
 * Finite spaces that list their members (a shrunk space) are tracked exactly: the tracker keeps the members no one
 * has evaluated yet (`unseenMember` draws among them, so a search stuck among known genotypes can still buy
 * something new), and the search ends as `exhausted` only once every member is known; it then looks at the members
 * it never visited (free: they are cached) so that its best is the best of the whole space.
 * Other spaces keep two guards: `exhausted` once as many distinct identities as the space's size were seen, and
 * `stalled` after `stallLimit` genotypes in a row that cost nothing (in a huge space, or one whose identities are
 * coarser than its keys, such a streak means there is likely nothing new within reach).
 * An abort of `signal` stops the search as `cancelled` (the batch in flight is dropped; what the evaluator finished
 * is journaled below the cache).
 */
export class BudgetTracker {
    readonly trajectory: number[] = [];
    best: EvaluationResult | undefined;
    queries = 0;
    evaluations = 0;
    private freeStreak = 0;
    private cancelled = false;
    /** Distinct identities seen (evaluated or answered by the cache), to detect an exhausted finite space. */
    private readonly seen = new Set<string>();
    private readonly spaceSize: number;
    /** Enumerable spaces: members not evaluated by anyone yet (array + index for O(1) removal), by identity. */
    private readonly unpaid: Genotype[] | undefined;
    private readonly unpaidIndex = new Map<string, number>();

    constructor(
        readonly evaluator: CachedEvaluator,
        readonly space: SearchSpace,
        readonly budget: number,
        readonly signal?: AbortSignal,
        readonly stallLimit = defaultStallLimit(space, budget),
    ) {
        if (!(Number.isInteger(budget) && budget >= 0)) throw new Error(`search budget must be a whole number >= 0, got ${budget}`);
        this.spaceSize = finiteSize(space);
        const members = membersOf(space);
        if (members) {
            this.unpaid = [];
            for (const g of members) {
                const id = this.id(g);
                if (this.evaluator.has(g, space) || this.unpaidIndex.has(id)) continue;
                this.unpaidIndex.set(id, this.unpaid.length);
                this.unpaid.push(g);
            }
        }
    }

    private id(g: Genotype): string {
        return this.evaluator.cacheBy === 'key' ? this.space.key(g) : this.space.canonical(g);
    }

    get remaining(): number {
        return this.budget - this.queries;
    }

    get done(): boolean {
        return this.stopReason !== undefined;
    }

    /** Why the search must stop now, or undefined while it may go on. */
    get stopReason(): SearchStopReason | undefined {
        if (this.cancelled || this.signal?.aborted) return 'cancelled';
        if (this.remaining <= 0) return 'budget';
        if (this.unpaid ? this.unpaid.length === 0 : this.seen.size >= this.spaceSize) return 'exhausted';
        if (this.freeStreak >= this.stallLimit) return 'stalled';
        return undefined;
    }

    /** Whether evaluating g would cost a query (it is not in the shared cache). */
    isNew(g: Genotype): boolean {
        return !this.evaluator.has(g, this.space);
    }

    /**
     * A genotype no one has evaluated yet, uniformly among those of an enumerable space (a shrunk space); elsewhere a
     * uniform sample of the space (new with high probability in a large space).
     */
    unseenMember(rng: Rng): Genotype {
        if (this.unpaid && this.unpaid.length > 0) return this.unpaid[rng.int(this.unpaid.length)].slice();
        return this.space.sample(rng);
    }

    /** Whether the tracker can tell the unevaluated members apart (the space lists its members). */
    get enumerable(): boolean {
        return this.unpaid !== undefined;
    }

    /**
     * Evaluates the longest prefix of `genotypes` whose uncached members fit the remaining budget; returns the
     * results of that prefix (so possibly fewer than asked, and none once the budget is spent or the signal aborted).
     */
    async evaluate(genotypes: readonly Genotype[]): Promise<EvaluationResult[]> {
        if (this.done) return [];
        const planned = new Set<string>();
        let take = 0;
        for (const g of genotypes) {
            const hit = this.evaluator.has(g, this.space);
            const id = this.id(g);
            if (!hit && !planned.has(id)) {
                if (planned.size >= this.remaining) break;
                planned.add(id);
            }
            take++;
        }
        if (take === 0) return [];
        let results: EvaluationResult[];
        try {
            results = await this.evaluator.evaluate(genotypes.slice(0, take), this.space, this.signal);
        } catch (error) {
            if (!this.signal?.aborted) throw error;
            this.cancelled = true;
            return [];
        }
        for (const r of results) this.record(r);
        return results;
    }

    private record(r: EvaluationResult): void {
        this.evaluations++;
        const id = this.evaluator.cacheBy === 'key' ? r.key : r.canonical;
        this.seen.add(id);
        this.removeUnpaid(id);
        if (r.score !== undefined && (this.best === undefined || r.score > this.best.score!)) this.best = r;
        if (r.cost.queries > 0) {
            this.queries += r.cost.queries;
            this.freeStreak = 0;
            this.trajectory.push(this.best?.report ?? NaN);
        } else {
            this.freeStreak++;
        }
    }

    private removeUnpaid(id: string): void {
        const i = this.unpaidIndex.get(id);
        if (i === undefined || !this.unpaid) return;
        const last = this.unpaid.pop()!;
        this.unpaidIndex.delete(id);
        if (i < this.unpaid.length) {
            this.unpaid[i] = last;
            this.unpaidIndex.set(this.id(last), i);
        }
    }

    /** Every member is known: the members the search never visited are free cache hits; its best covers them all. */
    private async lookAtTheRest(): Promise<void> {
        const members = membersOf(this.space)!;
        const rest = members.filter((g) => !this.seen.has(this.id(g)));
        if (rest.length === 0) return;
        const results = await this.evaluator.evaluate(rest, this.space, this.signal);
        for (const r of results) this.record(r);
    }

    /** The search's result; an exhausted enumerable space is looked at whole first (free: every member is cached). */
    async result(kind: string): Promise<SearchResult> {
        if (this.stopReason === 'exhausted' && this.unpaid) await this.lookAtTheRest();
        return {
            kind,
            best: this.best,
            trajectory: this.trajectory,
            queries: this.queries,
            evaluations: this.evaluations,
            stoppedBy: this.stopReason ?? 'budget',
        };
    }
}

/** The members of a space that lists them (a shrunk space), else undefined. */
function membersOf(space: SearchSpace): readonly Genotype[] | undefined {
    return space instanceof ShrunkSpace ? space.members : undefined;
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
