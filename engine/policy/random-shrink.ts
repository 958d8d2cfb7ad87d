import { Rng } from '../rng.js';
import type { SearchSpace } from '../space/types.js';
import type { Setting } from '../spec.js';
import { pocketsByComponents, ShrunkSpace } from '../space/shrunk.js';
import { sampleDistinct } from './sampling.js';
import { randomShrinkKind } from '../registry/kinds/random-shrink.js';
import { SettingsReader } from '../registry/settings-reader.js';
import { resolveCount, type CountOrPercent } from '../registry/shapes.js';
import type { PolicyResult } from './types.js';

export interface RandomShrinkConfig {
    /** Kept size: a count, a percentage of the space, or `match` (another policy's result size, given by the caller). */
    keep: CountOrPercent | { kind: 'match' };
    seed: number;
}

export const RANDOM_SHRINK_DEFAULTS: RandomShrinkConfig = { keep: { kind: 'percent', value: 5 }, seed: randomShrinkKind.settings.seed.default! };

/**
 * `match NAME` is on the PolicySpec (spec.match: pass `matched = true`) or among the settings. A baseline needs
 * an explicit size: `keep` or `match`, exactly one.
 */
export function readRandomShrinkSettings(owner: string, settings: readonly Setting[], matched: boolean, collect = false) {
    const S = randomShrinkKind.settings;
    const r = new SettingsReader(owner, settings, randomShrinkKind, collect);
    if (r.has('match')) {
        matched = true;
        r.read(S.match);
    }
    const config: RandomShrinkConfig = { ...RANDOM_SHRINK_DEFAULTS };
    const keep = r.read(S.keep);
    if (matched && r.has('keep')) r.report('match', 'give either `keep` or `match`, not both');
    else if (!matched && !r.has('keep')) r.report(undefined, 'random_shrink needs `keep <percent>` or `match <policy>` to know how much to keep');
    if (matched) config.keep = { kind: 'match' };
    else if (keep !== undefined) config.keep = keep;
    config.seed = r.get(S.seed, RANDOM_SHRINK_DEFAULTS.seed);
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
