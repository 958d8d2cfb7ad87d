import type { CachedEvaluator } from '../evaluate/cache.js';
import { succeeded, type EvaluationResult } from '../evaluate/types.js';
import { Rng } from '../rng.js';
import type { SearchSpace } from '../space/types.js';
import type { Setting } from '../spec.js';
import { mean, median } from '../metrics/shrink.js';
import { sampleDistinct } from './sampling.js';
import { resolveCount, SettingsReader, wordOf, type CountOrPercent } from './settings.js';
import { ShrunkSpace } from '../space/shrunk.js';
import type { PolicyIteration, PolicyPocket, PolicyResult } from './types.js';

/** Every knob of LISSNAS; defaults and the reasons for them in docs/lissnas.md ("Policies"). */
export interface LissnasConfig {
    /** Architectures sampled (and evaluated) from the current space each iteration. */
    sample: number;
    /** Seeds kept from each sample: the top N, or the top N % of the sample. */
    seeds: CountOrPercent;
    /** Neighbourhood radius of each seed. */
    distance: number;
    /** Where neighbours are taken: the current (already shrunk) space, so spaces nest; or the full space. */
    within: 'current' | 'full';
    /** Keep only neighbours whose score beats the sample's median / mean / their seed (evaluating them), or all. */
    filter: 'none' | 'median' | 'mean' | 'seed';
    /** Stop when the sample mean has not improved by more than `delta` (metric units) for `patience` iterations. */
    patience: number;
    delta: number;
    maxIterations: number;
    seed: number;
}

export const LISSNAS_DEFAULTS: LissnasConfig = {
    sample: 100,
    seeds: { kind: 'count', value: 10 },
    distance: 1,
    within: 'full',
    filter: 'none',
    patience: 1,
    delta: 0.05,
    maxIterations: 10,
    seed: 0,
};

export const LISSNAS_SETTINGS = {
    evaluate: 'an evaluator name (read by the compiler; listed so that it is accepted here)',
    sample: 'a whole number of architectures, e.g. `sample 100`',
    seeds: '`top N` or `top N%`',
    neighbors: '`distance D`, optionally followed by `in current|full` and `filter better_than median|mean|seed|none`',
    stop: '`plateau(patience: P, delta: X)`',
    max_iterations: 'a whole number >= 1',
    seed: 'a whole number (random seed)',
} as const;

/** Reads `policy X = lissnas(...) { settings }`; collecting mode for the language server. */
export function readLissnasSettings(owner: string, settings: readonly Setting[], collect = false): { config: LissnasConfig; reader: SettingsReader } {
    const r = new SettingsReader(owner, settings, LISSNAS_SETTINGS, collect);
    const d = LISSNAS_DEFAULTS;
    const config: LissnasConfig = { ...d, seeds: { ...d.seeds } };
    config.sample = r.number('sample', d.sample, { integer: true, min: 1 });
    const seeds = r.values('seeds');
    if (seeds !== undefined) {
        if (seeds.length !== 2 || wordOf(seeds[0]) !== 'top') config.seeds = r.expected('seeds', d.seeds);
        else {
            config.seeds = r.countOrPercent('seeds', seeds[1], d.seeds);
            if (config.seeds.value <= 0) config.seeds = r.expected('seeds', d.seeds, 'must keep at least one seed');
        }
    }
    const neighbors = r.values('neighbors');
    if (neighbors !== undefined) {
        // Sub-options in any order: `distance D`, `in current|full`, `filter better_than X` (or `filter X`).
        for (let i = 0; i < neighbors.length; ) {
            const word = wordOf(neighbors[i]);
            const next = neighbors[i + 1];
            if (word === 'distance' && next?.kind === 'number' && Number.isInteger(next.value) && next.value >= 1) {
                config.distance = next.value;
                i += 2;
            } else if (word === 'in' && next && (wordOf(next) === 'current' || wordOf(next) === 'full')) {
                config.within = wordOf(next) as 'current' | 'full';
                i += 2;
            } else if (word === 'filter') {
                let j = i + 1;
                if (neighbors[j] && wordOf(neighbors[j]) === 'better_than') j++;
                const what = neighbors[j] ? wordOf(neighbors[j]) : undefined;
                if (what !== 'median' && what !== 'mean' && what !== 'seed' && what !== 'none') {
                    r.expected('neighbors', undefined);
                    break;
                }
                config.filter = what;
                i = j + 1;
            } else {
                r.expected('neighbors', undefined);
                break;
            }
        }
    }
    const stop = r.values('stop');
    if (stop !== undefined) {
        const call = stop.length === 1 && stop[0].kind === 'call' && stop[0].name === 'plateau' ? stop[0] : undefined;
        if (!call) r.expected('stop', undefined);
        else {
            for (const arg of call.args) {
                if (arg.name === 'patience' && arg.value.kind === 'number' && Number.isInteger(arg.value.value) && arg.value.value >= 1) config.patience = arg.value.value;
                else if (arg.name === 'delta' && arg.value.kind === 'number' && arg.value.value >= 0) config.delta = arg.value.value;
                else r.expected('stop', undefined, `bad argument ${arg.name ?? '(unnamed)'}: patience is a whole number >= 1, delta a number >= 0`);
            }
        }
    }
    config.maxIterations = r.number('max_iterations', d.maxIterations, { integer: true, min: 1 });
    config.seed = r.number('seed', d.seed, { integer: true });
    r.done();
    return { config, reader: r };
}

/**
 * LISSNAS (Gopal et al., IJCAI 2023), as this project reads it:
 *
 *   S_0 = the full space. Iteration t = 1, 2, ...:
 *     1. sample N distinct architectures from S_{t-1} and evaluate them;
 *     2. stop test on the sample mean (plateau: no gain > delta over the best mean so far for `patience` iterations);
 *     3. the top k are seeds; each seed's pocket = the seed + its neighbours within distance d
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
    for (let iteration = 1; iteration <= config.maxIterations; iteration++) {
        const sample = sampleDistinct(current, config.sample, rng);
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
        // Plateau test on the sample mean: S_{t-1} is judged by its own sample.
        if (meanScore > bestMeanScore + config.delta) {
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

/** Seeds = top k of the sample by score (ties by key, for determinism); one pocket per seed. */
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
    const seeds = ranked.slice(0, k);
    const scores = sample.map((x) => x.score!);
    const threshold = config.filter === 'median' ? median(scores) : config.filter === 'mean' ? mean(scores) : undefined;
    const pockets: PolicyPocket[] = [];
    for (const seed of seeds) {
        let members = neighbourSpace.neighbors(seed.genotype, config.distance);
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

function sizeOf(space: SearchSpace): number {
    return typeof space.size === 'bigint' ? Number(space.size) : Infinity;
}
