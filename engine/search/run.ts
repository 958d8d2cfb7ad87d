import type { CachedEvaluator } from '../evaluate/cache.js';
import type { SearchSpace } from '../space/types.js';
import type { SearchSpec, Setting } from '../spec.js';
import { SettingsReader, wordOf, type SettingsError } from '../policy/settings.js';
import { EVOLUTION_DEFAULTS, runEvolution } from './evolution.js';
import { LOCAL_SEARCH_DEFAULTS, runLocalSearch } from './local.js';
import { RANDOM_SEARCH_DEFAULTS, runRandomSearch } from './random.js';
import type { SearchResult } from './tracker.js';

export const SEARCH_KINDS = ['random', 'evolution', 'local'] as const;

const COMMON = {
    evaluate: 'an evaluator name (read by the compiler; listed so that it is accepted here)',
    budget: 'a whole number of queries, e.g. `budget 200`',
    seed: 'a whole number (random seed)',
} as const;

export const SEARCH_SETTINGS: Record<string, Readonly<Record<string, string>>> = {
    random: { ...COMMON, batch: 'a whole number >= 1 (genotypes per evaluation batch)' },
    evolution: {
        ...COMMON,
        population: 'a whole number >= 1',
        tournament: 'a whole number >= 1 (tournament sample size, at most the population)',
        sample_size: 'a whole number >= 1 (same as `tournament`)',
    },
    local: { ...COMMON, neighbors: '`distance D` with a whole number D >= 1 (neighbourhood radius), e.g. `neighbors distance 1`' },
};

export type SearchConfig =
    | { kind: 'random'; budget: number | undefined; seed: number; batch: number }
    | { kind: 'evolution'; budget: number | undefined; seed: number; population: number; sampleSize: number }
    | { kind: 'local'; budget: number | undefined; seed: number; distance: number };

/** `neighbors distance D` (or `neighbors D`), the same form as a lissnas policy's. */
function readNeighborDistance(r: SettingsReader): number {
    const values = r.values('neighbors');
    if (values === undefined) return LOCAL_SEARCH_DEFAULTS.distance;
    const number = values.length === 2 && wordOf(values[0]) === 'distance' ? values[1] : values.length === 1 ? values[0] : undefined;
    if (number?.kind !== 'number' || !Number.isInteger(number.value) || number.value < 1) return r.expected('neighbors', LOCAL_SEARCH_DEFAULTS.distance);
    return number.value;
}

export function readSearchSettings(owner: string, kind: string, settings: readonly Setting[], collect = false): { config: SearchConfig; reader: SettingsReader } {
    const usage = SEARCH_SETTINGS[kind];
    if (!usage) throw new Error(`${owner}: unknown search kind '${kind}' (known: ${SEARCH_KINDS.join(', ')})`);
    const r = new SettingsReader(owner, settings, usage, collect);
    const budget = r.has('budget') ? r.number('budget', 0, { integer: true, min: 0 }) : undefined;
    const seed = r.number('seed', 0, { integer: true });
    let config: SearchConfig;
    if (kind === 'random') config = { kind, budget, seed, batch: r.number('batch', RANDOM_SEARCH_DEFAULTS.batch, { integer: true, min: 1 }) };
    else if (kind === 'evolution') {
        const population = r.number('population', EVOLUTION_DEFAULTS.population, { integer: true, min: 1 });
        if (r.has('tournament') && r.has('sample_size')) r.report('sample_size', `${owner}: \`tournament\` and \`sample_size\` are the same setting; give one`);
        const key = r.has('sample_size') ? 'sample_size' : 'tournament';
        const sampleSize = r.number(key, Math.min(EVOLUTION_DEFAULTS.sampleSize, population), { integer: true, min: 1, max: population });
        config = { kind, budget, seed, population, sampleSize };
    } else config = { kind: 'local', budget, seed, distance: readNeighborDistance(r) };
    r.done();
    return { config, reader: r };
}

/** Every settings problem of a search declaration (for the language server). */
export function validateSearchSettings(spec: SearchSpec): SettingsError[] {
    if (!SEARCH_SETTINGS[spec.kind]) return [];
    return readSearchSettings(`search ${spec.name}`, spec.kind, spec.settings, true).reader.problems;
}

/** Runs one search with an explicit budget (queries). */
export function runSearchConfig(config: SearchConfig, space: SearchSpace, evaluator: CachedEvaluator, budget: number, signal?: AbortSignal): Promise<SearchResult> {
    switch (config.kind) {
        case 'random':
            return runRandomSearch(space, evaluator, budget, { seed: config.seed, batch: config.batch }, signal);
        case 'evolution':
            return runEvolution(space, evaluator, budget, { seed: config.seed, population: config.population, sampleSize: config.sampleSize }, signal);
        case 'local':
            return runLocalSearch(space, evaluator, budget, { seed: config.seed, distance: config.distance }, signal);
    }
}

export interface SearchDeps {
    /** The full space, or the policy's shrunk space. */
    space: SearchSpace;
    evaluator: CachedEvaluator;
    /** Queries the target policy already spent (0 for a full space): they count against the same budget. */
    policyQueries?: number;
    /** Overrides the `budget` setting. */
    budget?: number;
    signal?: AbortSignal;
}

/** Runs the search a `search NAME = kind(TARGET) { ... }` declaration describes. */
export async function runSearch(spec: SearchSpec, deps: SearchDeps): Promise<SearchResult> {
    const owner = `search ${spec.name}`;
    const { config } = readSearchSettings(owner, spec.kind, spec.settings);
    const total = deps.budget ?? config.budget;
    if (total === undefined) throw new Error(`${owner}: missing setting \`budget\` (${COMMON.budget})`);
    return runSearchConfig(config, deps.space, deps.evaluator, remainingBudget(total, deps.policyQueries ?? 0, owner), deps.signal);
}

/**
 * Budget left for a search inside a shrunk space: the shrinkage's queries count against the same total, so a
 * comparison "search in full space vs shrink + search" spends the same number of queries on both sides.
 * The search reuses the policy's evaluations through the shared cache (they were paid for once, by the policy).
 */
export function remainingBudget(total: number, policyQueries: number, owner = 'search'): number {
    const left = total - policyQueries;
    if (left < 0) throw new Error(`${owner}: the policy already spent ${policyQueries} queries, more than the total budget ${total}`);
    return left;
}
