import * as tf from '@tensorflow/tfjs-core';
import { SE_CHAIN_SYNFLOW, TFJS_PROXIES, type ProxyInit, type WireNetwork } from '../../protocol/neural-worker.js';
import { buildArchitecture, isChain, type Architecture } from './architecture.js';
import { symmetricEigenvalues } from '../../engine/report/embedding.js';
import { countParams, initWeights, weightedLayers, type Param } from './network.js';
import { loadFashionMnist, SIDE } from './fashion-mnist.js';
import { batchOf } from './training.js';

/**
 * Zero-cost proxies on tfjs (wasm, webgpu, tensorflow), the same definitions, loss, labels and kinds of input as
 * workers/torch/proxies.py. Training: training.ts.
 *
 * Reads are asynchronous only: webgpu under Node cannot read a tensor synchronously (its dataSync needs an
 * OffscreenCanvas), and a read in the middle of a pass would stall the GPU queue anyway. So each proxy builds
 * its tensors inside one tidy, returns the few it needs, and reads them once at the end (`read`).
 *
 * Micro-batches (docs/proxies.md, "Micro-batches"), as torch's: the seeded batch is computed in chunks of
 * `microBatch` inputs, each in a tidy of its own that keeps only the accumulators (gradient sums, fisher's terms,
 * naswot's codes, the Jacobians), so the heap holds one chunk's activations and backward pass at a time. Batch
 * norm sees each chunk's statistics; with one chunk every value is computed as without micro-batches.
 */

/** A failure of this network (not of the worker): answered as `failed`. */
export class ProxyFailure extends Error {}

export interface ProxyArgs {
    net: WireNetwork;
    /** The cell, or the DARTS cells, of the network (architecture.ts). */
    arch: Architecture;
    genotype: number[];
    seed: number;
    batch: number;
    /** Chunk size (absent: the whole batch at once). */
    microBatch?: number;
    init: ProxyInit;
    /** The data proxies' inputs: seeded random ones (absent), or Fashion-MNIST images from `dataDir`. */
    data?: 'random' | 'fashion_mnist';
    dataDir?: string;
}

interface Chunk {
    start: number;
    size: number;
    /** size / batch: the chunk's weight in a mean over the batch. */
    share: number;
}

/** Consecutive chunks of `microBatch` inputs covering the batch, the last possibly smaller (torch's _chunks). */
function chunksOf(a: ProxyArgs): Chunk[] {
    const step = Math.min(a.microBatch ?? a.batch, a.batch);
    const out: Chunk[] = [];
    for (let start = 0; start < a.batch; start += step) {
        const size = Math.min(step, a.batch - start);
        out.push({ start, size, share: size / a.batch });
    }
    return out;
}

/** Rows [start, start + size) of `t` along the batch; `t` itself for the whole batch (no copy, as before chunks). */
function rows<T extends tf.Tensor>(t: T, c: Chunk, batch: number): T {
    return c.size === batch ? t : (tf.slice(t, c.start, c.size) as T);
}

export async function computeProxy(name: string, a: ProxyArgs): Promise<number> {
    switch (name) {
        case 'params':
            return countParams(buildArchitecture(a.net, a.arch, a.genotype).params);
        case 'flops':
            return tf.tidy(() => flops(a));
        case 'synflow':
            return synflow(a);
        case 'naswot':
            return naswot(a);
        case 'grad_norm':
            return (await read(() => [sumOf(lossGradients(a).map(({ grad }) => tf.sqrt(sumAll(tf.square(grad)))))]))[0][0];
        case 'snip':
            return (await read(() => [saliency(lossGradients(a))]))[0][0];
        case 'jacob_cov':
            return jacobCov(a);
        case 'fisher':
            return fisher(a);
        default:
            throw new ProxyFailure(`proxy ${name} is not built on the tfjs back-ends (they have: ${TFJS_PROXIES.join(', ')}); the torch back-end has it (--backend torch)`);
    }
}

