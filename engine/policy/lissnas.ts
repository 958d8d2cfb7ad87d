import type { CachedEvaluator } from '../evaluate/cache.js';
import { succeeded, type EvaluationResult } from '../evaluate/types.js';
import { Rng } from '../rng.js';
import type { SearchSpace } from '../space/types.js';
import type { Setting } from '../spec.js';
import { mean, median } from '../metrics/shrink.js';
import { sampleDistinct } from './sampling.js';
import { lissnasKind } from '../registry/kinds/lissnas.js';
import { SettingsReader } from '../registry/settings-reader.js';
import { resolveCount, resolveSampleSize, type SampleSize, type SeedChoice } from '../registry/shapes.js';
import { nearestNeighbors } from '../space/nearest.js';
import { chooseSeeds } from './seed-selection.js';
import { ShrunkSpace } from '../space/shrunk.js';
import type { PolicyIteration, PolicyPocket, PolicyResult } from './types.js';

/** Every knob of LISSNAS; defaults and the reasons for them in docs/lissnas.md ("Policies"). */
export interface LissnasConfig {
    /**
     * Architectures sampled (and evaluated) from the current space each iteration: a count, or a share of the FULL
     * space with bounds (`1% min 20 max 200`), resolved once so every iteration's sample has the same size.
     */
    sample: SampleSize;
    /** Seeds kept from each sample: the top N, or the top N % of the sample; with `apart`, at least that far from each other. */
    seeds: SeedChoice;
    /** Neighbourhood radius of each seed. */
    distance: number;
    /** Instead of a radius: each seed's `nearest` closest neighbours (`neighbors count 20`); ties by a seeded rng. */
    nearest?: number;
    /** Where neighbours are taken: the current (already shrunk) space, so spaces nest; or the full space. */
    within: 'current' | 'full';
    /** Keep only neighbours whose score beats the sample's median / mean / their seed (evaluating them), or all. */
    filter: 'none' | 'median' | 'mean' | 'seed';
    /**
     * Stop when the sample mean has not improved by more than `delta` for `patience` iterations: `delta` in metric
     * units, or `{ noise: k }`: k standard errors of the current sample's mean (std / sqrt(n)), recomputed each iteration.
     */
    patience: number;
    delta: number | { noise: number };
    maxIterations: number;
    seed: number;
}

const S = lissnasKind.settings;

/** The registry's defaults (engine/registry/kinds/lissnas.ts), as a config. */
export const LISSNAS_DEFAULTS: LissnasConfig = {
    sample: S.sample.default!,
    seeds: S.seeds.default!,
    distance: S.neighbors.default!.distance,
    within: S.neighbors.default!.within!,
    filter: S.neighbors.default!.filter!,
    patience: S.stop.default!.patience!,
    delta: S.stop.default!.delta!,
    maxIterations: S.max_iterations.default!,
    seed: S.seed.default!,
};

/** Reads `policy X = lissnas(...) { settings }` (with `evaluate E` among them); collecting mode for the language server. */
export function readLissnasSettings(owner: string, settings: readonly Setting[], collect = false): { config: LissnasConfig; reader: SettingsReader } {
    const r = new SettingsReader(owner, settings, lissnasKind, collect);
    const d = LISSNAS_DEFAULTS;
    // Read in declaration order, so problems come in the order the settings are documented.
    const sample = r.get(S.sample, d.sample);
    const seeds = r.get(S.seeds, d.seeds);
    const neighbors = r.get(S.neighbors, { distance: d.distance });
    const stop = r.get(S.stop, {});
    const config: LissnasConfig = {
        sample,
        seeds,
        distance: neighbors.distance,
        ...(neighbors.count !== undefined ? { nearest: neighbors.count } : {}),
        within: neighbors.within ?? d.within,
        filter: neighbors.filter ?? d.filter,
        patience: stop.patience ?? d.patience,
        delta: stop.delta ?? d.delta,
        maxIterations: r.get(S.max_iterations, d.maxIterations),
        seed: r.get(S.seed, d.seed),
    };
    r.done();
    return { config, reader: r };
}

/**
 * LISSNAS (Gopal et al., IJCAI 2023), as this project reads it:
 *
 *   S_0 = the full space. Iteration t = 1, 2, ...:
 *     1. sample N distinct architectures from S_{t-1} and evaluate them;
 *     2. stop test on the sample mean (plateau: no gain > delta over the best mean so far for `patience` iterations);
 *     3. the top k are seeds (with `apart`: the best k at least that far from each other); each seed's pocket = the seed + its neighbours within distance d
 *        (in the full space by default, so pockets re-centre on better seeds; `in current`: in S_{t-1}, so spaces
 *        nest; optionally filtered by evaluating them);
 *     4. S_t = union of the pockets (kept per seed; overlaps are deduplicated in the member set).
 *   On a plateau, the result is the last sampled shrunk space whose sample mean beat every earlier one by more
 *   than delta; after `max_iterations`, the last one built.
 */
