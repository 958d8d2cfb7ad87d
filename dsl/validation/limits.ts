/**
 * Numbers absurd for their setting (`nodes 1000`, `cells_per_stage 1e21`, `nodes 1e400`) get a located
 * error here, from the limits the engine enforces (engine/limits.ts). The other checks skip a number over its
 * limit and every computation (sizes, cost models) is refused for it, so one typo costs one diagnostic and
 * no time: before these checks `nodes 2147483648` built an edge list until the server ran out of memory.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { LIMITS, overLimit } from '../../engine/limits.js';

export function limitChecks(): ValidationChecks<ast.NasAstType> {
    return {
        NodesSetting: (setting, accept) => {
            const cell = setting.$container;
            const darts = ast.isCell(cell) && cell.settings.some((s) => ast.isInputsSetting(s) || ast.isPickSetting(s));
            report(overLimit(darts ? 'nodes (DARTS-style cell)' : 'nodes', setting.count, darts ? LIMITS.dartsNodes : LIMITS.cellNodes), setting, accept);
        },
        InputsSetting: (setting, accept) => report(overLimit('inputs', setting.count, LIMITS.dartsInputs), setting, accept),
        PickSetting: (setting, accept) => report(overLimit('pick', setting.count, LIMITS.dartsInputs), setting, accept),
        MaxNodesSetting: (setting, accept) => report(overLimit('max_nodes', setting.count, LIMITS.graphNodes), setting, accept),
        MaxEdgesSetting: (setting, accept) => report(overLimit('max_edges', setting.count, LIMITS.graphEdges), setting, accept),
        Layers: (layers, accept) => report(overLimit('layers', layers.count, LIMITS.layers), layers, accept),
        Edge: (edge, accept) => {
            for (const end of ['from', 'to'] as const) {
                const problem = overLimit('node number', edge[end], LIMITS.cellNodes);
                if (problem) accept('error', problem, { node: edge, property: end });
            }
        },
        NumberValue: checkFinite,
    };
}

function report(problem: string | undefined, node: ast.NodesSetting | ast.InputsSetting | ast.PickSetting | ast.MaxNodesSetting | ast.MaxEdgesSetting | ast.Layers, accept: ValidationAcceptor): void {
    if (problem) accept('error', problem, { node, property: 'count' });
}

// The `network` block's limits are part of its settings' shapes (engine/registry/kinds/network.ts).

/** `1e400` reads as Infinity: no setting means it, and every message would show `Infinity`. */
function checkFinite(value: ast.NumberValue, accept: ValidationAcceptor): void {
    if (!Number.isFinite(value.value)) {
        accept('error', `this number is too large to represent (more than ${Number.MAX_VALUE.toExponential(1)}): write a smaller one`, { node: value, property: 'value' });
    }
}