/**
 * Runs `build` in a tidy and reads the tensors it returns, in float64. `kept` tensors (tf.keep'd inside
 * gradient functions, which run in tidies of their own) are disposed after the read.
 */
async function read(build: (kept: tf.Tensor[]) => tf.Tensor[]): Promise<Float64Array[]> {
    const kept: tf.Tensor[] = [];
    try {
        const out = tf.tidy(() => build(kept));
        try {
            return await Promise.all(out.map(async (t) => Float64Array.from(await t.data())));
        } finally {
            tf.dispose(out);
        }
    } finally {
        tf.dispose(kept);
    }
}

/** The sum of every element of `tensors`, pairwise: tf.addN of many inputs can exceed a WebGPU shader's storage-buffer limit and silently give zeros. */
function sumOf(tensors: tf.Tensor[]): tf.Scalar {
    return tensors.reduce<tf.Scalar>((acc, t) => tf.add(acc, sumAll(t)) as tf.Scalar, tf.scalar(0));
}

/**
 * The sum of a tensor's elements in two levels (rows of about sqrt(n) elements, then the row sums). wasm's Sum adds
 * the elements one after another in float32, an error growing with n: measured, the norm of a chain classifier's
 * 1280 x 10 gradient came out 11.1875 where float64 gives 11.188272 (grad_norm 7e-5 off torch's); in two levels
 * the error grows with about 2 sqrt(n).
 */
function sumAll(t: tf.Tensor): tf.Scalar {
    const n = t.size;
    if (n <= 256) return tf.sum(t);
    const cols = Math.ceil(Math.sqrt(n));
    const rows = Math.ceil(n / cols);
    const flat = tf.reshape(t, [n]);
    const padded = rows * cols === n ? flat : tf.pad(flat, [[0, rows * cols - n]]);
    return tf.sum(tf.sum(tf.reshape(padded, [rows, cols]), 1));
}

function flops(a: ProxyArgs): number {
    const network = buildArchitecture(a.net, a.arch, a.genotype);
    const counter = { total: 0 };
    network.forward(tf.zeros([1, a.net.inputSize, a.net.inputSize, a.net.inputChannels]), { weights: initWeights(network.params, a.seed, 'constant'), bn: true, flops: counter });
    return counter.total;
}

/**
 * log synflow, exact: the linearised network (no BN, |weights|, input of ones) is positively multilinear, so
 * dividing the activation at each cut vertex by its maximum (a constant, outside the gradient) scales R and every
 * weight gradient upstream by the same factor; the logs of the factors are added back. float32 (wasm has no
 * float64); the rescaling keeps every value near 1, so the log agrees with torch's float64 to about 1e-5.
 * A layer chain is rescaled at its stem and block outputs (chain-network.ts), exact without SE only: with SE it is
 * refused (the engine refuses it before a run: neural-evaluator.ts).
 */
async function synflow(a: ProxyArgs): Promise<number> {
    if (isChain(a.arch) && a.arch.se.includes(true)) throw new ProxyFailure(`${SE_CHAIN_SYNFLOW}: use --backend torch`);
    const noPath = "synflow is 0: the network's output does not depend on its input (no path through the cell)";
    const [total, scales] = await read((kept) => {
        const network = buildArchitecture(a.net, a.arch, a.genotype);
        const weights = initWeights(network.params, a.seed, a.init).map((w) => tf.abs(w));
        const cut = (x: tf.Tensor4D): tf.Tensor4D => {
            const s = tf.keep(tf.max(tf.abs(x)));
            kept.push(s);
            return divideByConstant(x, s);
        };
        const input = tf.ones([1, a.net.inputSize, a.net.inputSize, a.net.inputChannels]) as tf.Tensor4D;
        const sum = saliency(weightGradients(network.params, weights, (all) => tf.sum(network.forward(input, { weights: all, bn: false, cut })) as tf.Scalar));
        return [sum, tf.stack(kept)];
    });
    // A zero scale means no path (the rest is then NaN): that is the answer, not the NaN.
    if (!scales.every((s) => s > 0 && Number.isFinite(s)) || !(total[0] > 0) || !Number.isFinite(total[0])) throw new ProxyFailure(noPath);
    return scales.reduce((sum, s) => sum + Math.log(s), 0) + Math.log(total[0]);
}

