import * as tf from '@tensorflow/tfjs-core';
import { CHANNEL_INIT, type ProxyInit, type WireCell, type WireNetwork, type WireOp } from '../../protocol/neural-worker.js';
import { conv2d } from './conv.js';
import { maxPool } from './max-pool.js';

/**
 * NAS-Bench-201 networks from a genotype in plain tfjs ops (NHWC), the same structure as the torch builder
 * (workers/torch/network.py, which mirrors the cost model engine/cost/network.ts): stem Conv3x3 + BN; per stage a
 * ResNet reduction block (or the cell with stride 2) then `cellsPerStage` cells; BN-ReLU, global average pooling,
 * Linear. Building lists the parameters (shapes only: counting needs no memory); a forward pass reads the
 * weights from an array, so `tf.grads` can differentiate with respect to them. The layers below are exported for
 * the DARTS builder (darts-network.ts); architecture.ts picks the builder of a request.
 */
export type ParamKind = 'conv' | 'linear' | 'bias' | 'bn_gamma' | 'bn_beta';

/** Where each kind keeps its output channel, unless the layer says otherwise (depthwise.ts). */
const OUT_AXIS: Record<ParamKind, number> = { conv: 3, linear: 1, bias: 0, bn_gamma: 0, bn_beta: 0 };

export interface Param {
    kind: ParamKind;
    shape: number[];
    /** Inputs per output unit (torch's default init bound is 1/sqrt(fanIn)). */
    fanIn: number;
    /** The axis of the output channel (torch's axis 0): 3 of a conv's HWIO, 2 of a depthwise conv's [k, k, c, 1], 1 of a linear's [in, out]. */
    outAxis: number;
}

/** What a forward pass needs besides the input. */
export interface Pass {
    weights: tf.Tensor[];
    /** false: every BatchNorm is an identity (synflow's linearised network). */
    bn: boolean;
    /** Called with the input of every ReLU (NASWOT's codes). */
    onRelu?: (x: tf.Tensor4D) => void;
    /** Replaces the activation at each cut vertex (stem, each cell, each reduction; a DARTS network hands it both
     *  states a cell boundary passes on, side by side: darts-network.ts): synflow's rescaling. */
    cut?: (x: tf.Tensor4D) => tf.Tensor4D;
    /** FLOPs in NB201's convention (conv Cin*Cout*k*k*Hout*Wout, linear in*out+out), added up when present. */
    flops?: { total: number };
    /** Replaces the output of every conv and linear layer (fisher's taps on the loss gradient of each output). */
    onLayer?: (y: tf.Tensor) => tf.Tensor;
    /** Batch-norm statistics (absent: each batch's own, nothing recorded, as the proxies run their networks). */
    norm?: NormStatistics;
}

/**
 * Training's batch norm, torch's: 'batch' normalises with the batch's statistics (training mode) and hands them
 * to `record` for the running averages; 'running' normalises with the running averages (inference, torch's
 * eval()). `layer` numbers the BatchNorms in building order (Network.norms); `count` is the values per channel
 * the statistics came from (batch x height x width), for the unbiased variance.
 */
export type NormStatistics =
    | { mode: 'batch'; record: (layer: number, mean: tf.Tensor1D, variance: tf.Tensor1D, count: number) => void }
    | { mode: 'running'; mean: readonly tf.Tensor[]; variance: readonly tf.Tensor[] };

export type Forward = (x: tf.Tensor4D, pass: Pass) => tf.Tensor4D;

export class Builder {
    readonly params: Param[] = [];
    /** Channels of each BatchNorm, in building order. */
    readonly norms: number[] = [];
    add(kind: ParamKind, shape: number[], fanIn: number, outAxis = OUT_AXIS[kind]): number {
        this.params.push({ kind, shape, fanIn, outAxis });
        return this.params.length - 1;
    }
}

export function relu(x: tf.Tensor4D, pass: Pass): tf.Tensor4D {
    pass.onRelu?.(x);
    return tf.relu(x);
}

export function conv(b: Builder, cin: number, cout: number, k: number, stride: number, pad: number): Forward {
    const i = b.add('conv', [k, k, cin, cout], cin * k * k);
    return (x, pass) => {
        const y: tf.Tensor4D = conv2d(x, pass.weights[i] as tf.Tensor4D, stride, pad);
        if (pass.flops) pass.flops.total += cin * cout * k * k * y.shape[1] * y.shape[2];
        return pass.onLayer ? (pass.onLayer(y) as tf.Tensor4D) : y;
    };
}

