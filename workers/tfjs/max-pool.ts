import * as tf from '@tensorflow/tfjs-core';

/**
 * Max pooling (NHWC, k x k, stride, symmetric padding `pad` that never wins: torch's MaxPool2d(k, stride, pad)) whose
 * gradient goes, in each window, to the first maximum in row-major order, as torch's does. Engines differ where a
 * window ties, and windows tie where a network is fed constants (synflow's input of ones, the cross-framework tests'
 * constant weights): tfjs's cpu back-end routes to the first maximum; tfjs-backend-wasm's MaxPoolGrad mostly to the
 * last (always, on a constant image), but not on every tied window of a batch of 8 x 32 x 32 x 16 rounded values,
 * where its gradient of the input flipped in both axes was still off (by 1 to 47 % of the largest entry); webgpu
 * (Mesa's llvmpipe) routes to the last maximum. So the engine's own gradient is used only where a start-up
 * measurement (`detectTieRule`) finds torch's rule on a tied input; elsewhere (and when not measured) the gradient
 * is made of forward ops (`taps`), the same on every engine: 2.8x wasm's kernel's time at stride 1, 6x at stride 2
 * (measured: 115 against 41 ms and 101 against 16 ms for batch 32, 32x32x16). test/engine/neural/tfjs-depthwise.test.ts
 * checks both routes against torch's rule by the definition.
 */
export type TieRule = 'first' | 'other';
let engineRule: TieRule | undefined;

/**
 * Measures (and keeps for maxPool) whether the running engine's max-pooling gradient equals torch's (the forward-op
 * gradient's) on tied windows: a batch of 2 x 12 x 12 x 8 values of three levels, 3x3 windows with padding 1,
 * stride 1 and 2, each output's gradient a distinct number (so a window routed elsewhere shows).
 */
export async function detectTieRule(): Promise<TieRule> {
    const same = await Promise.all(
        [1, 2].map(async (stride) => {
            const [own, torch] = tf.tidy(() => {
                const x = tf.round(tf.randomUniform([2, 12, 12, 8], 0, 2, 'float32', 7)) as tf.Tensor4D;
                const side = Math.ceil(12 / stride);
                const dy = tf.reshape(tf.range(1, 2 * side * side * 8 + 1), [2, side, side, 8]);
                const f = (route: TieRule) => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(dy, maxPool(a as tf.Tensor4D, 3, stride, 1, route))))(x);
                return [f('first'), f('other')];
            });
            const [a, b] = await Promise.all([own.data(), torch.data()]);
            tf.dispose([own, torch]);
            return a.every((v, i) => v === b[i]);
        }),
    );
    engineRule = same.every(Boolean) ? 'first' : 'other';
    return engineRule;
}

/** `route` forces one way (the test's); by default the measured engine's, else `taps`. */
export function maxPool(x: tf.Tensor4D, k: number, stride: number, pad: number, route: TieRule = engineRule ?? 'other'): tf.Tensor4D {
    return route === 'first' ? tf.maxPool(x, k, stride, pad) : taps(x, k, stride, pad);
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
    const grown = tf.slice(tf.pad(x, [[0, 0], [p, Math.max(0, hb * s - h - p)], [p, Math.max(0, wb * s - w - p)], [0, 0]], -Infinity), [0, 0, 0, 0], [b, hb * s, wb * s, c]);
    // planes[ry][rx]: the padded input at phase (ry, rx), [B, hb, wb, C] (the input itself at stride 1).
    // One transpose to [s, s, B, hb, wb, C] (each plane contiguous) where a 6-D slice per plane took 4x longer on wasm.
    const phased = s === 1 ? grown : tf.transpose(tf.reshape(grown, [b, hb, s, wb, s, c]), [2, 4, 0, 1, 3, 5]);
    const planes = Array.from({ length: s }, (_, ry) => Array.from({ length: s }, (_, rx) => (s === 1 ? grown : tf.reshape(tf.slice(phased, [ry, rx, 0, 0, 0, 0], [1, 1, b, hb, wb, c]), [b, hb, wb, c]))));
    const placed: Array<Array<tf.Tensor | undefined>> = Array.from({ length: s }, () => Array.from({ length: s }, () => undefined));
    // rest: dy of the windows whose maximum no earlier tap held (where, not boolean ops: wasm's are slower).
    const zero = tf.zerosLike(dy);
    let rest: tf.Tensor = dy;
    for (let t = 0; t < k * k; t++) {
        const [u, v] = [Math.floor(t / k), t % k];
        const [qy, ry, qx, rx] = [Math.floor(u / s), u % s, Math.floor(v / s), v % s];
        const hit = tf.equal(tf.slice(planes[ry][rx], [0, qy, qx, 0], [b, ho, wo, c]), y);
        const share = tf.where(hit, rest, zero);
        if (t < k * k - 1) rest = tf.where(hit, zero, rest);
        const at = tf.pad(share, [[0, 0], [qy, q - qy], [qx, q - qx], [0, 0]]);
        const before = placed[ry][rx];
        placed[ry][rx] = before ? tf.add(before, at) : at;
    }
    // Back to [B, hb*s, wb*s, C]: phases interleaved along width, then along height; the padding cut off.
    const phase = (ry: number, rx: number): tf.Tensor => placed[ry][rx] ?? tf.zeros([b, hb, wb, c]);
    const full = s === 1 ? phase(0, 0) : tf.reshape(tf.transpose(tf.stack(placed.map((row, ry) => tf.stack(row.map((_, rx) => phase(ry, rx))))), [2, 3, 0, 4, 1, 5]), [b, hb * s, wb * s, c]);
    const inside = tf.slice(full, [0, p, p, 0], [b, Math.min(h, hb * s - p), Math.min(w, wb * s - p), c]);
    // Input rows past the last window (none read them) get no gradient.
    const [, ih, iw] = inside.shape as [number, number, number, number];
    return (ih === h && iw === w ? inside : tf.pad(inside, [[0, 0], [0, h - ih], [0, w - iw], [0, 0]])) as tf.Tensor4D;
}
