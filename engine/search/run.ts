import type { CachedEvaluator } from '../evaluate/cache.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { SearchSpec, Setting } from '../spec.js';
import { evolutionKind } from '../registry/kinds/evolution.js';
import { localSearchKind } from '../registry/kinds/local-search.js';
import { randomSearchKind } from '../registry/kinds/random-search.js';
import { SettingsReader, withReferences, type SettingsError } from '../registry/settings-reader.js';
import type { KindDeclaration } from '../registry/types.js';
import { EVOLUTION_DEFAULTS, runEvolution } from './evolution.js';
import { LOCAL_SEARCH_DEFAULTS, runLocalSearch } from './local.js';
import { RANDOM_SEARCH_DEFAULTS, runRandomSearch } from './random.js';
import { checkStart } from './start.js';
import type { SearchResult } from './tracker.js';

export const SEARCH_KINDS = ['random', 'evolution', 'local'] as const;

/** The registry entry of each search kind (its settings, shapes and defaults). */
const SEARCH_KINDS_DECLARED: Readonly<Record<string, KindDeclaration>> = { random: randomSearchKind, evolution: evolutionKind, local: localSearchKind };

export type SearchConfig =
    | { kind: 'random'; budget: number | undefined; seed: number; batch: number }
    | { kind: 'evolution'; budget: number | undefined; seed: number; population: number; sampleSize: number }
    | { kind: 'local'; budget: number | undefined; seed: number; distance: number };

/** Reads a search's settings (with `evaluate E` among them); collecting mode for the language server. */
export function readSearchSettings(owner: string, kind: string, settings: readonly Setting[], collect = false): { config: SearchConfig; reader: SettingsReader } {
    const declaration = SEARCH_KINDS_DECLARED[kind];
    if (!declaration) throw new Error(`${owner}: unknown search kind '${kind}' (known: ${SEARCH_KINDS.join(', ')})`);
    const r = new SettingsReader(owner, settings, declaration, collect);
    const budget = r.read(randomSearchKind.settings.budget);
    const seed = r.get(randomSearchKind.settings.seed, 0);
    let config: SearchConfig;
    if (kind === 'random') config = { kind, budget, seed, batch: r.get(randomSearchKind.settings.batch, RANDOM_SEARCH_DEFAULTS.batch) };
    else if (kind === 'evolution') {
        const E = evolutionKind.settings;
        const population = r.get(E.population, EVOLUTION_DEFAULTS.population);
        const tournament = r.read(E.tournament);
        if (tournament !== undefined && tournament > population) r.report('tournament', `tournament ${tournament} is larger than the population (${population})`, undefined, { index: 0 });
        config = { kind, budget, seed, population, sampleSize: Math.min(tournament ?? EVOLUTION_DEFAULTS.sampleSize, population) };
    } else config = { kind: 'local', budget, seed, distance: r.get(localSearchKind.settings.neighbors, { distance: LOCAL_SEARCH_DEFAULTS.distance }).distance };
    r.done();
    return { config, reader: r };
}

/** Every settings problem of a search declaration (for the language server). */
export function validateSearchSettings(spec: SearchSpec): SettingsError[] {
    if (!SEARCH_KINDS_DECLARED[spec.kind]) return [];
    return readSearchSettings(`search ${spec.name}`, spec.kind, settingsOf(spec), true).reader.problems;
}

/** Runs one search with an explicit budget (queries), from `start` when given (engine/search/start.ts). */
export function runSearchConfig(config: SearchConfig, space: SearchSpace, evaluator: CachedEvaluator, budget: number, signal?: AbortSignal, start?: Genotype): Promise<SearchResult> {
    const from = start ? { start } : {};
    switch (config.kind) {
        case 'random':
            return runRandomSearch(space, evaluator, budget, { seed: config.seed, batch: config.batch, ...from }, signal);
        case 'evolution':
            return runEvolution(space, evaluator, budget, { seed: config.seed, population: config.population, sampleSize: config.sampleSize, ...from }, signal);
        case 'local':
            return runLocalSearch(space, evaluator, budget, { seed: config.seed, distance: config.distance, ...from }, signal);
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
    /** The architecture evaluated first (engine/search/start.ts); must be a member of `space`. */
    start?: Genotype;
}

/** Runs the search a `search NAME = kind(TARGET) { ... }` declaration describes. */
export async function runSearch(spec: SearchSpec, deps: SearchDeps): Promise<SearchResult> {
    const owner = `search ${spec.name}`;
    const { config } = readSearchSettings(owner, spec.kind, settingsOf(spec));
    const total = deps.budget ?? config.budget;
    if (total === undefined) throw new Error(`${owner}: missing setting \`budget\` (${randomSearchKind.settings.budget.doc})`);
    if (deps.start) checkStart(deps.space, deps.start, owner);
    return runSearchConfig(config, deps.space, deps.evaluator, remainingBudget(total, deps.policyQueries ?? 0, owner), deps.signal, deps.start);
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

/** The settings a search's reader sees: its `key values` settings and its `evaluate` reference. */
function settingsOf(spec: SearchSpec): Setting[] {
    return withReferences(spec.settings, { evaluate: spec.evaluator });
}
