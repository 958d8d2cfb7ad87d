/**
 * Sizing under an editor's time budget. engine/size computes exact counts by dynamic programming and
 * estimates the rest by sampling, and a sample of a deep cell costs a DP of its own: a 7-node NB201-style
 * cell takes ~0.1 s per sample, so the engine's default 2,000 samples would block the language server for
 * minutes. The editor therefore:
 * 1. sizes with a small DP budget and ONE sample (a probe: ~0.1 s at worst in our measurements);
 * 2. if the result is exact, uses it;
 * 3. else probes again with PROBE_SAMPLES samples; the difference prices one sample. If EDITOR_SAMPLES
 *    samples fit in editorSizeBudget.estimateMs, re-sizes with them: a real estimate, marked ≈ with its interval;
 * 4. else keeps the raw count and leaves the unique count out ("run `lissnas size`", which has no budget).
 * The sample count is fixed, so an estimate shown in the editor is the same number on every machine; only
 * the decision to estimate at all depends on speed. This runs in the size worker (server/size-worker.ts), under
 * a time and memory bound of its own (server/features/size-jobs.ts); results are cached by the compiled spec,
 * so editing one declaration does not re-size the others.
 */
import type { SizeOptions } from '../../engine/size/types.js';

export const EDITOR_WORK_LIMIT = 100_000;
/** Steps of a unique-graph count in the editor (~1 s): NB101 needs 0.15 M, 10 nodes / 9 edges 1.7 M. */
export const EDITOR_GRAPH_WORK = 2_000_000;
export const EDITOR_SAMPLES = 100;
export const PROBE_SAMPLES = 5;

/** The time budget; tests raise it so that whether an estimate is made does not depend on the machine. */
export const editorSizeBudget = {
    /** Most time an estimate may take in the editor (it runs once per distinct space: results are cached). */
    estimateMs: 1500,
};

export interface BoundedResult<R> {
    result: R;
    /** False when the unique count was not estimated (too costly in the editor): show raw only. */
    uniqueKnown: boolean;
}

/**
 * Runs `compute` under the editor budget. `exact` says whether a result needed no sampling.
 * `needsUnique: false` stops after the probe (raw counts and formulas need no estimate).
 * It runs inside the size worker (server/size-worker.ts); the server caches its answers by compiled spec
 * (server/features/size-jobs.ts), so equal spaces are sized once.
 */
export function boundedSize<R>(compute: (options: SizeOptions) => R, exact: (result: R) => boolean, needsUnique = true, estimateMs = editorSizeBudget.estimateMs): BoundedResult<R> {
    const timed = (samples: number): [R, number] => {
        const started = performance.now();
        const result = compute({ workLimit: EDITOR_WORK_LIMIT, graphWork: EDITOR_GRAPH_WORK, samples });
        return [result, performance.now() - started];
    };
    const [probe, once] = timed(1);
    if (exact(probe)) return { result: probe, uniqueKnown: true };
    if (!needsUnique) return { result: probe, uniqueKnown: false };
    const [, several] = timed(PROBE_SAMPLES);
    const perSample = Math.max(0, several - once) / (PROBE_SAMPLES - 1);
    const fixed = Math.max(0, once - perSample);
    const fits = fixed + EDITOR_SAMPLES * perSample < estimateMs;
    return fits ? { result: compute({ workLimit: EDITOR_WORK_LIMIT, graphWork: EDITOR_GRAPH_WORK, samples: EDITOR_SAMPLES }), uniqueKnown: true } : { result: probe, uniqueKnown: false };
}
