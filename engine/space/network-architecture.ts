import type { NetworkArchitecture } from '../registry/types.js';
import type { SpaceSpec } from '../spec.js';
import { compileSpace, locateCell } from './compile.js';
import { locateChain } from './locate-chain.js';
import { locateDarts } from './locate-darts.js';

/**
 * The kind of network a space's own `network` block shapes, found as the cost model and the neural plans find it:
 * around its one NB201-style cell (compile.ts `locateCell`), else its one layer chain (locate-chain.ts), else its
 * DARTS cells (locate-darts.ts). undefined when the space has none of them (graph, hyperparameters), several, or does
 * not compile (its diagnostics say why).
 */
export function networkArchitecture(spec: SpaceSpec): NetworkArchitecture | undefined {
    let space;
    try {
        // Unconstrained: locating reads the components only, and constraints would run the cost model.
        space = compileSpace({ ...spec, constraints: [] });
    } catch {
        return undefined;
    }
    const cell = locateCell(spec, space);
    if (cell !== undefined) return cell === 'several' ? undefined : 'cell';
    const chain = locateChain(spec, space);
    if (chain !== undefined) return chain === 'several' ? undefined : 'chain';
    const darts = locateDarts(spec, space);
    return darts === undefined || typeof darts === 'string' ? undefined : 'darts';
}
