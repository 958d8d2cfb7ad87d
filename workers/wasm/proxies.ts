import * as tf from '@tensorflow/tfjs-core';
import type { WireCell, WireNetwork } from '../../protocol/neural-worker.js';
import { buildNetwork, countParams, initWeights, weightedLayers } from './network.js';

/**
 * Zero-cost proxies on tfjs (wasm), the same definitions as workers/torch/proxies.py. Built here: params, flops,
 * synflow, naswot. The others (grad_norm, snip, jacob_cov, fisher) and training are torch-only in this version.
 */
export const WASM_PROXIES = ['synflow', 'naswot', 'params', 'flops'] as const;

/** A failure of this network (not of the worker): answered as `failed`. */
export class ProxyFailure extends Error {}

export interface ProxyArgs {
    net: WireNetwork;
    cell: WireCell;
    genotype: number[];
    seed: number;
    batch: number;
    init: 'seeded' | 'constant';
}

export function computeProxy(name: string, a: ProxyArgs): number {
    return tf.tidy(() => {
        switch (name) {
            case 'params':
                return countParams(buildNetwork(a.net, a.cell, a.genotype).params);
            case 'flops':
                return flops(a);
            case 'synflow':
                return synflow(a);
            case 'naswot':
                return naswot(a);
            default:
                throw new ProxyFailure(`proxy ${name} is not built on the wasm back-end (wasm has: ${WASM_PROXIES.join(', ')}); the torch back-end has it (--backend torch)`);
        }
    });
}

function flops(a: ProxyArgs): number {
    const network = buildNetwork(a.net, a.cell, a.genotype);
    const counter = { total: 0 };
    network.forward(tf.zeros([1, a.net.inputSize, a.net.inputSize, a.net.inputChannels]), { weights: initWeights(network.params, a.seed, 'constant'), bn: true, flops: counter });
    return counter.total;
}

/**
 * log synflow, exact: the linearised network (no BN, |weights|, input of ones) is positively multilinear, so
 * dividing the activation at each cut vertex by its maximum (a constant, outside the gradient) scales R and every
 * weight gradient upstream by the same factor; the logs of the factors are added back. float32 (wasm has no
 * float64); the rescaling keeps every value near 1, so the log agrees with torch's float64 to about 1e-5.
 */
let variables = 0;

function synflow(a: ProxyArgs): number {
    const network = buildNetwork(a.net, a.cell, a.genotype);
    const weights = initWeights(network.params, a.seed, a.init).map((w) => tf.abs(w));
    const layers = weightedLayers(network.params);
    let logScale = 0;
    const cut = (x: tf.Tensor4D): tf.Tensor4D => {
        const s = tf.max(tf.abs(x)).dataSync()[0];
        if (!(s > 0) || !Number.isFinite(s)) throw new ProxyFailure("synflow is 0: the network's output does not depend on its input (no path through the cell)");
        logScale += Math.log(s);
        return tf.div(x, tf.scalar(s));
    };
    const input = tf.ones([1, a.net.inputSize, a.net.inputSize, a.net.inputChannels]) as tf.Tensor4D;
    // Variables, because variableGrads skips weights without a path to the output (a conv behind a `none` edge),
    // as torch leaves their .grad None; tf.grads would throw. tidy does not free variables: the finally does.
    const vars = layers.map((l, j) => tf.variable(weights[l], true, `synflow_${variables++}_${j}`));
    try {
        const all = weights.slice();
        layers.forEach((l, j) => (all[l] = vars[j]));
        const { grads } = tf.variableGrads(() => tf.sum(network.forward(input, { weights: all, bn: false, cut })) as tf.Scalar, vars);
        let total = 0;
        vars.forEach((v) => {
            const g = grads[v.name];
            if (g) total += tf.sum(tf.abs(tf.mul(v, g))).dataSync()[0];
        });
        if (!(total > 0) || !Number.isFinite(total)) throw new ProxyFailure("synflow is 0: the network's output does not depend on its input (no path through the cell)");
        return logScale + Math.log(total);
    } finally {
        for (const v of vars) v.dispose();
    }
}

/** log |det K|, K[i, j] = number of ReLUs where images i and j share their on/off code (Mellor et al. 2021). */
function naswot(a: ProxyArgs): number {
    const network = buildNetwork(a.net, a.cell, a.genotype);
    const weights = initWeights(network.params, a.seed, a.init);
    const n = a.batch;
    const K = new Float64Array(n * n);
    const onRelu = (x: tf.Tensor4D): void => {
        // Agreements: c c^T + (1-c)(1-c)^T = 2 c c^T - s_i - s_j + D; float32 products of 0/1 codes are exact below 2^24.
        tf.tidy(() => {
            const c = tf.cast(tf.greater(tf.reshape(x, [n, -1]), 0), 'float32') as tf.Tensor2D;
            const s = tf.sum(c, 1, true);
            const agree = tf.add(tf.sub(tf.sub(tf.mul(tf.matMul(c, c, false, true), 2), s), tf.transpose(s)), c.shape[1]).dataSync();
            for (let i = 0; i < K.length; i++) K[i] += agree[i];
        });
    };
    const x = tf.randomNormal([n, a.net.inputSize, a.net.inputSize, a.net.inputChannels], 0, 1, 'float32', a.seed + 1) as tf.Tensor4D;
    network.forward(x, { weights, bn: true, onRelu });
    const { sign, logAbs } = slogdet(K, n);
    if (sign <= 0) throw new ProxyFailure(`naswot is -inf for this network (K is ${sign === 0 ? 'singular' : 'not positive'})`);
    return logAbs;
}

/** Sign and log |det| of an n x n row-major matrix, by LU with partial pivoting in float64. */
export function slogdet(matrix: Float64Array, n: number): { sign: number; logAbs: number } {
    const m = Float64Array.from(matrix);
    let sign = 1;
    let logAbs = 0;
    for (let k = 0; k < n; k++) {
        let p = k;
        for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
        const pivot = m[p * n + k];
        if (pivot === 0) return { sign: 0, logAbs: -Infinity };
        if (p !== k) {
            for (let j = 0; j < n; j++) [m[k * n + j], m[p * n + j]] = [m[p * n + j], m[k * n + j]];
            sign = -sign;
        }
        if (pivot < 0) sign = -sign;
        logAbs += Math.log(Math.abs(pivot));
        for (let i = k + 1; i < n; i++) {
            const f = m[i * n + k] / pivot;
            if (f === 0) continue;
            for (let j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
        }
    }
    return { sign, logAbs };
}
