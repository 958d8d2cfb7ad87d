import type { WireGraph, WireGraphOp } from '../../protocol/neural-worker.js';
import { pruneGraph } from '../canonical/graph.js';
import type { GraphSpec, OpSpec } from '../spec.js';
import { addCost, batchNorm, conv, linear, ZERO_COST, type Cost } from './layers.js';
import { kernelArg, wireOp } from './ops.js';

/**
 * FLOPs and parameters of a NAS-Bench-101 graph network (workers/torch/nb101.py, after nasbench's model_builder.py),
 * in layers.ts's conventions. The parity test (test/engine/neural/nb101-parity.test.ts) checks torch's
 * `sum(p.numel())` and hooked FLOPs against this, and the dataset's 2,694,282 parameters for its README cell.
 *
 *   stem: Conv3x3(inputChannels -> stem) + BN (+ ReLU)
 *   stacks of `cellsPerStage` cells, stack i at `stacks[i]` channels (NAS-Bench-101's: [stem, 2 stem, 4 stem]); before
 *   every stack but the first MaxPool 2x2 stride 2 (ceil: TF's 'same'); every cell on the pruned graph: each vertex's op at its channels (conv_bn_relu: Conv kxk + BN;
 *   pooling and identity free), and a Conv1x1 + BN projection of the cell input into every vertex (the output included)
 *   the input feeds; slices, sums and the concatenation are free
 *   head: global average pooling, Linear(last stack's channels -> classes)
 */
export interface GraphShape {
    classes: number;
    inputSize: number;
    inputChannels: number;
}


/** A graph's vertex ops as its builders and graphCost take them (graphOp), or why one cannot be. */
export function graphOps(graph: GraphSpec): WireGraphOp[] | string {
    const ops: WireGraphOp[] = [];
    for (const op of graph.ops) {
        const w = graphOp(op);
        if (typeof w === 'string') return w;
        ops.push(w);
    }
    return ops;
}

const NAMED_GRAPH_OP = /^(?:conv(\d+)x\1_bn_relu|(max|avg)pool(\d+)x\3)$/;

/**
 * A graph vertex's op as the NB101 builder knows it: conv_bn_relu(kernel) and max/avg pooling by implementation or by
 * NAS-Bench-101's names (`conv3x3_bn_relu`, `conv1x1_bn_relu`, `maxpool3x3`), DARTS/NB201's pooling names, identity.
 * Odd kernels only: 'same' padding keeps the resolution, which the vertex sums need.
 */
export function graphOp(op: OpSpec): WireGraphOp | string {
    const TAKES = '(a graph vertex takes conv_bn_relu, max_pool, avg_pool and identity: NAS-Bench-101\'s conv3x3_bn_relu, conv1x1_bn_relu and maxpool3x3)';
    const named = op.impl === undefined ? NAMED_GRAPH_OP.exec(op.name) : null;
    let w: WireGraphOp | string;
    if (named) {
        w = named[1] !== undefined ? { kind: 'conv_bn_relu', kernel: Number(named[1]) } : { kind: 'pool', kernel: Number(named[3]), mode: named[2] as 'max' | 'avg' };
    } else if (op.impl?.toLowerCase() === 'conv_bn_relu') {
        const kernel = kernelArg(op);
        if (typeof kernel === 'string') return kernel;
        w = { kind: 'conv_bn_relu', kernel };
    } else {
        const cell = wireOp(op);
        if (typeof cell === 'string') return `${cell} ${TAKES}`;
        if (cell.kind !== 'pool' && cell.kind !== 'identity') return `op '${op.name}' (${cell.kind}) is not a graph vertex op ${TAKES}`;
        w = cell;
    }
    if ('kernel' in w && w.kernel % 2 === 0) return `op '${op.name}': a graph vertex keeps the resolution, so its kernel is odd (this one is ${w.kernel})`;
    return w;
}


