import { addCost, batchNorm, conv, convOutputSize, linear, ZERO_COST, type Cost } from './layers.js';

/**
 * FLOPs and parameters of a chain network (MobileNetV2-style inverted residuals, docs/proxies.md "Networks from
 * genotypes"), in layers.ts's conventions. workers/torch/chain.py builds the same network; the parity test
 * (test/engine/neural/chain-parity.test.ts) checks that torch's `sum(p.numel())` equals `params` here.
 *
 *   stem: Conv3x3(inputChannels -> stem, stride 1) + BN + ReLU6
 *   blocks: every stage's `layers` inverted residuals, the first one with the stage's stride
 *   head: Conv1x1(last -> head) + BN + ReLU6, global average pooling, Linear(head -> classes)
 *
 * Channel counts before the width multiplier; with width w, every channel count c becomes `makeDivisible(c * w)`
 * and the head `makeDivisible(head * max(1, w))`, as MobileNetV2 does.
 */
export interface ChainSkeleton {
    stem: number;
    stages: ChainStage[];
    head: number;
    classes: number;
    inputSize: number;
    inputChannels: number;
}

export interface ChainStage {
    /** Output channels of every block of the stage (before the width multiplier). */
    channels: number;
    /** Stride of the stage's first block (1 or 2). */
    stride: number;
    layers: number;
}

/** One layer's choices: depthwise kernel, expansion ratio, squeeze-and-excitation. */
export interface ChainLayer {
    kernel: number;
    expand: number;
    se: boolean;
}

/**
 * What a `network` block sets of a chain's skeleton, before its layers are spread over the stages: stem channels,
 * each stage's output channels and first-block stride (1 or 2), head channels.
 */
export interface ChainFrame {
    stem: number;
    stages: readonly number[];
    /** One per stage. */
    strides: readonly number[];
    head: number;
}

/** MobileNetV2's CIFAR-sized schedule, the default frame (three reductions: 32 -> 4 pixels). */
export const MOBILENET_V2_FRAME: Readonly<ChainFrame> = Object.freeze({
    stem: 32,
    stages: Object.freeze([16, 24, 32, 64, 96, 160, 320]),
    strides: Object.freeze([1, 1, 2, 2, 1, 2, 1]),
    head: 1280,
});
/** Squeeze-and-excitation: squeezed channels = makeDivisible(expanded * 0.25), as MobileNetV3. */
export const SE_RATIO = 0.25;

/**
 * The skeleton of a chain of `layers` layers in `frame` (MobileNetV2's by default): the layers spread evenly over
 * the frame's S stages (stage s gets floor((s+1)N/S) - floor(sN/S); later stages get the extra ones). A stage left
 * with no layer (N < S) hands its stride 2 to the next stage that has layers, so short chains still reduce the
 * resolution (the last stage always has one).
 */
export function chainSkeleton(layers: number, shape: { classes: number; inputSize: number; inputChannels: number }, frame: ChainFrame = MOBILENET_V2_FRAME): ChainSkeleton {
    const S = frame.stages.length;
    if (frame.strides.length !== S) throw new RangeError(`the chain frame has ${S} stages and ${frame.strides.length} strides`);
    const stages: ChainStage[] = [];
    let pending = 1;
    for (let s = 0; s < S; s++) {
        const n = Math.floor(((s + 1) * layers) / S) - Math.floor((s * layers) / S);
        pending = Math.max(pending, frame.strides[s]);
        if (n === 0) continue;
        stages.push({ channels: frame.stages[s], stride: pending, layers: n });
        pending = 1;
    }
    return { stem: frame.stem, stages, head: frame.head, classes: shape.classes, inputSize: shape.inputSize, inputChannels: shape.inputChannels };
}

/** MobileNetV2's `_make_divisible`: the nearest multiple of `divisor`, at least `divisor`, never below 90% of v. */
export function makeDivisible(v: number, divisor = 8): number {
    const rounded = Math.max(divisor, Math.floor(Math.floor(v + divisor / 2) / divisor) * divisor);
    return rounded < 0.9 * v ? rounded + divisor : rounded;
}

/** Expanded channels of a block: round(cin * expand), halves up (chain.py computes floor(x + 0.5) too). */
export function expandedChannels(cin: number, expand: number): number {
    return Math.floor(cin * expand + 0.5);
}

