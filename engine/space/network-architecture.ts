import type { NetworkArchitecture } from '../registry/types.js';
import type { SpaceSpec } from '../spec.js';
import { compileSpace, locateCell } from './compile.js';
import { locateChain } from './locate-chain.js';
import { locateDarts } from './locate-darts.js';
import { locateGraph } from './locate-graph.js';

/**
 * The kind of network a space's own `network` block shapes, found as the cost model and the neural plans find it:
 * around its one NB201-style cell (compile.ts `locateCell`), else its one layer chain (locate-chain.ts), else its
 * DARTS cells (locate-darts.ts), else its one NB101-style graph (locate-graph.ts). undefined when the space has none of
 * them (hyperparameters only), several, or does not compile (its diagnostics say why).
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
    if (darts !== undefined) return typeof darts === 'string' ? undefined : 'darts';
    const graph = locateGraph(spec, space);
    return graph === undefined || graph === 'several' ? undefined : 'graph';
}
