import * as tf from '@tensorflow/tfjs-core';
import { dartsCellGenotypeLength, type WireDarts, type WireDartsCell, type WireDartsOp, type WireNetwork } from '../../protocol/neural-worker.js';
import { depthwiseLayer } from './depthwise.js';
import { batchNorm, Builder, classifier, conv, factorizedReduce, pool, relu, reluConvBn, zero, type Forward, type Network, type Pass } from './network.js';

/**
 * DARTS cell networks in tfjs (NHWC): the same network as the torch worker's workers/torch/darts.py (DARTS's
 * NetworkCIFAR without auxiliary head and drop path; its docstring says the structure), from the same layers as
 * the NB201 builder (network.ts), plus the depthwise convolutions of sep_conv and dil_conv (depthwise.ts).
 *   stem Conv3x3(3C) + BN; 3 * cellsPerStage + 2 cells, reductions (C doubled, stride 2 on the edges leaving the
 *   cell inputs) at layers // 3 and 2 * layers // 3; each cell preprocesses s0 (FactorizedReduce after a reduction,
 *   else ReLU-Conv1x1-BN) and s1 (ReLU-Conv1x1-BN) to C, sums op(state) over each node's picked inputs and
 *   concatenates its nodes; global average pooling, Linear.
 * Parameters are listed in torch's module order (preprocess0, preprocess1, the edges node by node).
 */

/** ReLU, depthwise conv (stride, dilation), Conv1x1, BN: DARTS's DilConv, and each half of its SepConv. */
function reluDepthwiseBn(b: Builder, c: number, k: number, stride: number, dilation: number): Forward {
    const dw = depthwiseLayer(b, c, k, stride, dilation);
    const pw = conv(b, c, c, 1, 1, 0);
    const n = batchNorm(b, c);
    return (x, pass) => n(pw(dw(relu(x, pass), pass), pass), pass);
}

function sepConv(b: Builder, c: number, k: number, stride: number): Forward {
    const first = reluDepthwiseBn(b, c, k, stride, 1);
    const second = reluDepthwiseBn(b, c, k, 1, 1);
    return (x, pass) => second(first(x, pass), pass);
}

/** operations.py's OPS, all C -> C (darts.py make_op). */
function edgeOp(b: Builder, op: WireDartsOp, c: number, stride: number): Forward {
    switch (op.kind) {
        case 'zero':
            return zero(c, stride);
        case 'identity':
            return stride === 1 ? (x) => x : factorizedReduce(b, c, c);
        case 'relu_conv_bn':
            return reluConvBn(b, c, c, op.kernel, stride);
        case 'pool':
            // NetworkCIFAR's pools have no BN (cin = cout: no preprocessing either).
            return pool(b, c, c, op.kernel, stride, op.mode);
        case 'sep_conv':
            return sepConv(b, c, op.kernel, stride);
        case 'dil_conv':
            return reluDepthwiseBn(b, c, op.kernel, stride, op.dilation);
    }
}

type Cell = (s0: tf.Tensor4D, s1: tf.Tensor4D, pass: Pass) => tf.Tensor4D;

function dartsCell(b: Builder, cell: WireDartsCell, genotype: number[], cPrevPrev: number, cPrev: number, c: number, reduction: boolean, reductionPrev: boolean): Cell {
    const pre0 = reductionPrev ? factorizedReduce(b, cPrevPrev, c) : reluConvBn(b, cPrevPrev, c, 1, 1);
    const pre1 = reluConvBn(b, cPrev, c, 1, 1);
    const pick = cell.pick;
    const nodes = Array.from({ length: cell.nodes }, (_, i) => {
        const chunk = genotype.slice(2 * pick * i, 2 * pick * (i + 1));
        const inputs = chunk.slice(0, pick);
        const ops = chunk.slice(pick).map((o, j) => edgeOp(b, cell.ops[o], c, reduction && inputs[j] < 2 ? 2 : 1));
        return { inputs, ops };
    });
    return (s0, s1, pass) => {
        const states = [pre0(s0, pass), pre1(s1, pass)];
        for (const { inputs, ops } of nodes) {
            const terms = inputs.map((src, j) => ops[j](states[src], pass));
            states.push(terms.reduce((sum, t) => tf.add(sum, t) as tf.Tensor4D));
        }
        return tf.concat(states.slice(2), 3);
    };
}

/**
 * synflow's rescaling at a cell boundary (darts.py _cut): both states the rest of the network reads, divided by one
 * constant (cut sees them flattened side by side: its maximum is over both), since everything downstream is
 * positively homogeneous in the pair, not in each state alone.
 */
function cutPair(s0: tf.Tensor4D, s1: tf.Tensor4D, pass: Pass): [tf.Tensor4D, tf.Tensor4D] {
    if (!pass.cut) return [s0, s1];
    if (s0 === s1) {
        const s = pass.cut(s1);
        return [s, s];
    }
    const batch = s0.shape[0];
    const a = s0.size / batch;
    const total = a + s1.size / batch;
    const both = tf.concat([tf.reshape(s0, [batch, a]), tf.reshape(s1, [batch, total - a])], 1);
    const cut = tf.reshape(pass.cut(tf.reshape(both, [batch, 1, total, 1]) as tf.Tensor4D), [batch, total]);
    return [tf.reshape(tf.slice(cut, [0, 0], [batch, a]), s0.shape) as tf.Tensor4D, tf.reshape(tf.slice(cut, [0, a], [batch, -1]), s1.shape) as tf.Tensor4D];
}

export function buildDartsNetwork(net: WireNetwork, darts: WireDarts, genotype: number[]): Network {
    const { normal, reduce } = darts;
    const n = dartsCellGenotypeLength(normal);
    if (genotype.length !== n + dartsCellGenotypeLength(reduce)) throw new Error(`a DARTS genotype has ${n} numbers (normal cell) + ${dartsCellGenotypeLength(reduce)} (reduction cell), got ${genotype.length}`);
    const b = new Builder();
    let c = darts.stem;
    const stem = 3 * c; // NetworkCIFAR's stem_multiplier
    const stemConv = conv(b, net.inputChannels, stem, 3, 1, 1);
    const stemBn = batchNorm(b, stem);
    const layers = 3 * darts.cellsPerStage + 2;
    let [cPrevPrev, cPrev] = [stem, stem];
    let reductionPrev = false;
    const cells: Cell[] = [];
    for (let i = 0; i < layers; i++) {
        const reduction = i === Math.floor(layers / 3) || i === Math.floor((2 * layers) / 3);
        if (reduction) c *= 2;
        cells.push(dartsCell(b, reduction ? reduce : normal, reduction ? genotype.slice(n) : genotype.slice(0, n), cPrevPrev, cPrev, c, reduction, reductionPrev));
        reductionPrev = reduction;
        [cPrevPrev, cPrev] = [cPrev, (reduction ? reduce : normal).nodes * c];
    }
    const classify = classifier(b, cPrev, net.classes);
    return {
        params: b.params,
        norms: b.norms,
        forward: (input, pass) => {
            const s = stemBn(stemConv(input, pass), pass);
            let [s0, s1] = cutPair(s, s, pass);
            for (const cell of cells) [s0, s1] = cutPair(s1, cell(s0, s1, pass), pass);
            return classify(s1, pass);
        },
    };
}