export function batchNorm(b: Builder, channels: number): Forward {
    const g = b.add('bn_gamma', [channels], channels);
    const beta = b.add('bn_beta', [channels], channels);
    const layer = b.norms.push(channels) - 1;
    return (x, pass) => {
        if (!pass.bn) return x;
        const norm = pass.norm;
        if (norm?.mode === 'running') return tf.batchNorm(x, norm.mean[layer] as tf.Tensor1D, norm.variance[layer] as tf.Tensor1D, pass.weights[beta] as tf.Tensor1D, pass.weights[g] as tf.Tensor1D, 1e-5) as tf.Tensor4D;
        // Training mode (batch statistics, biased variance), as torch's proxies run their networks.
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        norm?.record(layer, mean as tf.Tensor1D, variance as tf.Tensor1D, x.shape[0] * x.shape[1] * x.shape[2]);
        // Broadcast ops, not tf.batchNorm: its gradient (FusedBatchNorm_grad) tiles the per-channel factor to the
        // activation's size, and wasm's Tile took a quarter of a DARTS network's backward pass (measured: 1.2 of 5.1 s).
        const scale = tf.mul(tf.rsqrt(tf.add(variance, 1e-5)), pass.weights[g]);
        return tf.add(tf.mul(tf.sub(x, mean), scale), pass.weights[beta]) as tf.Tensor4D;
    };
}

export function reluConvBn(b: Builder, cin: number, cout: number, k: number, stride: number): Forward {
    const c = conv(b, cin, cout, k, stride, Math.floor(k / 2));
    const n = batchNorm(b, cout);
    return (x, pass) => n(c(relu(x, pass), pass), pass);
}

export function zero(cout: number, stride: number): Forward {
    return (x) => {
        const [batch, h, w] = x.shape;
        return tf.zeros([batch, Math.ceil(h / stride), Math.ceil(w / stride), cout]);
    };
}

/** NB201's skip across a stride 2: two 1x1 stride-2 convs (the second shifted by a pixel), concatenated, BN. */
export function factorizedReduce(b: Builder, cin: number, cout: number): Forward {
    const half = Math.floor(cout / 2);
    const a = conv(b, cin, half, 1, 2, 0);
    const c = conv(b, cin, cout - half, 1, 2, 0);
    const n = batchNorm(b, cout);
    return (x, pass) => {
        const r = relu(x, pass);
        const [batch, h, w, ch] = r.shape;
        const shifted = tf.pad(tf.slice(r, [0, 1, 1, 0], [batch, h - 1, w - 1, ch]), [[0, 0], [0, 1], [0, 1], [0, 0]]) as tf.Tensor4D;
        return n(tf.concat([a(r, pass), c(shifted, pass)], 3), pass);
    };
}

export function pool(b: Builder, cin: number, cout: number, k: number, stride: number, mode: 'avg' | 'max'): Forward {
    const pre = cin === cout ? undefined : reluConvBn(b, cin, cout, 1, 1);
    const pad = Math.floor(k / 2);
    return (x, pass) => {
        const y = pre ? pre(x, pass) : x;
        return mode === 'avg' ? averageExcludingPadding(y, k, stride, pad) : maxPool(y, k, stride, pad);
    };
}

/**
 * torch's AvgPool2d(count_include_pad=False). tfjs's padded avgPool computes this forward, but its gradient
 * (AvgPoolGrad, cpu and wasm alike) divides by k*k at the border (measured: 0.444 at a 3x3 corner instead of
 * 0.694), so synflow differed from torch. Instead: the average over the zero-padded input ('valid', whose
 * gradient is right) divided by the fraction of each window inside the image (a constant).
 */
export function averageExcludingPadding(x: tf.Tensor4D, k: number, stride: number, pad: number): tf.Tensor4D {
    if (pad === 0) return tf.avgPool(x, k, stride, 'valid');
    const padding: Array<[number, number]> = [[0, 0], [pad, pad], [pad, pad], [0, 0]];
    const inside = tf.avgPool(tf.pad(tf.ones([1, x.shape[1], x.shape[2], 1]), padding) as tf.Tensor4D, k, stride, 'valid');
    return tf.div(tf.avgPool(tf.pad(x, padding), k, stride, 'valid'), inside) as tf.Tensor4D;
}

function edgeOp(b: Builder, op: WireOp, cin: number, cout: number, stride: number): Forward {
    switch (op.kind) {
        case 'zero':
            return zero(cout, stride);
        case 'identity':
            if (stride === 1 && cin === cout) return (x) => x;
            return stride === 1 ? reluConvBn(b, cin, cout, 1, 1) : factorizedReduce(b, cin, cout);
        case 'relu_conv_bn':
            return reluConvBn(b, cin, cout, op.kernel, stride);
        case 'pool':
            return pool(b, cin, cout, op.kernel, stride, op.mode);
    }
}

/** xautodl's InferCell: node j sums op(e)(node i) over its incoming edges; edges leaving the input see (cin, stride). */
function cellForward(b: Builder, cell: WireCell, genotype: number[], cin: number, cout: number, stride: number): Forward {
    const ops = cell.edges.map(([src], e) => (src === 0 ? edgeOp(b, cell.ops[genotype[e]], cin, cout, stride) : edgeOp(b, cell.ops[genotype[e]], cout, cout, 1)));
    return (x, pass) => {
        const values: Array<tf.Tensor4D | undefined> = [x];
        cell.edges.forEach(([src, dst], e) => {
            const y = ops[e](values[src] as tf.Tensor4D, pass);
            values[dst] = values[dst] === undefined ? y : (tf.add(values[dst] as tf.Tensor4D, y) as tf.Tensor4D);
        });
        const out = values[cell.nodes - 1];
        if (!out) throw new Error('the cell output node has no incoming edge');
        return out;
    };
}

