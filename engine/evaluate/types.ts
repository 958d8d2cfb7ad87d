import type { Genotype, SearchSpace } from '../space/types.js';

/** What one evaluation of one genotype cost. `queries` is 1 for a real evaluation, 0 for a cache hit. */
export interface EvaluationCost {
    queries: number;
    seconds: number;
}

/**
 * The outcome of evaluating one genotype. Raw values are kept as measured (`metric`, `report`); `score` is the
 * searched metric turned into "higher is better" (negated when the evaluator minimizes), so policies and searches
 * always maximize `score` and never need to know the direction.
 * A failing item carries `error` and undefined values: it is recorded, never thrown.
 */
export interface EvaluationResult {
    /** `space.key(g)`: exact identity. */
    key: string;
    /** `space.canonical(g)`: identity modulo isomorphism. */
    canonical: string;
    /** The genotype itself (a copy), so journals and results are self-contained. */
    genotype: Genotype;
    /** The searched metric, raw (as in the table / as printed by the command). */
    metric: number | undefined;
    /** The reported metric (e.g. test accuracy), raw; undefined when the evaluator has no report column. */
    report: number | undefined;
    /** `metric` oriented so that higher is better; undefined when `metric` is. */
    score: number | undefined;
    cost: EvaluationCost;
    /** True when this result came from a cache rather than a new evaluation. */
    cached?: boolean;
    error?: string;
    /** Training evaluators: one record per finished epoch (journaled with the result). */
    epochs?: EpochValue[];
    /** Command evaluators: the trial's id (its folder `trials/<id>/` in the run directory). */
    trial?: string;
    /** Command evaluators: the result object's fields besides metric and report (journaled as given). */
    extra?: Record<string, unknown>;
    /** Command evaluators: the failed attempts (retries), in order; absent when the first attempt succeeded. */
    attempts?: AttemptRecord[];
}

/** One failed attempt of a trial: why it failed and how long it ran. */
export interface AttemptRecord {
    attempt: number;
    error: string;
    seconds: number;
}

/** One epoch of a training evaluation: mean training loss, validation accuracy (%) after it, its seconds. */
export interface EpochValue {
    epoch: number;
    loss: number;
    validation: number;
    seconds: number;
}

/**
 * Whether a result can be trusted as a measurement: no `error` and a finite score. Anything else is a failed
 * evaluation: it costs its query and is recorded (journal, `failures` of result.json), but a policy never ranks,
 * averages or seeds with it. A table row with a metric but an empty report column carries an `error`, so it
 * counts as failed too (its test number is missing, so it must not stand for a pocket).
 */
export function succeeded(r: EvaluationResult): r is EvaluationResult & { score: number; metric: number } {
    return r.error === undefined && r.score !== undefined && Number.isFinite(r.score) && r.metric !== undefined;
}

/**
 * Anything that turns genotypes into numbers: a benchmark table, a zero-cost proxy, training, a command.
 * Batched (one call may evaluate in parallel), asynchronous, cancellable: when `signal` aborts, the promise
 * rejects with the signal's reason (an `AbortError`) and no partial batch is returned.
 *
 * Per-item completion (`onResult`): a batch of slow evaluations finishes item by item, and what finished must not
 * wait for the slowest one (a run journals each result the moment it exists, so an interrupt loses nothing).
 * An evaluator that can calls `onResult(i, result)` once per finished item, as soon as that item's result is
 * final and before the promise resolves; `i` is the item's index in `genotypes`. An item cut short by the abort
 * is NOT a result and is never reported (it rejects with the batch). Calling it is optional: a caller must treat
 * every item not reported through `onResult` as finished when the batch resolves (see JournaledEvaluator).
 */
export interface Evaluator {
    readonly name: string;
    /** Whether the searched metric is minimized (results keep raw values; `score` is negated). */
    readonly minimize: boolean;
    /**
     * The cache identity an evaluator of this kind should use (see `CachedEvaluator`): 'key' for tables, where
     * isomorphic cells have distinct rows whose values differ by training noise; 'canonical' for expensive
     * evaluators, where isomorphic cells are the same network and evaluating twice would waste a query.
     */
    readonly cacheBy: 'key' | 'canonical';
    evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]>;
}

/** Told of each item of a batch as soon as its result is final (see `Evaluator`); index into the batch. */
export type ResultCallback = (index: number, result: EvaluationResult) => void;

/** One recorded evaluation, as given to a `Journal`. */
export interface JournalEntry {
    /** The evaluator's name. */
    evaluator: string;
    result: EvaluationResult;
}

/**
 * Hook through which every real evaluation passes (cache misses only: a cache hit is not an evaluation).
 * The runs layer implements it as an append-only file; a resumed run reloads it with `CachedEvaluator.preload`.
 */
export interface Journal {
    record(entry: JournalEntry): void;
}

/** Orients a raw metric so that higher is better. */
export function toScore(metric: number | undefined, minimize: boolean): number | undefined {
    if (metric === undefined) return undefined;
    return minimize ? -metric : metric;
}

/** Throws the signal's reason (an AbortError) when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) {
        const reason: unknown = signal.reason;
        if (reason instanceof Error) throw reason;
        const error = new Error(typeof reason === 'string' ? reason : 'evaluation aborted');
        error.name = 'AbortError';
        throw error;
    }
}
