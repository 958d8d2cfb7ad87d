/**
 * Cell and graph shapes: node counts, edges, DARTS picks, op lists, and outputs that no choice of ops can
 * reach (explicit edges that never lead to the output node, or op lists whose every op is `none`).
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { isZeroOp } from './op-catalogue.js';
import { DiagnosticCode } from './codes.js';
import { LIMITS } from '../../engine/limits.js';

export function cellChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Cell: checkCell,
        Graph: checkGraph,
    };
}

/** The settings of a cell, each the last of its kind, plus those given twice. */
function settingsOf<T extends ast.CellSetting | ast.GraphSetting>(settings: T[], accept: ValidationAcceptor): Map<string, T> {
    const byType = new Map<string, T>();
    for (const setting of settings) {
        if (byType.has(setting.$type)) {
            accept('error', `\`${keywordOf(setting)}\` is given twice`, { node: setting, keyword: keywordOf(setting) });
        }
        byType.set(setting.$type, setting);
    }
    return byType;
}

const KEYWORDS: Record<string, string> = {
    NodesSetting: 'nodes',
    EdgesSetting: 'edges',
    OpsSetting: 'ops',
    InputsSetting: 'inputs',
    PickSetting: 'pick',
    MaxNodesSetting: 'max_nodes',
    MaxEdgesSetting: 'max_edges',
};

function keywordOf(setting: ast.CellSetting | ast.GraphSetting): string {
    return KEYWORDS[setting.$type];
}

/** Where to report a problem of the whole cell: its name if it has one, else the `cell` keyword. */
function cellAnchor(cell: ast.Cell) {
    return cell.name ? { node: cell, property: 'name' as const } : { node: cell, keyword: 'cell' };
}

function checkCell(cell: ast.Cell, accept: ValidationAcceptor): void {
    if (cell.copyOf) {
        const original = cell.copyOf.ref;
        if (original === cell) accept('error', 'a cell cannot be a copy of itself', { node: cell, property: 'copyOf' });
        else if (original?.copyOf) accept('error', `'${original.name}' is itself a copy: copy the cell that has a body`, { node: cell, property: 'copyOf' });
        return;
    }
    const settings = settingsOf(cell.settings, accept);
    const nodes = settings.get('NodesSetting') as ast.NodesSetting | undefined;
    const ops = settings.get('OpsSetting') as ast.OpsSetting | undefined;
    const edges = settings.get('EdgesSetting') as ast.EdgesSetting | undefined;
    const inputs = settings.get('InputsSetting') as ast.InputsSetting | undefined;
    const pick = settings.get('PickSetting') as ast.PickSetting | undefined;
    if (!nodes) accept('error', 'a cell needs `nodes N`', cellAnchor(cell));
    if (!ops) accept('error', 'a cell needs `ops` (an op set name or a list of ops)', cellAnchor(cell));
    const darts = inputs !== undefined || pick !== undefined;
    if (darts) checkDartsCell(nodes, inputs, pick, edges, accept);
    else checkFixedCell(nodes, edges, ops, accept);
}

function wholeAtLeast(setting: { count: number } & ast.CellSetting, min: number, what: string, accept: ValidationAcceptor): boolean {
    // Over its limit (or Infinity): limits.ts reports it, and nothing below may loop over it.
    if (setting.count === undefined || !Number.isFinite(setting.count) || setting.count > LIMITS.cellNodes) return false; // no number: a syntax error
    if (!Number.isInteger(setting.count) || setting.count < min) {
        accept('error', `${what} must be a whole number >= ${min}, not ${setting.count}`, { node: setting, property: 'count' });
        return false;
    }
    return true;
}

function checkDartsCell(
    nodes: ast.NodesSetting | undefined,
    inputs: ast.InputsSetting | undefined,
    pick: ast.PickSetting | undefined,
    edges: ast.EdgesSetting | undefined,
    accept: ValidationAcceptor,
): void {
    if (edges) accept('error', 'a DARTS-style cell (inputs/pick) chooses its own edges: remove `edges`', { node: edges, keyword: 'edges' });
    const nodesOk = nodes ? wholeAtLeast(nodes, 1, 'nodes (intermediate nodes)', accept) : false;
    const inputsOk = inputs ? wholeAtLeast(inputs, 1, 'inputs', accept) : true;
    const pickOk = pick ? wholeAtLeast(pick, 1, 'pick', accept) : true;
    if (!nodesOk || !inputsOk || !pickOk) return;
    const inputCount = inputs?.count ?? 2;
    const pickCount = pick?.count ?? 2;
    // Intermediate node i (0-based) may pick among the inputs and the i nodes before it; the first has fewest.
    if (pick && pickCount > inputCount) {
        accept('error', `pick ${pickCount} exceeds the ${inputCount} predecessors of the first intermediate node (it can only pick among the ${inputCount} inputs)`, { node: pick, property: 'count' });
    }
}