/**
 * Every network's head: global average pooling, then Linear(features -> classes) with a bias (torch's nn.Linear, in its
 * parameter order), its FLOPs in NB201's convention (in*out + out), and the layer tap fisher reads.
 */
export function classifier(b: Builder, features: number, classes: number): (x: tf.Tensor4D, pass: Pass) => tf.Tensor2D {
    const weight = b.add('linear', [features, classes], features);
    const bias = b.add('bias', [classes], features);
    return (x, pass) => {
        const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
        if (pass.flops) pass.flops.total += features * classes + classes;
        const logits = tf.add(tf.matMul(pooled, pass.weights[weight] as tf.Tensor2D), pass.weights[bias]) as tf.Tensor2D;
        return pass.onLayer ? (pass.onLayer(logits) as tf.Tensor2D) : logits;
    };
}

/** NB201's ResNetBasicblock(stride 2): ReLU-Conv3x3(s2)-BN, ReLU-Conv3x3-BN, shortcut AvgPool(2,2) + Conv1x1. */
function resnetBlock(b: Builder, cin: number, cout: number): Forward {
    const a = reluConvBn(b, cin, cout, 3, 2);
    const c = reluConvBn(b, cout, cout, 3, 1);
    const down = conv(b, cin, cout, 1, 1, 0);
    return (x, pass) => tf.add(down(tf.avgPool(x, 2, 2, 'valid'), pass), c(a(x, pass), pass));
}

export interface Network {
    params: Param[];
    /** Channels of each BatchNorm (the layers of NormStatistics), in building order. */
    norms: number[];
    forward: (x: tf.Tensor4D, pass: Pass) => tf.Tensor2D;
}

export function buildNetwork(net: WireNetwork, cell: WireCell, genotype: number[]): Network {
    if (genotype.length !== cell.edges.length) throw new Error(`genotype has ${genotype.length} ops, the cell ${cell.edges.length} edges`);
    const b = new Builder();
    let channels = net.stem;
    const stemConv = conv(b, net.inputChannels, channels, 3, 1, 1);
    const stemBn = batchNorm(b, channels);
    const layers: Forward[] = [];
    net.stages.forEach((width, s) => {
        if (s > 0) {
            layers.push(net.reduction === 'resnet' ? resnetBlock(b, channels, width) : cellForward(b, cell, genotype, channels, width, 2));
            channels = width;
        }
        for (let i = 0; i < net.cellsPerStage; i++) {
            layers.push(cellForward(b, cell, genotype, channels, width, 1));
            channels = width;
        }
    });
    const lastBn = batchNorm(b, channels);
    const classify = classifier(b, channels, net.classes);
    return {
        params: b.params,
        norms: b.norms,
        forward: (input, pass) => {
            const cut = (t: tf.Tensor4D): tf.Tensor4D => (pass.cut ? pass.cut(t) : t);
            let x = cut(stemBn(stemConv(input, pass), pass));
            for (const layer of layers) x = cut(layer(x, pass));
            return classify(relu(lastBn(x, pass), pass), pass);
        },
    };
}

export function countParams(params: readonly Param[]): number {
    return params.reduce((sum, p) => sum + p.shape.reduce((a, d) => a * d, 1), 0);
}

/**
 * Initial weights. 'seeded': torch's defaults (conv and linear weights and the linear bias uniform in
 * +-1/sqrt(fanIn), i.e. kaiming_uniform(a=sqrt(5)); BN gamma 1, beta 0), drawn from `seed` with tfjs's generator
 * (so not torch's numbers). 'constant': conv and linear weights 1, biases 0, the same in both workers: the
 * cross-framework parity test compares synflow on it.
 */
export function initWeights(params: readonly Param[], seed: number, init: ProxyInit): tf.Tensor[] {
    return params.map((p, i) => {
        if (p.kind === 'bn_gamma') return tf.ones(p.shape);
        if (p.kind === 'bn_beta') return tf.zeros(p.shape);
        if (init === 'constant') return p.kind === 'bias' ? tf.zeros(p.shape) : tf.ones(p.shape);
        if (init === 'channels') {
            const value = p.kind === 'bias' ? CHANNEL_INIT.bias : CHANNEL_INIT.weight;
            const channels = Array.from({ length: p.shape[p.outAxis] }, (_, o) => value(o));
            return tf.broadcastTo(tf.reshape(tf.tensor1d(channels), p.shape.map((n, axis) => (axis === p.outAxis ? n : 1))), p.shape);
        }
        const bound = 1 / Math.sqrt(p.fanIn);
        return tf.randomUniform(p.shape, -bound, bound, 'float32', seed * 100_003 + i);
    });
}

/** Indices of the conv and linear weights (what synflow, snip and grad_norm sum over). */
export function weightedLayers(params: readonly Param[]): number[] {
    return params.flatMap((p, i) => (p.kind === 'conv' || p.kind === 'linear' ? [i] : []));
}