export async function runLissnas(
    space: SearchSpace,
    evaluator: CachedEvaluator,
    config: LissnasConfig,
    signal?: AbortSignal,
    onIteration?: (iteration: PolicyIteration) => void,
): Promise<PolicyResult> {
    const rng = new Rng(config.seed);
    const startQueries = evaluator.queries;
    const history: PolicyIteration[] = [];
    let current: SearchSpace = space;
    let shrunk: ShrunkSpace | undefined;
    /** The iteration that built `shrunk` (S_t is built at the end of iteration t). */
    let builtAt = 0;
    let best: { mean: number; space: ShrunkSpace; iteration: number } | undefined;
    let bestMeanScore = -Infinity;
    let stale = 0;
    let stoppedBy: 'plateau' | 'max_iterations' = 'max_iterations';
    const sampleSize = resolveSampleSize(config.sample, space.size);
    for (let iteration = 1; iteration <= config.maxIterations; iteration++) {
        const sample = sampleDistinct(current, sampleSize, rng);
        const results = await evaluator.evaluate(sample, space, signal);
        const ok = results.filter(succeeded); // failed evaluations never rank, average or seed
        if (ok.length === 0) {
            throw new Error(`policy lissnas: no successful evaluation in iteration ${iteration} (first error: ${results.find((r) => r.error !== undefined)?.error ?? (results.length === 0 ? 'empty sample' : 'non-finite metric')})`);
        }
        const meanScore = mean(ok.map((x) => x.score!));
        history.push({
            iteration,
            size: sizeOf(current),
            sampled: sample.length,
            meanMetric: mean(ok.map((x) => x.metric!)),
            medianMetric: median(ok.map((x) => x.metric!)),
            bestMetric: evaluator.minimize ? Math.min(...ok.map((x) => x.metric!)) : Math.max(...ok.map((x) => x.metric!)),
            queries: evaluator.queries - startQueries,
        });
        onIteration?.(history[history.length - 1]);
        // Plateau test on the sample mean: S_{t-1} is judged by its own sample.
        if (meanScore > bestMeanScore + plateauDelta(config.delta, ok)) {
            bestMeanScore = meanScore;
            stale = 0;
            if (shrunk) best = { mean: meanScore, space: shrunk, iteration: builtAt };
        } else {
            if (shrunk && !best) best = { mean: meanScore, space: shrunk, iteration: builtAt };
            stale++;
            if (stale >= config.patience && best) {
                stoppedBy = 'plateau';
                break;
            }
        }
        const pockets = await growPockets(ok, config.within === 'full' ? space : current, space, evaluator, config, signal);
        shrunk = new ShrunkSpace(space, pockets);
        builtAt = iteration;
        current = shrunk;
    }
    const chosen = stoppedBy === 'plateau' ? best!.space : shrunk!;
    const chosenIteration = stoppedBy === 'plateau' ? best!.iteration : builtAt;
    return {
        kind: 'lissnas',
        space: chosen,
        members: [...chosen.members],
        pockets: [...chosen.pockets],
        history,
        queries: evaluator.queries - startQueries,
        stoppedBy,
        chosenIteration,
    };
}

/**
 * Seeds = top k of the sample by score (ties by key, for determinism), or with `seeds top k apart d` the greedy
 * walk down that ranking that keeps seeds at least d apart (engine/policy/seed-selection.ts); one pocket per seed.
 */
async function growPockets(
    sample: EvaluationResult[],
    neighbourSpace: SearchSpace,
    full: SearchSpace,
    evaluator: CachedEvaluator,
    config: LissnasConfig,
    signal: AbortSignal | undefined,
): Promise<PolicyPocket[]> {
    const ranked = sample.slice().sort((a, b) => b.score! - a.score! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const k = Math.min(ranked.length, resolveCount(config.seeds, sample.length));
    const seeds = chooseSeeds(ranked, k, config.seeds.apart, (a, b) => full.distance(a, b));
    const scores = sample.map((x) => x.score!);
    const threshold = config.filter === 'median' ? median(scores) : config.filter === 'mean' ? mean(scores) : undefined;
    const pockets: PolicyPocket[] = [];
    for (const seed of seeds) {
        // The nearest-k tie-break draws from its own generator (seeded by the policy seed and the seed's key), so it
        // neither shifts the sampling stream nor depends on the order pockets are grown in.
        let members = config.nearest !== undefined
            ? nearestNeighbors(neighbourSpace, seed.genotype, config.nearest, new Rng(`${config.seed}:nearest:${seed.key}`))
            : neighbourSpace.neighbors(seed.genotype, config.distance);
        if (config.filter !== 'none') {
            const results = await evaluator.evaluate(members, full, signal);
            const bar = threshold ?? seed.score!;
            members = members.filter((_, i) => succeeded(results[i]) && results[i].score! >= bar);
        }
        const radius = members.reduce((m, g) => Math.max(m, full.distance(seed.genotype, g)), 0);
        pockets.push({ seed: seed.genotype, members: [seed.genotype, ...members], radius });
    }
    return pockets;
}

/**
 * The plateau rule's gain threshold for this iteration. `noise(k)`: k standard errors of the sample mean
 * (sample std / sqrt(n), over the successful evaluations). A gain smaller than that is within what drawing another
 * sample of the same space would change, so it is not evidence that the shrunk space is better. A single
 * evaluation has no spread: its threshold is 0.
 */
export function plateauDelta(delta: LissnasConfig['delta'], sample: readonly EvaluationResult[]): number {
    if (typeof delta === 'number') return delta;
    const n = sample.length;
    if (n < 2) return 0;
    const scores = sample.map((x) => x.score!);
    const m = mean(scores);
    const variance = scores.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
    return delta.noise * Math.sqrt(variance / n);
}

function sizeOf(space: SearchSpace): number {
    return typeof space.size === 'bigint' ? Number(space.size) : Infinity;
}
