import { Rng } from '../rng.js';
import type { SearchSpace } from '../space/types.js';
import type { Setting } from '../spec.js';
import { pocketsByComponents, ShrunkSpace } from '../space/shrunk.js';
import { sampleDistinct } from './sampling.js';
import { resolveCount, SettingsReader, type CountOrPercent } from './settings.js';
import type { PolicyResult } from './types.js';

export interface RandomShrinkConfig {
    /** Kept size: a count, a percentage of the space, or `match` (another policy's result size, given by the caller). */
    keep: CountOrPercent | { kind: 'match' };
    seed: number;
}

export const RANDOM_SHRINK_DEFAULTS: RandomShrinkConfig = { keep: { kind: 'percent', value: 5 }, seed: 0 };

export const RANDOM_SHRINK_SETTINGS = {
    keep: 'a count (`keep 500`) or a percentage of the space (`keep 5%`)',
    match: 'a policy name: keep as many members as that policy\'s result',
    seed: 'a whole number (random seed)',
} as const;

/** `match NAME` may be on the PolicySpec (spec.match: pass `matched = true`) or left among the settings. */
export function readRandomShrinkSettings(owner: string, settings: readonly Setting[], matched: boolean, collect = false) {
    const r = new SettingsReader(owner, settings, RANDOM_SHRINK_SETTINGS, collect);
    if (r.has('match')) {
        matched = true;
        if (r.name('match', undefined) === undefined) r.expected('match', undefined);
    }
    const config: RandomShrinkConfig = { ...RANDOM_SHRINK_DEFAULTS };
    const keep = r.values('keep');
    if (matched && keep !== undefined) r.report('keep', `${owner}: \`keep\` and \`match\` both size the result; give only one`);
    if (matched) config.keep = { kind: 'match' };
    else if (keep !== undefined) config.keep = keep.length === 1 ? r.countOrPercent('keep', keep[0], RANDOM_SHRINK_DEFAULTS.keep as CountOrPercent) : r.expected('keep', RANDOM_SHRINK_DEFAULTS.keep);
    config.seed = r.number('seed', 0, { integer: true });
    r.done();
    return { config, reader: r };
}

/**
 * The control: a uniform random subset of the space of the requested size, no evaluation (0 queries).
 * Pockets are the subset's connected components at distance 1 (each with its first member as seed), so the result
 * has the same shape as the other policies'.
 */
export function runRandomShrink(space: SearchSpace, config: RandomShrinkConfig, matchSize?: number): PolicyResult {
    let target: number;
    if (config.keep.kind === 'match') {
        if (matchSize === undefined) throw new Error('policy random_shrink: `match` needs the matched policy to run first (no size was given)');
        target = matchSize;
    } else {
        if (typeof space.size !== 'bigint') throw new Error(`policy random_shrink: space ${space.name} is continuous; give \`keep N\` with a quantized space`);
        target = config.keep.kind === 'count' ? config.keep.value : resolveCount(config.keep, Number(space.size));
    }
    const members = sampleDistinct(space, target, new Rng(config.seed));
    const shrunk = new ShrunkSpace(space, pocketsByComponents(space, members, 1));
    return { kind: 'random_shrink', space: shrunk, members: [...shrunk.members], pockets: [...shrunk.pockets], history: [], queries: 0, stoppedBy: 'complete' };
}