/** x / s with s a constant for the gradient (synflow's rescaling is outside the derivative, as torch's .detach()). */
const divideByConstant = tf.customGrad(((x: tf.Tensor, s: tf.Tensor) => ({
    value: tf.div(x, s),
    gradFunc: (dy: tf.Tensor) => [tf.div(dy, s), tf.zerosLike(s)],
})) as never) as unknown as (x: tf.Tensor4D, s: tf.Tensor) => tf.Tensor4D;

let variables = 0;

/**
 * The gradients of `f` with respect to the conv and linear weights, for the weights that have one. Variables,
 * because variableGrads skips a weight without a path to the output (a conv behind a `none` edge), as torch
 * leaves its .grad None, where tf.grads would throw. tidy does not free variables: the finally does (the
 * gradients and the weights' values stay in the caller's tidy).
 */
function weightGradients(params: readonly Param[], weights: tf.Tensor[], f: (all: tf.Tensor[]) => tf.Scalar): Array<{ weight: tf.Tensor; grad: tf.Tensor }> {
    const layers = weightedLayers(params);
    const vars = layers.map((l, j) => tf.variable(weights[l], true, `proxy_${variables++}_${j}`));
    try {
        const all = weights.slice();
        layers.forEach((l, j) => (all[l] = vars[j]));
        const { grads } = tf.variableGrads(() => f(all), vars);
        return layers.flatMap((l, j) => (grads[vars[j].name] ? [{ weight: weights[l], grad: grads[vars[j].name] }] : []));
    } finally {
        for (const v of vars) v.dispose();
    }
}

/**
 * The inputs of every proxy but synflow and flops: `batch` standard-normal images (seed + 1) and labels uniform
 * over the classes (seed + 2), as torch's _inputs draws them (the same laws; tfjs's generator, so not torch's
 * numbers). The labels come one-hot, for the loss. Exported for the micro-batch test's by-hand reference
 * (test/fixtures/neural/micro-batch-probe.ts), which must see the same inputs.
 */
export function inputs(a: ProxyArgs): { x: tf.Tensor4D; labels: tf.Tensor2D } {
    if (a.data === 'fashion_mnist') return fashionInputs(a);
    const x = tf.randomNormal([a.batch, a.net.inputSize, a.net.inputSize, a.net.inputChannels], 0, 1, 'float32', a.seed + 1) as tf.Tensor4D;
    const labels = tf.oneHot(tf.randomUniformInt([a.batch], 0, a.net.classes, a.seed + 2), a.net.classes) as tf.Tensor2D;
    return { x, labels };
}

/**
 * The training images a batch uses, the same as workers/torch/proxies.py fashion_indices: i-th = (seed * 7919 +
 * i * 15485863) mod count (exact in doubles for any seed below 2^40; distinct while batch <= count).
 */
export function fashionIndices(count: number, batch: number, seed: number): number[] {
    return Array.from({ length: batch }, (_, i) => (seed * 7919 + i * 15485863) % count);
}

/** Fashion-MNIST images and labels as torch's worker makes them: normalised, resized bilinearly (half-pixel centres, torch's align_corners=False), repeated over the channels. */
function fashionInputs(a: ProxyArgs): { x: tf.Tensor4D; labels: tf.Tensor2D } {
    const { train } = loadFashionMnist(a.dataDir);
    if (a.batch > train.count) throw new ProxyFailure(`data fashion_mnist: a batch of ${a.batch} is more than the ${train.count} training images`);
    const batch = batchOf(train, fashionIndices(train.count, a.batch, a.seed), a.net.classes);
    let x = batch.x;
    const size = a.net.inputSize;
    if (size !== SIDE) x = tf.image.resizeBilinear(x, [size, size], false, true);
    if (a.net.inputChannels > 1) x = tf.tile(x, [1, 1, 1, a.net.inputChannels]);
    return { x, labels: batch.labels };
}

