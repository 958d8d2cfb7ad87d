/**
 * Per-layer FLOPs and parameter formulas in the NAS-Bench-201 API convention (xautodl `get_model_infos`,
 * as the NB201 tables report them):
 * - Conv2d: FLOPs = Cin * Cout * k * k * Hout * Wout / groups (+ Cout * Hout * Wout with a bias; NB201
 *   convolutions have none); params = Cin * Cout * k * k / groups (+ Cout with a bias).
 * - Linear: FLOPs = in * out + out (the bias counts); params = in * out + out.
 * - BatchNorm2d (affine): 0 FLOPs, 2 * C params (running statistics are buffers, not parameters).
 * - ReLU, pooling (AvgPool2d, MaxPool2d, global average pooling): 0 FLOPs, 0 params.
 * Checked against every row of `data/nb201/nb201.csv` (docs/cost-model.md).
 */

/** FLOPs and parameters in base units (not millions). */
export interface Cost {
    flops: number;
    params: number;
}

export const ZERO_COST: Cost = Object.freeze({ flops: 0, params: 0 });

export function addCost(a: Cost, b: Cost): Cost {
    return { flops: a.flops + b.flops, params: a.params + b.params };
}

export function scaleCost(a: Cost, factor: number): Cost {
    return { flops: a.flops * factor, params: a.params * factor };
}

/** Output side of a convolution with `padding = floor(kernel / 2)` (PyTorch's rule). */
export function convOutputSize(input: number, kernel: number, stride: number): number {
    const padding = Math.floor(kernel / 2);
    return Math.floor((input + 2 * padding - kernel) / stride) + 1;
}

/** A bias-free square Conv2d whose output is `outSize` x `outSize`. */
export function conv(cin: number, cout: number, kernel: number, outSize: number, groups = 1): Cost {
    const weights = (cin * cout * kernel * kernel) / groups;
    return { flops: weights * outSize * outSize, params: weights };
}

/** Affine BatchNorm2d: two parameters per channel, no FLOPs. */
export function batchNorm(channels: number): Cost {
    return { flops: 0, params: 2 * channels };
}

/** ReLU -> Conv2d (no bias) -> affine BatchNorm2d, NB201's `ReLUConvBN`. */
export function reluConvBn(cin: number, cout: number, kernel: number, outSize: number): Cost {
    return addCost(conv(cin, cout, kernel, outSize), batchNorm(cout));
}

/** Linear layer with bias. */
export function linear(inFeatures: number, outFeatures: number): Cost {
    const weights = inFeatures * outFeatures + outFeatures;
    return { flops: weights, params: weights };
}
