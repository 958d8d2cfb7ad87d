import * as tf from '@tensorflow/tfjs-core';

/**
 * conv2d (NHWC, symmetric zero padding `pad`, like torch's Conv2d(padding=pad)) whose gradients are forward
 * convolutions: tfjs-backend-wasm has no Conv2DBackpropFilter kernel and its Conv2DBackpropInput is about 10x
 * slower than a forward conv (docs/proxies.md, measured in the compute notes).
 *   dx = conv of the zero-upsampled dy with the flipped, in/out-transposed kernel (padding k-1-pad, plus the rows
 *        the forward's stride dropped at the bottom/right)
 *   dW = conv of the input (batch and channels swapped) with dy (the same swap) as the filter, dilation = stride
 */
type Conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
const convs = new Map<string, Conv>();

export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
    const key = `${stride}:${pad}`;
    let f = convs.get(key);
    if (!f) {
        f = tf.customGrad(((xi: tf.Tensor4D, wi: tf.Tensor4D, save: tf.GradSaveFunc) => {
            save([xi, wi]);
            return {
                value: tf.conv2d(xi, wi, stride, pad),
                gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
                    const [sx, sw] = saved as tf.Tensor4D[];
                    return [inputGradient(dy, sw, sx.shape, stride, pad), filterGradient(sx, dy, sw.shape[0], stride, pad)];
                },
            };
        }) as never) as unknown as Conv;
        convs.set(key, f);
    }
    return f(x, w);
}

/** dy with stride-1 zeros between its pixels (also the depthwise input gradient's, depthwise.ts): [B, (H-1)s+1, (W-1)s+1, C]. */
export function upsample(dy: tf.Tensor4D, s: number): tf.Tensor4D {
    if (s === 1) return dy;
    const [b, h, w, c] = dy.shape;
    const zeros = Array.from({ length: s - 1 }, () => tf.zerosLike(dy));
    const t = tf.slice(tf.reshape(tf.stack([dy, ...zeros], 3), [b, h, w * s, c]), [0, 0, 0, 0], [b, h, (w - 1) * s + 1, c]) as tf.Tensor4D;
    const zh = Array.from({ length: s - 1 }, () => tf.zerosLike(t));
    return tf.slice(tf.reshape(tf.stack([t, ...zh], 2), [b, h * s, (w - 1) * s + 1, c]), [0, 0, 0, 0], [b, (h - 1) * s + 1, (w - 1) * s + 1, c]) as tf.Tensor4D;
}

function inputGradient(dy: tf.Tensor4D, w: tf.Tensor4D, xShape: number[], s: number, p: number): tf.Tensor4D {
    const k = w.shape[0];
    const [, h, wd] = xShape;
    const [, ho, wo] = dy.shape;
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const edge = k - 1 - p;
    const extraH = h - ((ho - 1) * s + k - 2 * p);
    const extraW = wd - ((wo - 1) * s + k - 2 * p);
    return tf.conv2d(upsample(dy, s), flipped, 1, [[0, 0], [edge, edge + extraH], [edge, edge + extraW], [0, 0]]);
}

function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number, s: number, p: number): tf.Tensor4D {
    const padded = p > 0 ? tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]]) : x;
    const xt = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D; // [Cin, Hp, Wp, B]
    const dyt = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, B, Cout]
    const full = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', s); // [Cin, Hp-(Ho-1)s, ..., Cout]
    return tf.transpose(tf.slice(full, [0, 0, 0, 0], [full.shape[0], k, k, full.shape[3]]), [1, 2, 0, 3]) as tf.Tensor4D;
}
