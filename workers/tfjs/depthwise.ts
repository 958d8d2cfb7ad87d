import * as tf from '@tensorflow/tfjs-core';
import { upsample } from './conv.js';
import type { Builder, Forward } from './network.js';

/**
 * Depthwise conv2d (NHWC, filter [k, k, C, 1]: torch's Conv2d(C, C, k, groups=C)), symmetric zero padding `pad`,
 * stride and dilation, whose gradients are forward ops. tfjs-backend-wasm has the forward kernel
 * (DepthwiseConv2dNative, dilation included) but neither backprop kernel, and tfjs's own gradient refuses a
 * dilation above 1 on every back-end; the cpu back-end's kernel refuses stride and dilation both above 1 (DARTS's
 * dil_conv in a reduction cell), so that case is the stride-1 output subsampled (the same numbers: output i of stride s reads
 * the padded input from i*s).
 *   dx = depthwise conv (dilation d) of the zero-upsampled dy, padded (k-1)d - pad each side (plus the rows the
 *        forward's stride dropped at the bottom/right), with the flipped kernel
 *   dW = per tap (ty, tx): sum over batch and space of the padded input read from (ty*d, tx*d) with stride s, times
 *        dy: one depthwise conv of the padded input (batch moved into the channels) with dy as the filter
 * Checked (value and both gradients) against a direct loop over the definition, on tfjs's cpu back-end, wasm and
 * webgpu: test/engine/neural/tfjs-depthwise.test.ts.
 */
/**
 * Depthwise conv k x k (torch's Conv2d(c, c, k, groups=c), no bias), padding d(k-1)/2: a layer as network.ts's conv
 * is (its FLOPs, its fisher tap). DARTS's sep_conv and dil_conv (darts-network.ts) and the chain's inverted
 * residuals (chain-network.ts) use it.
 */
export function depthwiseLayer(b: Builder, c: number, k: number, stride: number, dilation: number): Forward {
    const i = b.add('conv', [k, k, c, 1], k * k, 2);
    const pad = Math.floor((dilation * (k - 1)) / 2);
    return (x, pass) => {
        const y = depthwiseConv2d(x, pass.weights[i] as tf.Tensor4D, stride, pad, dilation);
        // NB201's convention with torch's groups: Cin * Cout * k * k * Hout * Wout / groups.
        if (pass.flops) pass.flops.total += c * k * k * y.shape[1] * y.shape[2];
        return pass.onLayer ? (pass.onLayer(y) as tf.Tensor4D) : y;
    };
}

type Depthwise = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
const depthwises = new Map<string, Depthwise>();

export function depthwiseConv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number, dilation: number): tf.Tensor4D {
    const key = `${stride}:${pad}:${dilation}`;
    let f = depthwises.get(key);
    if (!f) {
        f = tf.customGrad(((xi: tf.Tensor4D, wi: tf.Tensor4D, save: tf.GradSaveFunc) => {
            save([xi, wi]);
            return {
                value: forward(xi, wi, stride, pad, dilation),
                gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
                    const [sx, sw] = saved as tf.Tensor4D[];
                    return [inputGradient(dy, sw, sx.shape, stride, pad, dilation), filterGradient(sx, dy, sw.shape[0], stride, pad, dilation)];
                },
            };
        }) as never) as unknown as Depthwise;
        depthwises.set(key, f);
    }
    return f(x, w);
}

function forward(x: tf.Tensor4D, w: tf.Tensor4D, s: number, p: number, d: number): tf.Tensor4D {
    if (s === 1 || d === 1) return tf.depthwiseConv2d(x, w, s, p, 'NHWC', d);
    const full = tf.depthwiseConv2d(x, w, 1, p, 'NHWC', d);
    const [b, h, wd, c] = full.shape;
    return tf.stridedSlice(full, [0, 0, 0, 0], [b, h, wd, c], [1, s, s, 1]) as tf.Tensor4D;
}

function inputGradient(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: number, p: number, d: number): tf.Tensor4D {
    const span = (w.shape[0] - 1) * d;
    const [, h, wd] = xShape;
    const [, ho, wo] = dy.shape;
    const edge = span - p;
    if (edge < 0) throw new Error(`depthwise conv: padding ${p} above the kernel's span ${span} is not supported`);
    const extraH = h + 2 * p - ((ho - 1) * s + 1 + span);
    const extraW = wd + 2 * p - ((wo - 1) * s + 1 + span);
    return tf.depthwiseConv2d(upsample(dy, s), tf.reverse(w, [0, 1]) as tf.Tensor4D, 1, [[0, 0], [edge, edge + extraH], [edge, edge + extraW], [0, 0]], 'NHWC', d);
}

function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, s: number, p: number, d: number): tf.Tensor4D {
    const padded = p > 0 ? tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]]) : x;
    const [b, , , c] = padded.shape;
    const [, ho, wo] = dy.shape;
    // Each (image, channel) pair a channel of one image, correlated with its own dy as the filter (dilation s):
    // output (u, v) = sum over pixels of padded[u + i*s, v + j*s] * dy[i, j], the tap at (u/d, v/d); then summed
    // over the batch. Measured on wasm: 19 ms for a 5x5 filter at batch 32, 32x32x16, where one slice-multiply-sum
    // per tap took 112 ms (and 125 ms at stride 2: wasm's strided slices are slow).
    const span = (k - 1) * d + 1;
    const images = tf.slice(tf.reshape(tf.transpose(padded, [1, 2, 0, 3]), [1, padded.shape[1], padded.shape[2], b * c]), [0, 0, 0, 0], [1, span + (ho - 1) * s, span + (wo - 1) * s, b * c]) as tf.Tensor4D;
    const filters = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [ho, wo, b * c, 1]) as tf.Tensor4D;
    const all = tf.depthwiseConv2d(images, filters, 1, 'valid', 'NHWC', s); // [1, span, span, b*c]
    const taps = d === 1 ? all : tf.stridedSlice(all, [0, 0, 0, 0], [1, span, span, b * c], [1, d, d, 1]);
    return tf.reshape(tf.sum(tf.reshape(taps, [k, k, b, c]), 2), [k, k, c, 1]) as tf.Tensor4D;
}
