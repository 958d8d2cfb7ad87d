import * as tf from '@tensorflow/tfjs-core';
import type { WireGraph, WireGraphOp, WireNetwork } from '../../protocol/neural-worker.js';
import { prunedGraph, vertexChannels } from '../../engine/cost/graph.js';
import { maxPool } from './max-pool.js';
import { averageExcludingPadding, batchNorm, Builder, classifier, conv, relu, type Forward, type Network } from './network.js';

/**
 * NAS-Bench-101 graph networks in tfjs (NHWC): the same network as the torch worker's workers/torch/nb101.py (its
 * docstring and docs/proxies.md "NAS-Bench-101 graph cells" say the structure), on the graph pruned and the vertex
 * channels computed by the cost model's own functions (engine/cost/graph.ts), so the three agree by construction.
 *   stem Conv3x3-BN-ReLU; a stack of cellsPerStage cells at each of `stacks`' channels, MaxPool 2x2 stride 2 (ceil
 *   mode) before every stack but the first; global average pooling, Linear.
 * Parameters are listed in torch's module order: per cell its vertex ops (vertex 1 to n-2), then its input
 * projections (vertex 1 to n-1, the output included).
 */

/** Conv kxk ('same' padding, no bias), BN, ReLU: base_ops.py's ConvBnRelu. */
function convBnRelu(b: Builder, cin: number, cout: number, k: number): Forward {
    const c = conv(b, cin, cout, k, 1, Math.floor(k / 2));
    const n = batchNorm(b, cout);
    return (x, pass) => relu(n(c(x, pass), pass), pass);
}

/** A vertex op at `c` channels, stride 1, 'same' padding (nb101.py make_op). */
function vertexOp(b: Builder, op: WireGraphOp, c: number): Forward {
    switch (op.kind) {
        case 'conv_bn_relu':
            return convBnRelu(b, c, c, op.kernel);
        case 'pool': {
            const pad = Math.floor(op.kernel / 2);
            // TF's 'same' average leaves the padding out (torch's count_include_pad=False).
            return op.mode === 'avg' ? (x) => averageExcludingPadding(x, op.kernel, 1, pad) : (x) => maxPool(x, op.kernel, 1, pad);
        }
        case 'identity':
            return (x) => x;
    }
}

/** The first `c` channels of x (a vertex reading a wider one: by one channel at most). */
function truncate(x: tf.Tensor4D, c: number): tf.Tensor4D {
    return x.shape[3] === c ? x : (tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, c]) as tf.Tensor4D);
}

/** One NAS-Bench-101 module (model_builder.py build_module) on a pruned graph: nb101.py GraphCell. */
function graphCell(b: Builder, matrix: number[][], ops: WireGraphOp[], cin: number, cout: number): Forward {
    const n = matrix.length;
    const channels = vertexChannels(cin, cout, matrix);
    const vertexOps = Array.from({ length: n - 2 }, (_, i) => vertexOp(b, ops[i], channels[i + 1]));
    // projections[t]: the cell input projected into vertex t (the output included), where input -> t is an edge.
    const projections = Array.from({ length: n }, (_, t) => (t > 0 && matrix[0][t] ? convBnRelu(b, cin, channels[t], 1) : undefined));
    return (x, pass) => {
        const tensors: tf.Tensor4D[] = [x];
        const concat: tf.Tensor4D[] = [];
        for (let t = 1; t < n - 1; t++) {
            const terms: tf.Tensor4D[] = [];
            for (let src = 1; src < t; src++) if (matrix[src][t]) terms.push(truncate(tensors[src], channels[t]));
            const projection = projections[t];
            if (projection) terms.push(projection(x, pass));
            tensors.push(vertexOps[t - 1](terms.reduce((sum, y) => tf.add(sum, y) as tf.Tensor4D), pass));
            if (matrix[t][n - 1]) concat.push(tensors[t]);
        }
        const toOutput = projections[n - 1];
        if (concat.length === 0) return (toOutput as Forward)(x, pass);
        const out = concat.length === 1 ? concat[0] : tf.concat(concat, 3);
        return toOutput ? (tf.add(out, toOutput(x, pass)) as tf.Tensor4D) : out;
    };
}

/** MaxPool 2x2 stride 2 with ceil_mode (TF's 'same' on an odd side): the odd side padded with -Infinity at the bottom/right, which never wins. */
function downsample(x: tf.Tensor4D): tf.Tensor4D {
    const [, h, w] = x.shape;
    const even = h % 2 === 0 && w % 2 === 0 ? x : (tf.pad(x, [[0, 0], [0, h % 2], [0, w % 2], [0, 0]], -Infinity) as tf.Tensor4D);
    return maxPool(even, 2, 2, 0);
}

export function buildGraphNetwork(net: WireNetwork, graph: WireGraph, genotype: number[]): Network {
    // Throws, naming the problem, on a genotype of the wrong length or whose output is unreachable.
    const { matrix, ops } = prunedGraph(graph.nodes, genotype);
    const vertexOps = ops.map((o) => graph.ops[o]);
    const b = new Builder();
    const stem = convBnRelu(b, net.inputChannels, graph.stem, 3);
    const layers: Array<{ cell: Forward } | { pool: true }> = [];
    let cin = graph.stem;
    graph.stacks.forEach((c, stack) => {
        if (stack > 0) layers.push({ pool: true });
        for (let i = 0; i < graph.cellsPerStage; i++) {
            layers.push({ cell: graphCell(b, matrix, vertexOps, cin, c) });
            cin = c;
        }
    });
    const classify = classifier(b, cin, net.classes);
    return {
        params: b.params,
        norms: b.norms,
        forward: (input, pass) => {
            // synflow's rescaling at the stem's output and every cell's output (nb101.py _cut; the pools need none).
            const cut = (t: tf.Tensor4D): tf.Tensor4D => (pass.cut ? pass.cut(t) : t);
            let x = cut(stem(input, pass));
            for (const layer of layers) x = 'pool' in layer ? downsample(x) : cut(layer.cell(x, pass));
            return classify(x, pass);
        },
    };
}
