import * as tf from '@tensorflow/tfjs-core';
import type { EpochRecord, TrainSettings, WireNetwork } from '../../protocol/neural-worker.js';
import { buildArchitecture, type Architecture } from './architecture.js';
import { Rng } from '../../engine/rng.js';
import { CLASSES, loadFashionMnist, normalised, SIDE, type Images } from './fashion-mnist.js';
import { accumulatedGradients } from './micro-batch.js';
import { initWeights, type Network, type NormStatistics } from './network.js';

/**
 * Short real training of one network on Fashion-MNIST on a tfjs engine: workers/torch/training.py's recipe, step
 * for step. SGD with Nesterov momentum 0.9 and weight decay 5e-4 (on every parameter, batch norm's included, as
 * torch's optimizer over model.parameters()), a cosine learning rate over all steps (CosineAnnealingLR, T_max =
 * steps, minimum 0), cross-entropy. The split is drawn from the seed: `subset` training images, `validation`
 * further training images held out (disjoint), `test` images of the official test set; each epoch visits the
 * subset in a fresh seeded order. Validation and test accuracy in inference mode (batch norm on its running
 * averages, updated as torch's: momentum 0.1, unbiased variance). Returns the validation accuracy of the last
 * epoch (the metric), the test accuracy (the report) and one record per epoch, each handed to `onEpoch` as it ends.
 *
 * Randomness is this project's seeded generator (engine/rng.ts) and tfjs's seeded initialiser, so the split,
 * the order and the initial weights are not torch's numbers for the same seed (the laws are the same): the
 * accuracy of a network differs between back-ends by the noise of a short training, and on one engine the same
 * seed gives the same accuracy. `settings.microBatch` computes each step's batch in chunks (micro-batch.ts).
 */
export class TrainingFailed extends Error {}

const MOMENTUM = 0.9;
const WEIGHT_DECAY = 5e-4;
/** torch's BatchNorm2d momentum: running = (1 - m) * running + m * batch statistic. */
const NORM_MOMENTUM = 0.1;
/** Inference batch (training.py's `_accuracy`). */
const EVAL_BATCH = 256;

/** The loss summed (not averaged) over the inputs: the chunks of a micro-batched step add up to the batch's. */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    return tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)))) as tf.Scalar;
}

/** Python's '%g' (training.py's message says the learning rate so). */
export function formatG(x: number): string {
    if (!Number.isFinite(x) || x === 0) return String(x).toLowerCase().replace('infinity', 'inf');
    const exponent = Math.floor(Math.log10(Math.abs(x)));
    if (exponent < -4 || exponent >= 6) {
        const [m, e] = x.toExponential(5).split('e');
        return `${m.replace(/\.?0+$/, '')}e${e[0]}${e.slice(1).padStart(2, '0')}`;
    }
    return x.toPrecision(6).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

let trainers = 0;

/**
 * One network with its trainable weights (tfjs variables), momentum buffers and batch norm's running averages:
 * a training step, and accuracy in inference mode. dispose() frees them all.
 */
export class Trainer {
    readonly network: Network;
    readonly vars: tf.Variable[];
    private readonly momentum: Array<tf.Tensor | undefined>;
    private readonly runningMean: tf.Tensor[];
    private readonly runningVariance: tf.Tensor[];

    constructor(net: WireNetwork, arch: Architecture, genotype: number[], seed: number) {
        this.network = buildArchitecture(net, arch, genotype);
        const id = trainers++;
        this.vars = initWeights(this.network.params, seed, 'seeded').map((w, i) => {
            const v = tf.variable(w, true, `train_${id}_${i}`);
            w.dispose();
            return v;
        });
        this.momentum = this.vars.map(() => undefined);
        this.runningMean = this.network.norms.map((c) => tf.zeros([c]));
        this.runningVariance = this.network.norms.map((c) => tf.ones([c]));
    }

    /**
     * One SGD step on the batch (NHWC images, one-hot labels) at learning rate `lr`, in chunks of `microBatch`;
     * resolves to the batch's mean loss (NaN and infinities included: the caller decides).
     */
    async step(x: tf.Tensor4D, labels: tf.Tensor2D, lr: number, microBatch?: number): Promise<number> {
        const size = x.shape[0];
        const norm: NormStatistics = { mode: 'batch', record: (layer, mean, variance, count) => this.updateRunning(layer, mean, variance, count) };
        const loss = tf.tidy(() => {
            const { loss, grads } = accumulatedGradients(this.vars, size, microBatch, (start, count) => {
                const logits = this.network.forward(tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]), { weights: this.vars, bn: true, norm });
                return crossEntropySum(logits, tf.slice(labels, [start, 0], [count, -1]));
            });
            this.apply(grads, lr);
            return loss;
        });
        const value = (await loss.data())[0];
        loss.dispose();
        return value;
    }

    /** torch's SGD(momentum, nesterov, weight_decay); a parameter without a gradient is left alone, as torch's. */
    private apply(grads: ReadonlyArray<tf.Tensor | undefined>, lr: number): void {
        this.vars.forEach((v, i) => {
            const grad = grads[i];
            if (!grad) return;
            const g = tf.add(grad, tf.mul(v, WEIGHT_DECAY));
            const previous = this.momentum[i];
            const buf = previous ? tf.add(tf.mul(previous, MOMENTUM), g) : g;
            v.assign(tf.sub(v, tf.mul(tf.add(g, tf.mul(buf, MOMENTUM)), lr)));
            this.momentum[i] = tf.keep(buf);
            previous?.dispose();
        });
    }

    /** Called inside the forward pass (under the gradient tape): the new averages are kept, the old freed. */
    private updateRunning(layer: number, mean: tf.Tensor1D, variance: tf.Tensor1D, count: number): void {
        const unbiased = count > 1 ? count / (count - 1) : 1;
        const [m, v] = tf.tidy(() => [
            tf.add(tf.mul(this.runningMean[layer], 1 - NORM_MOMENTUM), tf.mul(mean, NORM_MOMENTUM)),
            tf.add(tf.mul(this.runningVariance[layer], 1 - NORM_MOMENTUM), tf.mul(variance, NORM_MOMENTUM * unbiased)),
        ]);
        this.runningMean[layer].dispose();
        this.runningVariance[layer].dispose();
        this.runningMean[layer] = tf.keep(m);
        this.runningVariance[layer] = tf.keep(v);
    }

    /** Accuracy in percent on `indices` of `set`, in inference mode (running averages), batches of 256. */
    async accuracy(set: Images, indices: readonly number[]): Promise<number> {
        let correct = 0;
        const norm: NormStatistics = { mode: 'running', mean: this.runningMean, variance: this.runningVariance };
        for (let i = 0; i < indices.length; i += EVAL_BATCH) {
            const idx = indices.slice(i, i + EVAL_BATCH);
            const hits = tf.tidy(() => {
                const logits = this.network.forward(tf.tensor4d(normalised(set, idx), [idx.length, SIDE, SIDE, 1]), { weights: this.vars, bn: true, norm });
                return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(idx.map((j) => set.labels[j]), 'int32')), 'int32'));
            });
            correct += (await hits.data())[0];
            hits.dispose();
        }
        return (100 * correct) / Math.max(1, indices.length);
    }

    /** The current weights, read (for tests). */
    async weights(): Promise<Float32Array[]> {
        return Promise.all(this.vars.map(async (v) => Float32Array.from(await v.data())));
    }

    dispose(): void {
        tf.dispose([...this.vars, ...this.runningMean, ...this.runningVariance]);
        tf.dispose(this.momentum.filter((t): t is tf.Tensor => t !== undefined));
    }
}