export function graphCost(graph: WireGraph, shape: GraphShape, genotype: readonly number[]): Cost {
    const { matrix, ops } = prunedGraph(graph.nodes, genotype);
    let size = shape.inputSize;
    let cost = addCost(conv(shape.inputChannels, graph.stem, 3, size), batchNorm(graph.stem));
    let cin = graph.stem;
    graph.stacks.forEach((c, stack) => {
        if (stack > 0) size = Math.ceil(size / 2);
        for (let cell = 0; cell < graph.cellsPerStage; cell++) {
            cost = addCost(cost, cellCost(matrix, ops.map((o) => graph.ops[o]), cin, c, size));
            cin = c;
        }
    });
    return addCost(cost, linear(cin, shape.classes));
}

function cellCost(matrix: number[][], ops: WireGraphOp[], cin: number, cout: number, size: number): Cost {
    const n = matrix.length;
    const channels = vertexChannels(cin, cout, matrix);
    let cost = ZERO_COST;
    for (let t = 1; t < n; t++) {
        if (matrix[0][t]) cost = addCost(cost, addCost(conv(cin, channels[t], 1, size), batchNorm(channels[t])));
        const op = ops[t - 1];
        if (t < n - 1 && op.kind === 'conv_bn_relu') cost = addCost(cost, addCost(conv(channels[t], channels[t], op.kernel, size), batchNorm(channels[t])));
    }
    return cost;
}

/**
 * The reference's compute_vertex_channels: the output's channels split over the vertices feeding it (the remainder one
 * each to the first of them), every other interior vertex as wide as the widest vertex it feeds. Also the tfjs
 * builder's (workers/tfjs/graph-network.ts), so the network it builds is the one counted here.
 */
export function vertexChannels(cin: number, cout: number, matrix: number[][]): number[] {
    const n = matrix.length;
    const channels = new Array<number>(n).fill(0);
    channels[0] = cin;
    channels[n - 1] = cout;
    if (n === 2) return channels;
    let feeding = 0;
    for (let v = 1; v < n - 1; v++) feeding += matrix[v][n - 1];
    const base = Math.floor(cout / feeding);
    let extra = cout % feeding;
    for (let v = 1; v < n - 1; v++) {
        if (!matrix[v][n - 1]) continue;
        channels[v] = base + (extra > 0 ? 1 : 0);
        if (extra > 0) extra--;
    }
    // Backwards, so a vertex's successors are sized first (n - 2 can only feed the output).
    for (let v = n - 3; v > 0; v--) {
        if (matrix[v][n - 1]) continue;
        for (let d = v + 1; d < n - 1; d++) if (matrix[v][d]) channels[v] = Math.max(channels[v], channels[d]);
    }
    return channels;
}

/** The adjacency matrix a graph genotype's bits (the upper triangle row by row: engine/space/graph.ts) give. */
export function graphMatrix(nodes: number, genotype: readonly number[]): number[][] {
    const matrix = Array.from({ length: nodes }, () => new Array<number>(nodes).fill(0));
    let k = 0;
    for (let i = 0; i < nodes; i++) for (let j = i + 1; j < nodes; j++) matrix[i][j] = genotype[k++] ? 1 : 0;
    return matrix;
}

/**
 * The genotype's graph (adjacency bits of the upper triangle row by row, then each inner vertex's op index:
 * engine/space/graph.ts) pruned as NAS-Bench-101 prunes it (engine/canonical/graph.ts), and the op index of each kept
 * inner vertex. Also the tfjs builder's.
 */
export function prunedGraph(nodes: number, genotype: readonly number[]): { matrix: number[][]; ops: number[] } {
    const edges = (nodes * (nodes - 1)) / 2;
    if (genotype.length !== edges + nodes - 2) throw new RangeError(`a graph genotype on ${nodes} vertices has ${edges + nodes - 2} numbers, got ${genotype.length}`);
    const pruned = pruneGraph(graphMatrix(nodes, genotype), genotype.slice(edges));
    if (!pruned) throw new RangeError('the graph output is not reachable from its input');
    return { matrix: pruned.matrix, ops: pruned.ops.slice(1, -1) };
}
