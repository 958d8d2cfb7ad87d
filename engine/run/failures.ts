import { succeeded, type EvaluationResult } from '../evaluate/types.js';
import type { SearchSpace } from '../space/types.js';
import type { FailureSummary } from '../report/result.js';

/** How many failures result.json lists by name (the journal holds them all). */
export const FIRST_FAILURES = 5;

/**
 * The failed evaluations among `results` (in evaluation order), as result.json's `failures`: undefined when
 * there were none, so a clean run's result.json does not change. A failure is any result `succeeded` rejects
 * (an `error`, or no finite metric): it cost a query but told the policy or search nothing.
 */
export function failureSummary(results: Iterable<EvaluationResult>, space: SearchSpace): FailureSummary | undefined {
    let count = 0;
    const first: FailureSummary['first'] = [];
    for (const r of results) {
        if (succeeded(r)) continue;
        count++;
        if (first.length < FIRST_FAILURES) first.push({ arch: r.genotype.length ? space.format(r.genotype) : r.key, error: r.error ?? 'no finite metric' });
    }
    return count > 0 ? { count, first } : undefined;
}