/**
 * A batch of `set`'s images at `indices`, as tensors: normalised NHWC images (28 x 28, one channel) and one-hot
 * labels over `classes` (modulo it: a network with fewer classes than Fashion-MNIST's 10 still gets valid labels).
 * Training's batches and the proxies' Fashion-MNIST inputs (proxies.ts) alike.
 */
export function batchOf(set: Images, indices: readonly number[], classes = CLASSES): { x: tf.Tensor4D; labels: tf.Tensor2D } {
    return tf.tidy(() => ({
        x: tf.tensor4d(normalised(set, indices), [indices.length, SIDE, SIDE, 1]),
        labels: tf.oneHot(tf.tensor1d(indices.map((j) => set.labels[j] % classes), 'int32'), classes) as tf.Tensor2D,
    }));
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The seeded split: training subset, held-out validation (disjoint from it), test subset. */
export function split(train: number, test: number, s: Pick<TrainSettings, 'subset' | 'validation' | 'test' | 'seed'>): { train: number[]; validation: number[]; test: number[] } {
    if (s.subset + s.validation > train) throw new TrainingFailed(`subset ${s.subset} + validation ${s.validation} exceed the ${train} training images`);
    const rng = new Rng(s.seed);
    const order = rng.shuffle(range(train));
    return { train: order.slice(0, s.subset), validation: order.slice(s.subset, s.subset + s.validation), test: rng.shuffle(range(test)).slice(0, s.test) };
}

export interface TrainResult {
    validation: number;
    test: number;
    epochs: EpochRecord[];
}

export async function train(net: WireNetwork, arch: Architecture, genotype: number[], settings: TrainSettings, onEpoch: (r: EpochRecord) => void): Promise<TrainResult> {
    const data = loadFashionMnist(settings.dataDir);
    const { epochs, batch, lr, subset, seed, microBatch } = settings;
    const parts = split(data.train.count, data.test.count, settings);
    // The data set decides the input and the classes (training.py does the same).
    const trainer = new Trainer({ ...net, inputChannels: 1, inputSize: SIDE, classes: CLASSES }, arch, genotype, seed);
    try {
        const steps = Math.max(1, epochs * Math.ceil(subset / batch));
        const order = new Rng(`${seed}:epochs`);
        const records: EpochRecord[] = [];
        let t = 0;
        for (let epoch = 1; epoch <= epochs; epoch++) {
            const started = performance.now();
            const perm = order.shuffle(parts.train);
            let total = 0;
            for (let i = 0; i < subset; i += batch) {
                const idx = perm.slice(i, i + batch);
                const { x, labels } = batchOf(data.train, idx);
                // CosineAnnealingLR: the rate of step t (0-based) is lr (1 + cos(pi t / steps)) / 2.
                const loss = await trainer.step(x, labels, (lr * (1 + Math.cos((Math.PI * t++) / steps))) / 2, microBatch).finally(() => tf.dispose([x, labels]));
                if (!Number.isFinite(loss)) throw new TrainingFailed(`loss became ${formatG(loss)} at epoch ${epoch} (learning rate ${formatG(lr)} too high?)`);
                total += loss * idx.length;
            }
            const record: EpochRecord = { epoch, loss: total / Math.max(1, subset), validation: await trainer.accuracy(data.train, parts.validation), seconds: (performance.now() - started) / 1000 };
            records.push(record);
            onEpoch(record);
        }
        return { validation: records[records.length - 1].validation, test: await trainer.accuracy(data.test, parts.test), epochs: records };
    } finally {
        trainer.dispose();
    }
}
