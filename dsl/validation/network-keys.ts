/**
 * `network` block keys for another kind of network: `cells_per_stage` or `reduction` beside a layer chain,
 * `strides` or `head` around a cell, `stages` or `reduction` around DARTS cells, and a chain's `stages` without `strides`. The engine decides (which network
 * the block shapes: engine/space/network-architecture.ts; what it cannot use: engine/space/network-keys.ts, from the
 * registry's `architecture` of each key); each problem is reported on its key.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { networkKind } from '../../engine/registry/kinds/network.js';
import { networkArchitecture } from '../../engine/space/network-architecture.js';
import { networkKeyProblems } from '../../engine/space/network-keys.js';
import { spaceSpecOf } from './space-size.js';

/** Keys whose use depends on the kind of network (only a block that writes one needs the space compiled). */
const DEPENDS = new Set(['stages', ...Object.values(networkKind.settings).flatMap((s) => (s.architectures ? [s.key] : []))]);

export function networkKeyChecks(): ValidationChecks<ast.NasAstType> {
    return { Network: checkNetworkKeys };
}

function checkNetworkKeys(network: ast.Network, accept: ValidationAcceptor): void {
    if (!network.settings.some((s) => DEPENDS.has(s.key))) return;
    const spec = spaceSpecOf(network.$container, network);
    if (!spec?.network) return;
    const architecture = networkArchitecture(spec);
    if (!architecture) return;
    for (const problem of networkKeyProblems(spec.network, architecture)) {
        const setting = network.settings.find((s) => s.key === problem.key);
        if (setting) accept('error', problem.message, { node: setting, property: 'key' });
    }
}