/** torch's F.cross_entropy: mean over the batch of -log softmax(logits)[label]. */
function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/**
 * The cross-entropy gradients of the conv and linear weights, in training mode (batch statistics), seeded init:
 * the gradient of the whole batch's mean loss. Each chunk's mean loss, weighted by its share of the batch, is
 * differentiated in a tidy of its own and added to the sums, which are all that outlives the chunk.
 * `onLayerFor(share)` gives the chunk's layer taps (fisher's).
 */
function lossGradients(a: ProxyArgs, onLayerFor?: (share: number) => (y: tf.Tensor) => tf.Tensor): Array<{ weight: tf.Tensor; grad: tf.Tensor }> {
    const network = buildArchitecture(a.net, a.arch, a.genotype);
    const weights = initWeights(network.params, a.seed, a.init);
    const { x, labels } = inputs(a);
    let sums: Array<{ weight: tf.Tensor; grad: tf.Tensor }> = [];
    chunksOf(a).forEach((c, k) => {
        const before = sums;
        sums = tf.tidy(() => {
            const onLayer = onLayerFor?.(c.share);
            const loss = (all: tf.Tensor[]): tf.Scalar => {
                const mean = crossEntropy(network.forward(rows(x, c, a.batch), { weights: all, bn: true, onLayer }), rows(labels, c, a.batch));
                return c.size === a.batch ? mean : (tf.mul(mean, c.share) as tf.Scalar);
            };
            const mine = weightGradients(network.params, weights, loss);
            // The same layers have a gradient in every chunk (which ones is the cell's structure, not the data's).
            return k === 0 ? mine : mine.map(({ weight, grad }, j) => ({ weight, grad: tf.add(before[j].grad, grad) }));
        });
        if (k > 0) tf.dispose(before.map(({ grad }) => grad));
    });
    return sums;
}

/** Sum of |theta * g| over the weights: synflow's score (g of the rescaled output) and snip's (g of the loss). */
function saliency(gradients: ReadonlyArray<{ weight: tf.Tensor; grad: tf.Tensor }>): tf.Scalar {
    return sumOf(gradients.map(({ weight, grad }) => tf.abs(tf.mul(weight, grad))));
}

/**
 * Sum over conv/linear outputs a and channels of 0.5 * mean over the batch of (sum over pixels a * dL/da)^2
 * (Theis et al. 2018). Each layer's output passes through an identity whose gradient function sees dL/da (torch
 * retains the output's .grad); an output with no path to the loss is never reached, as torch's stays None. With
 * chunks, dy is already the whole-batch loss's (the chunk's loss carries its share) and the batch mean is the sum
 * of each chunk's mean times its share.
 */
async function fisher(a: ProxyArgs): Promise<number> {
    const [total] = await read((kept) => {
        const tapFor = (share: number) => tf.customGrad(((y: tf.Tensor, save: tf.GradSaveFunc) => {
            save([y]);
            return {
                value: tf.clone(y),
                gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
                    kept.push(
                        tf.keep(
                            tf.tidy(() => {
                                const prod = tf.mul(saved[0], dy);
                                const perChannel = prod.rank === 4 ? tf.sum(prod, [1, 2]) : prod;
                                return tf.mul(tf.sum(tf.mean(tf.square(perChannel), 0)), 0.5 * share);
                            }),
                        ),
                    );
                    return dy;
                },
            };
        }) as never) as unknown as (y: tf.Tensor) => tf.Tensor;
        lossGradients(a, tapFor);
        return [sumOf(kept)];
    });
    return total[0];
}

/**
 * -sum(log(v + k) + 1/(v + k)) over the eigenvalues v of the correlation matrix of the per-image input Jacobians
 * (Mellor et al. 2020, v1; k = 1e-5): the gradient of the sum of the outputs with respect to the images, in
 * training mode, as torch's y.backward(ones). The correlation and eigenvalues in float64, as numpy's.
 */
