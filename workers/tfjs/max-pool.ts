import * as tf from '@tensorflow/tfjs-core';

/**
 * Max pooling (NHWC, k x k, stride, symmetric padding `pad` that never wins: torch's MaxPool2d(k, stride, pad)) whose
 * gradient goes, in each window, to the first maximum in row-major order, as torch's does. Engines differ where a
 * window ties (measured on a constant input: tfjs-backend-wasm's MaxPoolGrad routes to the last maximum, the cpu
 * back-end's to the first), and windows tie where a network is fed constants (synflow's input of ones, the
 * cross-framework tests' constant weights). So the engine's rule is measured once at start-up (`detectTieRule`):
 *   first  the engine's own gradient
 *   last   the engine's own gradient of the input flipped in both axes (a window's last maximum in the flipped
 *          scan is its first in the original; the padding is made explicit so that the flipped windows align)
 *   other, or not measured: a gradient of forward ops, the same on every engine (`taps`), about 14x slower than
 *          wasm's MaxPoolGrad (measured: 1.26 s against 0.09 s for batch 32, 32x32x16, stride 1)
 * test/engine/neural/tfjs-depthwise.test.ts checks each against torch's rule by the definition.
 */
export type TieRule = 'first' | 'last' | 'other';
let engineRule: TieRule | undefined;

/** Measures (and keeps for maxPool) where the running engine's max-pooling gradient goes in a tied window. */
export async function detectTieRule(): Promise<TieRule> {
    // A 3x3 constant image, 2x2 windows, stride 1: the gradient counts, per input, the windows that chose it.
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(x as tf.Tensor4D, 2, 1, 'valid')))(tf.ones([1, 3, 3, 1])));
    const counts = Array.from(await g.data()).join(',');
    g.dispose();
    engineRule = counts === '1,1,0,1,1,0,0,0,0' ? 'first' : counts === '0,0,0,0,1,1,0,1,1' ? 'last' : 'other';
    return engineRule;
}

/** `route` forces one way (the test's); by default the measured engine's, else `taps`. */
export function maxPool(x: tf.Tensor4D, k: number, stride: number, pad: number, route: TieRule = engineRule ?? 'other'): tf.Tensor4D {
    if (route === 'first') return tf.maxPool(x, k, stride, pad);
    if (route === 'last') return flipped(x, k, stride, pad);
    return taps(x, k, stride, pad);
}

/** tf.maxPool(x, k, stride, pad), computed on x flipped in both axes (the same values; the gradient's ties reversed). */
function flipped(x: tf.Tensor4D, k: number, s: number, p: number): tf.Tensor4D {
    const padded = p > 0 ? (tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]], -Infinity) as tf.Tensor4D) : x;
    const [b, hp, wp, c] = padded.shape;
    // The rows and columns past the last window (none read them) come first once flipped: dropped.
    const [eh, ew] = [(hp - k) % s, (wp - k) % s];
    const reversed = tf.slice(tf.reverse(padded, [1, 2]), [0, eh, ew, 0], [b, hp - eh, wp - ew, c]) as tf.Tensor4D;
    return tf.reverse(tf.maxPool(reversed, k, s, 'valid'), [1, 2]) as tf.Tensor4D;
}

type Pool = (x: tf.Tensor4D) => tf.Tensor4D;
const pools = new Map<string, Pool>();

function taps(x: tf.Tensor4D, k: number, stride: number, pad: number): tf.Tensor4D {
    const key = `${k}:${stride}:${pad}`;
    let f = pools.get(key);
    if (!f) {
        f = tf.customGrad(((xi: tf.Tensor4D, save: tf.GradSaveFunc) => {
            const y = tf.maxPool(xi, k, stride, pad);
            save([xi, y]);
            return {
                value: y,
                gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
                    const [sx, sy] = saved as tf.Tensor4D[];
                    return [maxPoolGradient(sx, sy, dy, k, stride, pad)];
                },
            };
        }) as never) as unknown as Pool;
        pools.set(key, f);
    }
    return f(x);
}

function maxPoolGradient(x: tf.Tensor4D, y: tf.Tensor4D, dy: tf.Tensor4D, k: number, s: number, p: number): tf.Tensor4D {
    const [b, h, w, c] = x.shape;
    const [, ho, wo] = y.shape;
    const q = Math.floor((k - 1) / s); // the largest block offset of a tap
    const [hb, wb] = [ho + q, wo + q];
    // Padded with -Infinity (never a maximum) to exactly hb*s x wb*s: the top/left by p, the rest at the bottom/right.
    const grown = tf.pad(x, [[0, 0], [p, Math.max(0, hb * s - h - p)], [p, Math.max(0, wb * s - w - p)], [0, 0]], -Infinity);
    const blocks = tf.reshape(tf.slice(grown, [0, 0, 0, 0], [b, hb * s, wb * s, c]), [b, hb, s, wb, s, c]);
    // placed[ry][rx]: the gradient of the padded input at phase (ry, rx), per block.
    const placed: tf.Tensor[][] = Array.from({ length: s }, () => Array.from({ length: s }, () => tf.zeros([b, hb, wb, c])));
    let taken: tf.Tensor = tf.cast(tf.zerosLike(y), 'bool');
    for (let u = 0; u < k; u++)
        for (let v = 0; v < k; v++) {
            const [qy, ry, qx, rx] = [Math.floor(u / s), u % s, Math.floor(v / s), v % s];
            const window = tf.reshape(tf.slice(blocks, [0, qy, ry, qx, rx, 0], [b, ho, 1, wo, 1, c]), [b, ho, wo, c]);
            const hit = tf.equal(window, y);
            const first = tf.logicalAnd(hit, tf.logicalNot(taken));
            taken = tf.logicalOr(taken, hit);
            const share = tf.pad(tf.mul(dy, tf.cast(first, 'float32')), [[0, 0], [qy, q - qy], [qx, q - qx], [0, 0]]);
            placed[ry][rx] = tf.add(placed[ry][rx], share);
        }
    // Back to [B, hb*s, wb*s, C]: phases interleaved along width, then along height; the padding cut off.
    const rows = placed.map((phases) => tf.reshape(tf.stack(phases, 3), [b, hb, wb * s, c]));
    const full = tf.reshape(tf.stack(rows, 2), [b, hb * s, wb * s, c]);
    const inside = tf.slice(full, [0, p, p, 0], [b, Math.min(h, hb * s - p), Math.min(w, wb * s - p), c]);
    // Input rows past the last window (none read them) get no gradient.
    const [, ih, iw] = inside.shape as [number, number, number, number];
    return (ih === h && iw === w ? inside : tf.pad(inside, [[0, 0], [0, h - ih], [0, w - iw], [0, 0]])) as tf.Tensor4D;
}
