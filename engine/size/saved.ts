/**
 * Size of a saved shrunk space (`space Found = shrunk(NB201, "...")`): its members, counted, not a formula over
 * the base's components. Raw: distinct genotypes (by the base's key); unique: distinct networks (by the base's
 * canonical form, so isomorphic members count once). Exact either way: the members are listed.
 */
import { compileSpace } from '../space/compile.js';
import type { ShrunkSpace } from '../space/shrunk.js';
import type { SavedSpaceSpec, SpaceSpec } from '../spec.js';
import { log10Big } from './bigmath.js';
import type { SpaceSize } from './types.js';

export function savedSpaceSize(space: SpaceSpec): SpaceSize {
    const shrunk = compileSpace(space) as unknown as ShrunkSpace;
    const raw = BigInt(shrunk.members.length);
    const unique = BigInt(new Set(shrunk.members.map((g) => shrunk.canonical(g))).size);
    return { raw, unique, exact: true, log10Raw: log10Big(raw), log10Unique: log10Big(unique), note: `${originText(space.saved!)}; ${shrunk.pockets.length} pocket(s)` };
}

/** `saved in runs/x/result.json by policy Lissnas (seed 0, dataset c10)`: where a saved space came from. */
export function originText(saved: SavedSpaceSpec): string {
    const o = saved.origin ?? {};
    const details = [o.seed !== undefined ? `seed ${o.seed}` : '', o.dataset !== undefined ? `dataset ${o.dataset}` : ''].filter(Boolean).join(', ');
    return `saved in ${saved.path}${o.policy !== undefined ? ` by policy ${o.policy}` : ''}${details ? ` (${details})` : ''}`;
}