async function jacobCov(a: ProxyArgs): Promise<number> {
    const [J] = await read(() => {
        const network = buildArchitecture(a.net, a.arch, a.genotype);
        const weights = initWeights(network.params, a.seed, a.init);
        const { x } = inputs(a);
        try {
            // Each image's Jacobian is its own row: the chunks' rows, concatenated.
            const parts = chunksOf(a).map((c) => tf.tidy(() => tf.grad((xi: tf.Tensor) => tf.sum(network.forward(xi as tf.Tensor4D, { weights, bn: true })))(rows(x, c, a.batch))));
            return [parts.length === 1 ? parts[0] : tf.concat(parts)];
        } catch (e) {
            // tf.grad throws when the output has no path from the input; torch's x.grad is then None.
            if (/Cannot compute gradient/.test((e as Error).message)) throw new ProxyFailure("jacob_cov: the network's output does not depend on its input (no path through the cell)");
            throw e;
        }
    });
    const n = a.batch;
    const d = J.length / n;
    // Rows centred and scaled to unit norm: their products are numpy's corrcoef (the order of the features
    // within a row, NHWC here and NCHW in torch, does not change it).
    for (let i = 0; i < n; i++) {
        let mean = 0;
        for (let j = 0; j < d; j++) mean += J[i * d + j];
        mean /= d;
        let norm = 0;
        for (let j = 0; j < d; j++) norm += (J[i * d + j] -= mean) ** 2;
        norm = Math.sqrt(norm);
        for (let j = 0; j < d; j++) J[i * d + j] /= norm;
    }
    const corr = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
        for (let k = i; k < n; k++) {
            let s = 0;
            for (let j = 0; j < d; j++) s += J[i * d + j] * J[k * d + j];
            // numpy clips to [-1, 1] too.
            corr[i * n + k] = corr[k * n + i] = Math.max(-1, Math.min(1, s));
        }
    if (!corr.every(Number.isFinite)) return NaN;
    const k = 1e-5;
    return -symmetricEigenvalues(corr, n).reduce((sum, v) => sum + Math.log(v + k) + 1 / (v + k), 0);
}

/** log |det K|, K[i, j] = number of ReLUs where images i and j share their on/off code (Mellor et al. 2021). */
async function naswot(a: ProxyArgs): Promise<number> {
    const n = a.batch;
    // One n x n agreement matrix per ReLU layer, read together and added in float64 (each is an exact float32
    // integer, below 2^24; their sum over the network need not be).
    const [agreements] = await read(() => {
        const network = buildArchitecture(a.net, a.arch, a.genotype);
        const weights = initWeights(network.params, a.seed, a.init);
        const { x } = inputs(a);
        // codes[k][r]: chunk k's on/off codes (bool) at the r-th ReLU of a pass. K needs the codes of every pair of
        // images, so each ReLU's codes are concatenated over the chunks; only they outlive a chunk's tidy.
        const codes = chunksOf(a).map((c) =>
            tf.tidy(() => {
                const mine: tf.Tensor[] = [];
                network.forward(rows(x, c, a.batch), { weights, bn: true, onRelu: (r) => void mine.push(tf.greater(tf.reshape(r, [c.size, -1]), 0)) });
                return mine;
            }),
        );
        // Agreements: c c^T + (1-c)(1-c)^T = 2 c c^T - s_i - s_j + D. Its own tidy frees the float codes at once.
        const layers = codes[0].map((_, r) =>
            tf.tidy(() => {
                const c = tf.cast(codes.length === 1 ? codes[0][r] : tf.concat(codes.map((k) => k[r])), 'float32') as tf.Tensor2D;
                const s = tf.sum(c, 1, true);
                return tf.add(tf.sub(tf.sub(tf.mul(tf.matMul(c, c, false, true), 2), s), tf.transpose(s)), c.shape[1]);
            }),
        );
        return [tf.stack(layers)];
    });
    const K = new Float64Array(n * n);
    for (let i = 0; i < agreements.length; i++) K[i % K.length] += agreements[i];
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