function checkFixedCell(nodes: ast.NodesSetting | undefined, edges: ast.EdgesSetting | undefined, ops: ast.OpsSetting | undefined, accept: ValidationAcceptor): void {
    if (!nodes || !wholeAtLeast(nodes, 2, 'nodes (input and output included)', accept)) return;
    const n = nodes.count;
    let edgeList: Array<[number, number]> = [];
    if (!edges || edges.all) {
        for (let to = 1; to < n; to++) for (let from = 0; from < to; from++) edgeList.push([from, to]);
    } else {
        if (edges.edges.length === 0) accept('error', 'the edge list is empty: the output cannot be reached', { node: edges, keyword: 'edges' });
        const seen = new Set<string>();
        let valid = true;
        edges.edges.forEach((edge) => {
            const { from, to } = edge;
            if (!Number.isInteger(from) || !Number.isInteger(to)) {
                accept('error', 'edge ends are node numbers (whole numbers)', { node: edge });
                valid = false;
            } else if (from >= to) {
                accept('error', `edge ${from} -> ${to} goes backwards: edges go from a lower to a higher node`, { node: edge, code: DiagnosticCode.BackwardEdge });
                valid = false;
            } else if (from < 0 || to >= n) {
                accept('error', `edge ${from} -> ${to} is out of range: nodes are 0..${n - 1}`, { node: edge, property: from < 0 ? 'from' : 'to' });
                valid = false;
            } else if (seen.has(`${from}:${to}`)) {
                accept('error', `duplicate edge ${from} -> ${to}`, { node: edge });
                valid = false;
            }
            seen.add(`${from}:${to}`);
        });
        if (!valid) return;
        edgeList = edges.edges.map((e) => [e.from, e.to]);
        if (edgeList.length > 0 && !reaches(edgeList, 0, n - 1)) {
            accept('error', `the output node ${n - 1} is unreachable from the input node 0 through these edges, for every choice of ops`, { node: edges, keyword: 'edges' });
            return;
        }
    }
    if (ops && allOpsAreZero(ops)) {
        accept('error', `every op of this cell is 'none': the output is unreachable for every choice`, { node: ops, ...(ops.opSet ? { property: 'opSet' as const } : { keyword: 'ops' }) });
    }
}

/** Whether `target` is reachable from `source` along the (directed) edges. */
function reaches(edges: Array<[number, number]>, source: number, target: number): boolean {
    const reached = new Set([source]);
    for (const [from, to] of [...edges].sort((a, b) => a[0] - b[0])) if (reached.has(from)) reached.add(to);
    return reached.has(target);
}

function allOpsAreZero(ops: ast.OpsSetting): boolean {
    if (ops.opSet) {
        const set = ops.opSet.ref;
        return set !== undefined && set.ops.length > 0 && set.ops.every((op) => isZeroOp(op.name, op.impl?.kind));
    }
    return ops.inline.length > 0 && ops.inline.every((op) => isZeroOp(op.name));
}

function checkGraph(graph: ast.Graph, accept: ValidationAcceptor): void {
    const settings = settingsOf(graph.settings, accept);
    const maxNodes = settings.get('MaxNodesSetting') as ast.MaxNodesSetting | undefined;
    const maxEdges = settings.get('MaxEdgesSetting') as ast.MaxEdgesSetting | undefined;
    const ops = settings.get('OpsSetting') as ast.OpsSetting | undefined;
    const anchor = graph.name ? { node: graph, property: 'name' as const } : { node: graph, keyword: 'graph' };
    if (!maxNodes) accept('error', 'a graph needs `max_nodes N` (input and output included)', anchor);
    if (!ops) accept('error', 'a graph needs `ops` (an op set name or a list of ops)', anchor);
    if (maxNodes && (maxNodes.count === undefined || !Number.isFinite(maxNodes.count) || maxNodes.count > LIMITS.graphNodes)) return; // a syntax error or limits.ts reports it
    if (maxNodes && (!Number.isInteger(maxNodes.count) || maxNodes.count < 2)) {
        accept('error', `max_nodes must be a whole number >= 2 (input and output), not ${maxNodes.count}`, { node: maxNodes, property: 'count' });
        return;
    }
    if (maxEdges && (maxEdges.count === undefined || !Number.isFinite(maxEdges.count) || maxEdges.count > LIMITS.graphEdges)) {
        // limits.ts reports it
    } else if (maxEdges && (!Number.isInteger(maxEdges.count) || maxEdges.count < 1)) {
        accept('error', `max_edges must be a whole number >= 1 (the output must be reachable), not ${maxEdges.count}`, { node: maxEdges, property: 'count' });
    } else if (maxEdges && maxNodes) {
        const possible = (maxNodes.count * (maxNodes.count - 1)) / 2;
        if (maxEdges.count > possible) {
            accept('warning', `max_edges ${maxEdges.count} exceeds the ${possible} edges a DAG on ${maxNodes.count} nodes can have`, { node: maxEdges, property: 'count' });
        }
    }
    if (ops && allOpsAreZero(ops)) {
        accept('error', `every op of this graph is 'none': the output is unreachable for every choice`, { node: ops, ...(ops.opSet ? { property: 'opSet' as const } : { keyword: 'ops' }) });
    }
}
