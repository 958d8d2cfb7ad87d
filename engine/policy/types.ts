import type { StopReason } from '../stop-reason.js';
import type { Pocket, ShrunkSpace } from '../space/shrunk.js';
import type { Genotype } from '../space/types.js';

/** A policy's pockets are the shrunk space's: a seed, its members, the largest seed-member distance. */
export type PolicyPocket = Pocket;

/** One iteration of a policy, for the history plots and the report. */
export interface PolicyIteration {
    iteration: number;
    /** Members of the space this iteration sampled from. */
    size: number;
    /** Genotypes evaluated in the sample (distinct). */
    sampled: number;
    /** Raw searched metric over the sample's successful evaluations. */
    meanMetric: number;
    medianMetric: number;
    /** Best by score (the raw value shown: the max when maximizing, the min when minimizing). */
    bestMetric: number;
    /** Queries spent so far by the policy (cumulative). */
    queries: number;
}

export interface PolicyResult {
    /** The policy's kind: `lissnas`, `op_pruning`, `random_shrink`. */
    kind: string;
    /** The shrunk space (a SearchSpace over the kept members; `toJSON` for files). */
    space: ShrunkSpace;
    /** The kept members, deduplicated, in pocket order. */
    members: Genotype[];
    pockets: PolicyPocket[];
    history: PolicyIteration[];
    /** Distinct evaluations this policy paid for (cache hits free). */
    queries: number;
    /**
     * Why it stopped: LISSNAS `plateau` or `max_iterations`; op_pruning and random_shrink `complete` (one step).
     * No policy stops on a budget: a search refuses, before spending anything, a policy whose bound
     * (engine/policy/bound.ts) does not fit its total budget.
     */
    stoppedBy: Extract<StopReason, 'plateau' | 'max_iterations' | 'complete'>;
    /**
     * LISSNAS: the iteration whose pockets form the returned space (S_t is built at the end of iteration t and sampled
     * by iteration t + 1, i.e. history row t + 1 holds its size). On a plateau it is usually earlier than the last
     * iteration run: the plateau rule keeps the last space whose sample improved the mean.
     */
    chosenIteration?: number;
}