/** Cost of the chain network whose layer i makes `layers[i]`'s choices, at width multiplier `width`. */
export function chainCost(skeleton: ChainSkeleton, layers: readonly ChainLayer[], width: number): Cost {
    const total = skeleton.stages.reduce((n, s) => n + s.layers, 0);
    if (layers.length !== total) throw new RangeError(`the chain skeleton has ${total} layers, the genotype ${layers.length}`);
    const w = (c: number): number => makeDivisible(c * width);
    let size = skeleton.inputSize;
    let channels = w(skeleton.stem);
    let cost = addCost(conv(skeleton.inputChannels, channels, 3, size), batchNorm(channels));
    let i = 0;
    for (const stage of skeleton.stages) {
        const cout = w(stage.channels);
        for (let b = 0; b < stage.layers; b++) {
            const stride = b === 0 ? stage.stride : 1;
            cost = addCost(cost, invertedResidual(channels, cout, layers[i++], stride, size));
            size = convOutputSize(size, layers[i - 1].kernel, stride);
            channels = cout;
        }
    }
    const head = makeDivisible(skeleton.head * Math.max(1, width));
    cost = addCost(cost, addCost(conv(channels, head, 1, size), batchNorm(head)));
    return addCost(cost, linear(head, skeleton.classes));
}

/**
 * One inverted residual: [Conv1x1(cin -> hidden) + BN + ReLU6 unless expand is 1], depthwise Convkxk(stride) + BN +
 * ReLU6, [SE: pool, Conv1x1(hidden -> squeeze, bias), ReLU, Conv1x1(squeeze -> hidden, bias), sigmoid, scale],
 * Conv1x1(hidden -> cout) + BN; the residual sum is free.
 */
export function invertedResidual(cin: number, cout: number, layer: ChainLayer, stride: number, inSize: number): Cost {
    const hidden = expandedChannels(cin, layer.expand);
    const out = convOutputSize(inSize, layer.kernel, stride);
    let cost = ZERO_COST;
    if (layer.expand !== 1) cost = addCost(cost, addCost(conv(cin, hidden, 1, inSize), batchNorm(hidden)));
    cost = addCost(cost, addCost(conv(hidden, hidden, layer.kernel, out, hidden), batchNorm(hidden)));
    if (layer.se) {
        const squeeze = makeDivisible(hidden * SE_RATIO);
        cost = addCost(cost, addCost(biasedConv1x1(hidden, squeeze), biasedConv1x1(squeeze, hidden)));
    }
    return addCost(cost, addCost(conv(hidden, cout, 1, out), batchNorm(cout)));
}

/** A 1x1 convolution with a bias on a 1x1 map (the SE's squeeze and excite): the bias adds Cout FLOPs and params. */
function biasedConv1x1(cin: number, cout: number): Cost {
    return addCost(conv(cin, cout, 1, 1), { flops: cout, params: cout });
}

/** The value each choice index stands for: a chain genotype is indices into these. */
export interface ChainChoices {
    kernel: number[];
    expand: number[];
    /** `[false]` when the chain has no `se` parameter. */
    se: boolean[];
    /** `[1]` when the space has no `width` parameter. */
    width: number[];
}

/** A chain network: its skeleton and its choices (protocol/neural-worker.ts `WireChain` restates it). */
export interface ChainNetwork extends ChainSkeleton, ChainChoices {}

/** The genotype a chain plan hands to builders: per layer [kernel, expand, se] indices, then the width index. */
export function chainLayers(net: ChainChoices, g: readonly number[]): { layers: ChainLayer[]; width: number } {
    if (g.length % 3 !== 1) throw new RangeError(`a chain genotype has 3 indices per layer and a width index, got ${g.length} numbers`);
    const layers: ChainLayer[] = [];
    for (let i = 0; i + 1 < g.length; i += 3) layers.push({ kernel: pick(net.kernel, g[i], 'kernel'), expand: pick(net.expand, g[i + 1], 'expand'), se: pick(net.se, g[i + 2], 'se') });
    return { layers, width: pick(net.width, g[g.length - 1], 'width') };
}

export function costOfChain(net: ChainNetwork, g: readonly number[]): Cost {
    const { layers, width } = chainLayers(net, g);
    return chainCost(net, layers, width);
}

function pick<T>(values: readonly T[], i: number, what: string): T {
    const v = values[i];
    if (v === undefined) throw new RangeError(`${what} index ${i} out of range (${values.length} values)`);
    return v;
}
