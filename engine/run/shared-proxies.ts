import { isCostModelProxy } from '../evaluate/cost-model-evaluator.js';
import { compiledRoot, planOfCompiled, type NetworkPlan } from '../evaluate/neural/network-plan.js';
import { readProxySettings } from '../evaluate/neural/neural-settings.js';
import { succeeded, throwIfAborted, type EvaluationResult, type Evaluator, type ResultCallback } from '../evaluate/types.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { EvaluatorSpec, SpaceSpec } from '../spec.js';

/** What a shared proxy did over the whole study: real evaluations against the ones answered from its memo. */
export interface SharedProxyCount {
    name: string;
    evaluated: number;
    reused: number;
}

/**
 * The worker proxies (`proxy(synflow)`, `naswot`, ...) of one study, shared by all of its sessions: one evaluator
 * (so one pool of worker processes) per declaration, and each network evaluated once for the whole study.
 *
 * Why it is correct: a study runs every (dataset, seed, policy) in its own session so that no policy profits
 * from another's queries. For a proxy, a session's value of a network is a function of the declaration (proxy,
 * batch, its own `seed`: a study seeds policies and searches, never evaluators, and `--datasets` renames table
 * columns only) and of the network (the space spec, which fixes the skeleton, the cell and the canonical form);
 * the worker seeds every request itself, so the value does not depend on what the process evaluated before
 * (test/engine/neural/neural-evaluator.test.ts: the same in two processes). A session asking for a network
 * another session had evaluated therefore gets the very result it would have computed, as a real evaluation of
 * its own (cost 1 query): its cache, query counts, budgets and costs are unchanged; only the computing is saved.
 * Not shared: the cost model's params/flops (in-process, microseconds, exact-key identity), tables, commands
 * (trials are files of a session) and training (one process's training is not bit-reproducible in general).
 * Failed evaluations are not kept (a killed worker is not a property of the network): a later session retries.
 */
export class SharedProxies {
    private readonly evaluators = new Map<string, SharedProxy>();
    /** Every compiled space of the study's sessions and its spec, so a shared evaluator plans any session's networks. */
    private readonly specs = new WeakMap<SearchSpace, SpaceSpec>();

    /** A session compiled `space` from `spec`. */
    compiled(space: SearchSpace, spec: SpaceSpec): void {
        this.specs.set(space, spec);
    }

    /**
     * The study's evaluator for the declaration `spec`, made by `create` (given the network plans of every
     * session) on first use; undefined when `spec` is not a worker proxy (the session makes its own).
     */
    evaluator(spec: EvaluatorSpec, create: (planFor: (space: SearchSpace) => NetworkPlan | string) => Evaluator): Evaluator | undefined {
        if (spec.kind !== 'proxy' || isCostModelProxy(readProxySettings(spec).proxy)) return undefined;
        // The whole declaration (settings and seed included): two that differ in anything share nothing.
        const id = JSON.stringify({ kind: spec.kind, name: spec.name, args: spec.args, settings: spec.settings });
        let shared = this.evaluators.get(id);
        if (!shared) {
            shared = new SharedProxy(create((space) => planOfCompiled(this.specs, space)), this.specs);
            this.evaluators.set(id, shared);
        }
        return shared;
    }

    /** Per shared evaluator, what was computed and what was answered from the memo (study log, tests). */
    counts(): SharedProxyCount[] {
        return [...this.evaluators.values()].map((e) => ({ name: e.name, evaluated: e.evaluated, reused: e.reused }));
    }

    /** Ends the workers (end of the study). */
    async close(): Promise<void> {
        await Promise.all([...this.evaluators.values()].map((e) => e.close()));
    }
}

/** A proxy evaluator with a memo of its successful results, keyed by the space spec and the cache identity. */
class SharedProxy implements Evaluator {
    readonly name: string;
    readonly minimize: boolean;
    readonly cacheBy: 'key' | 'canonical';
    evaluated = 0;
    reused = 0;
    /** Per space spec (as JSON: every session compiles its own space objects from equal specs), id -> result. */
    private readonly memo = new Map<string, Map<string, EvaluationResult>>();
    private readonly specIds = new WeakMap<SpaceSpec, string>();

    constructor(
        private readonly inner: Evaluator & { close?: () => Promise<void> },
        private readonly specs: WeakMap<SearchSpace, SpaceSpec>,
    ) {
        this.name = inner.name;
        this.minimize = inner.minimize;
        this.cacheBy = inner.cacheBy;
    }

    private memoFor(space: SearchSpace): Map<string, EvaluationResult> | undefined {
        const root = compiledRoot(this.specs, space);
        if (!root) return undefined; // the inner evaluator reports the missing plan
        let id = this.specIds.get(root.spec);
        if (id === undefined) this.specIds.set(root.spec, (id = JSON.stringify(root.spec)));
        let memo = this.memo.get(id);
        if (!memo) this.memo.set(id, (memo = new Map()));
        return memo;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        const memo = this.memoFor(space);
        const ids = genotypes.map((g) => (this.cacheBy === 'key' ? space.key(g) : space.canonical(g)));
        const results: EvaluationResult[] = new Array(genotypes.length);
        const missing: number[] = [];
        ids.forEach((id, i) => {
            const hit = memo?.get(id);
            if (!hit) return missing.push(i);
            this.reused++;
            // The session's own real evaluation (its cost kept): only the network's identity is this genotype's.
            results[i] = { ...hit, key: space.key(genotypes[i]), genotype: genotypes[i].slice() };
            onResult?.(i, results[i]);
        });
        if (missing.length > 0) {
            const fresh = await this.inner.evaluate(
                missing.map((i) => genotypes[i]),
                space,
                signal,
                onResult ? (j, r) => onResult(missing[j], r) : undefined,
            );
            fresh.forEach((r, j) => {
                const i = missing[j];
                results[i] = r;
                this.evaluated++;
                if (succeeded(r)) memo?.set(ids[i], r);
            });
        }
        return results;
    }

    async close(): Promise<void> {
        await this.inner.close?.();
    }
}
