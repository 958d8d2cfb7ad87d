import * as tf from '@tensorflow/tfjs-core';
import { conv2d } from './conv.js';

/**
 * A start-up check that the engine's kernels give the right gradients, because a GPU back-end can be silently
 * wrong (measured on Mesa's llvmpipe: tfjs-webgpu's native Conv2DBackpropFilter at batch 64; a too-wide addN gives
 * zeros). For f(x, w) = sum(r * conv(x, w, stride 2, pad 1)^2) the analytic gradients (the ones every proxy
 * uses: workers/tfjs/conv.ts) are compared with central differences along a random direction d:
 * (f(p + e d) - f(p - e d)) / 2e against sum(grad * d). f is quadratic in each argument, so the central
 * difference is exact but for rounding (a ReLU here would add errors of 10 % from units crossing its kink);
 * both sides are float32, hence 2 %; a wrong kernel is off by far more (a sign, a transposition, zeros).
 * Undefined: passed.
 */
export async function gradientSelfCheck(): Promise<string | undefined> {
    const results = tf.tidy(() => {
        const x = tf.randomNormal([2, 7, 7, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
        const w = tf.randomNormal([3, 3, 3, 4], 0, 0.5, 'float32', 12) as tf.Tensor4D;
        const r = tf.randomNormal([2, 4, 4, 4], 0, 1, 'float32', 13);
        const f = (xi: tf.Tensor, wi: tf.Tensor): tf.Scalar => tf.sum(tf.mul(r, tf.square(conv2d(xi as tf.Tensor4D, wi as tf.Tensor4D, 2, 1))));
        const [gx, gw] = tf.grads(f)([x, w]);
        const dx = tf.randomNormal(x.shape, 0, 1, 'float32', 14);
        const dw = tf.randomNormal(w.shape, 0, 1, 'float32', 15);
        const e = 1e-2;
        const numeric = (p: tf.Tensor, d: tf.Tensor, other: tf.Tensor, first: boolean) => {
            const plus = tf.add(p, tf.mul(d, e));
            const minus = tf.sub(p, tf.mul(d, e));
            const fp = first ? f(plus, other) : f(other, plus);
            const fm = first ? f(minus, other) : f(other, minus);
            return tf.div(tf.sub(fp, fm), 2 * e);
        };
        return tf.stack([tf.sum(tf.mul(gx, dx)), numeric(x, dx, w, true), tf.sum(tf.mul(gw, dw)), numeric(w, dw, x, false)]);
    });
    const [ax, nx, aw, nw] = Array.from(await results.data());
    results.dispose();
    const off = (analytic: number, numeric: number) => !(Math.abs(analytic - numeric) <= 0.02 * Math.max(1, Math.abs(numeric)));
    if (off(ax, nx)) return `input gradient ${ax.toPrecision(4)} against finite differences ${nx.toPrecision(4)}`;
    if (off(aw, nw)) return `weight gradient ${aw.toPrecision(4)} against finite differences ${nw.toPrecision(4)}`;
    return undefined;
}

/**
 * An exact check of matrix products with a long inner dimension, the shape of naswot's kernel (c c^T, c the
 * 0/1 ReLU codes of 32 images over 65,536 units): integer sums below 2^24 are exact in float32, so any difference
 * from the count in JS is a wrong kernel. Measured on Mesa's llvmpipe: tfjs-webgpu's split-K matMul program (its
 * default for this shape) was off by a quarter of the values, silently. Undefined: passed.
 */
export async function matMulSelfCheck(): Promise<string | undefined> {
    const [n, d] = [32, 65_536];
    const c = tf.tidy(() => tf.cast(tf.greater(tf.randomNormal([n, d], 0, 1, 'float32', 21), 0), 'float32') as tf.Tensor2D);
    const product = tf.matMul(c, c, false, true);
    const [codes, got] = await Promise.all([c.data(), product.data()]);
    tf.dispose([c, product]);
    for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
            let count = 0;
            for (let t = 0; t < d; t++) count += codes[i * d + t] * codes[j * d + t];
            if (got[i * n + j] !== count) return `a ${n}x${d} by ${d}x${n} product of 0/1 matrices gave ${got[i * n + j]} where the count is ${count}`;
        }
    return undefined;
}
