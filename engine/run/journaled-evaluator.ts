import { throwIfAborted, type EvaluationResult, type Evaluator, type ResultCallback } from '../evaluate/types.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { EvalEntry, JournalWriter } from './journal.js';

/**
 * The resume mechanism: an evaluator layer placed BELOW the evaluation cache, directly on the real evaluator.
 *
 * - A genotype whose identity is in the journal is answered with the journaled result, unchanged (same values,
 *   same cost, same flags), without calling the real evaluator: the layers above (cache, policy, search) cannot
 *   tell a replayed answer from the original one, so a deterministic policy re-executed from the start takes
 *   exactly the same decisions and ends with exactly the same result.
 * - Any other genotype goes to the real evaluator. Each result is appended to the journal the moment the real
 *   evaluator reports it finished (the `onResult` callback of `Evaluator.evaluate`), not when its batch returns:
 *   with a slow evaluator running 4 in parallel, every finished evaluation is on disk while the others still
 *   run, so an interrupt (SIGINT, SIGTERM, SIGKILL) loses none. Items an evaluator does not report one by one
 *   are journaled when the batch returns, before it is handed up.
 * - `runSignal` (the run's interrupt) aborts every real evaluation under this layer, whatever signal the policy
 *   or search passed: a command evaluator then stops its processes and what finished stays journaled.
 *
 * Identity follows the evaluator's `cacheBy` ('key' for tables, 'canonical' for training-like evaluators).
 * `LISSNAS_EVAL_DELAY_MS` (a TEST HOOK, documented in docs/runs.md) sleeps that many milliseconds per real
 * evaluation, so a test can SIGKILL a run in the middle.
 */
export class JournaledEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize: boolean;
    readonly cacheBy: 'key' | 'canonical';
    /** Distinct identities evaluated for real in this process. */
    evaluated = 0;
    /** Journaled identities answered from the journal in this process. */
    readonly reusedIds = new Set<string>();
    private readonly journaled: Map<string, EvalEntry>;
    /** Identities the journal held when this process started. */
    readonly priorCount: number;
    private readonly delayMs: number;

    constructor(
        private readonly inner: Evaluator,
        prior: Iterable<EvalEntry>,
        private readonly journal: JournalWriter | undefined,
        private readonly onEvaluation?: (result: EvaluationResult, fromJournal: boolean) => void,
        private readonly runSignal?: AbortSignal,
    ) {
        this.name = inner.name;
        this.minimize = inner.minimize;
        this.cacheBy = inner.cacheBy;
        this.journaled = new Map();
        for (const entry of prior) {
            if (entry.evaluator !== undefined && entry.evaluator !== this.name) continue;
            const id = this.cacheBy === 'key' ? entry.key : entry.canonical;
            if (!this.journaled.has(id)) this.journaled.set(id, entry);
        }
        this.priorCount = this.journaled.size;
        const delay = Number(process.env.LISSNAS_EVAL_DELAY_MS ?? 0);
        this.delayMs = Number.isFinite(delay) && delay > 0 ? delay : 0;
    }

    get journaledCount(): number {
        return this.journaled.size;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        const abort = combineSignals(signal, this.runSignal);
        throwIfAborted(abort);
        const out: Array<EvaluationResult | undefined> = new Array(genotypes.length);
        const missIndex: number[] = [];
        genotypes.forEach((g, i) => {
            const id = this.cacheBy === 'key' ? space.key(g) : space.canonical(g);
            const entry = this.journaled.get(id);
            if (entry) {
                this.reusedIds.add(id);
                out[i] = fromEntry(entry);
                this.onEvaluation?.(out[i]!, true);
                onResult?.(i, out[i]!);
            } else {
                missIndex.push(i);
            }
        });
        if (missIndex.length > 0) {
            // Under the test hook, misses are evaluated one at a time (each journaled before the next starts), like a
            // slow evaluator, so that a kill can land between any two evaluations.
            const groups = this.delayMs > 0 ? missIndex.map((i) => [i]) : [missIndex];
            for (const group of groups) {
                if (this.delayMs > 0) await sleep(this.delayMs);
                const reported = new Set<number>();
                const record = (j: number, result: EvaluationResult): void => {
                    if (reported.has(j) || j < 0 || j >= group.length) return;
                    reported.add(j);
                    const index = group[j];
                    const id = this.cacheBy === 'key' ? space.key(genotypes[index]) : space.canonical(genotypes[index]);
                    // A batch may hold the same identity twice; journal (and count) it once.
                    if (!this.journaled.has(id)) {
                        const entry = toEntry(result, this.name);
                        this.journaled.set(id, entry);
                        this.journal?.append(entry);
                        this.evaluated++;
                    }
                    out[index] = result;
                    this.onEvaluation?.(result, false);
                    onResult?.(index, result);
                };
                const results = await this.inner.evaluate(
                    group.map((i) => genotypes[i]),
                    space,
                    abort,
                    record,
                );
                if (results.length !== group.length) {
                    throw new Error(`evaluator ${this.inner.name} returned ${results.length} result(s) for ${group.length} genotype(s)`);
                }
                results.forEach((result, j) => record(j, result));
            }
        }
        return out as EvaluationResult[];
    }
}

/** Aborts when either signal does (the policy's own, the run's interrupt). */
function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
    if (!a) return b;
    if (!b) return a;
    return AbortSignal.any([a, b]);
}

/** Journal line of a result: the spec'd fields first, plus what is needed to rebuild the result exactly. */
export function toEntry(result: EvaluationResult, evaluatorName?: string): EvalEntry & { genotype: Genotype; score?: number; cached?: boolean } {
    const entry: EvalEntry & { genotype: Genotype; score?: number; cached?: boolean; costQueries?: number } = {
        type: 'eval',
        evaluator: evaluatorName,
        key: result.key,
        canonical: result.canonical,
        cost: result.cost.seconds,
        genotype: result.genotype,
    };
    if (result.metric !== undefined) entry.metric = result.metric;
    if (result.report !== undefined) entry.report = result.report;
    if (result.score !== undefined) entry.score = result.score;
    if (result.cost.queries !== 1) entry.costQueries = result.cost.queries;
    if (result.cached) entry.cached = true;
    if (result.error !== undefined) entry.error = result.error;
    if (result.epochs !== undefined) entry.epochs = result.epochs;
    if (result.trial !== undefined) entry.trial = result.trial;
    if (result.extra !== undefined) entry.extra = result.extra;
    if (result.attempts !== undefined) entry.attempts = result.attempts;
    return entry;
}

export function fromEntry(entry: EvalEntry): EvaluationResult {
    const e = entry as EvalEntry & { genotype?: Genotype; score?: number; cached?: boolean; costQueries?: number };
    const result: EvaluationResult = {
        key: e.key,
        canonical: e.canonical,
        genotype: e.genotype ? e.genotype.slice() : [],
        metric: typeof e.metric === 'number' ? e.metric : undefined,
        report: typeof e.report === 'number' ? e.report : undefined,
        score: typeof e.score === 'number' ? e.score : undefined,
        cost: { queries: e.costQueries ?? 1, seconds: e.cost ?? 0 },
    };
    if (e.cached) result.cached = true;
    if (e.error !== undefined) result.error = e.error;
    if (Array.isArray(e.epochs)) result.epochs = e.epochs;
    if (typeof e.trial === 'string') result.trial = e.trial;
    if (e.extra !== null && typeof e.extra === 'object' && !Array.isArray(e.extra)) result.extra = e.extra;
    if (Array.isArray(e.attempts)) result.attempts = e.attempts;
    return result;
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
