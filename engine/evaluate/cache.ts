import type { Genotype, SearchSpace } from '../space/types.js';
import { throwIfAborted, type EvaluationResult, type Evaluator, type Journal } from './types.js';

export interface CacheOptions {
    /**
     * Cache identity. 'canonical': isomorphic genotypes are the same network, evaluated once (right for training,
     * proxies and commands). 'key': exact genotypes only (right for tables: NB201 has one row per cell, and rows of
     * isomorphic cells differ by training noise, so a canonical hit would return ANOTHER row's value).
     * Default: the evaluator's own `cacheBy`.
     */
    by?: 'key' | 'canonical';
    journal?: Journal;
}

/**
 * The evaluation session every policy and search runs through: a cache, a query counter and the journal hook.
 *
 * Queries are distinct real evaluations: a genotype already evaluated (in this session, by a policy or a search,
 * or preloaded from a journal) is returned from the cache at cost 0 and counts no query. Failed evaluations are
 * cached too (a table row that does not exist will not appear on a second lookup).
 * Within one batch, duplicates are evaluated once.
 */
export class CachedEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize: boolean;
    readonly cacheBy: 'key' | 'canonical';
    private readonly cache = new Map<string, EvaluationResult>();
    private readonly journal: Journal | undefined;
    /** Real evaluations so far (cache misses). */
    queries = 0;
    /** Seconds the real evaluations reported. */
    seconds = 0;

    constructor(readonly inner: Evaluator, options: CacheOptions = {}) {
        this.name = inner.name;
        this.minimize = inner.minimize;
        this.cacheBy = options.by ?? inner.cacheBy;
        this.journal = options.journal;
    }

    private id(g: Genotype, space: SearchSpace): string {
        return this.cacheBy === 'key' ? space.key(g) : space.canonical(g);
    }

    /** Whether g would be a cache hit (searches use it to plan batches that fit a budget). */
    has(g: Genotype, space: SearchSpace): boolean {
        return this.cache.has(this.id(g, space));
    }

    /** The cached result for g, if any. */
    peek(g: Genotype, space: SearchSpace): EvaluationResult | undefined {
        return this.cache.get(this.id(g, space));
    }

    /** Number of distinct cached identities. */
    get cachedCount(): number {
        return this.cache.size;
    }

    /** Restores results (e.g. read back from a journal) without counting queries and without journaling them again. */
    preload(results: readonly EvaluationResult[]): void {
        for (const r of results) this.cache.set(this.cacheBy === 'key' ? r.key : r.canonical, r);
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        const ids = genotypes.map((g) => this.id(g, space));
        const missing: Genotype[] = [];
        const missingIds: string[] = [];
        const planned = new Set<string>();
        ids.forEach((id, i) => {
            if (this.cache.has(id) || planned.has(id)) return;
            planned.add(id);
            missing.push(genotypes[i]);
            missingIds.push(id);
        });
        const fresh = new Set<string>();
        if (missing.length > 0) {
            const results = await this.inner.evaluate(missing, space, signal);
            throwIfAborted(signal);
            if (results.length !== missing.length) {
                throw new Error(`evaluator ${this.inner.name} returned ${results.length} result(s) for ${missing.length} genotype(s)`);
            }
            results.forEach((r, i) => {
                this.cache.set(missingIds[i], r);
                fresh.add(missingIds[i]);
                this.queries += r.cost.queries;
                this.seconds += r.cost.seconds;
                this.journal?.record({ evaluator: this.inner.name, result: r });
            });
        }
        // The first occurrence of a freshly evaluated id carries its cost; every other occurrence is a free hit.
        return ids.map((id, i) => {
            const r = this.cache.get(id)!;
            if (fresh.delete(id)) return r;
            const g = genotypes[i];
            const sameGenotype = this.cacheBy === 'key' || r.key === space.key(g);
            return {
                ...r,
                key: sameGenotype ? r.key : space.key(g),
                genotype: sameGenotype ? r.genotype : g.slice(),
                cost: { queries: 0, seconds: 0 },
                cached: true,
            };
        });
    }
}
