import type { NetworkArchitecture } from '../registry/types.js';
import type { SpaceSpec } from '../spec.js';
import { compileSpace, locateCell } from './compile.js';
import { locateChain } from './locate-chain.js';

/**
 * The kind of network a space's own `network` block shapes, found as the cost model and the neural plans find it:
 * around its one NB201-style cell (compile.ts `locateCell`), else its one layer chain (locate-chain.ts). undefined
 * when the space has neither (graph, DARTS, hyperparameters), several, or does not compile (its diagnostics say why).
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
    return chain === undefined || chain === 'several' ? undefined : 'chain';
}
