import * as tf from '@tensorflow/tfjs-core';
import { chainLayers, expandedChannels, makeDivisible, SE_RATIO, type ChainLayer } from '../../engine/cost/chain.js';
import type { WireChain, WireNetwork } from '../../protocol/neural-worker.js';
import { depthwiseLayer } from './depthwise.js';
import { batchNorm, Builder, classifier, conv, relu, type Forward, type Network, type Pass } from './network.js';

/**
 * Layer-chain networks (MobileNetV2-style inverted residuals) in tfjs (NHWC): the same network as the torch
 * worker's workers/torch/chain.py, whose docstring (and engine/cost/chain.ts's, whose helpers this file uses for
 * the widths) says the structure:
 *   stem Conv3x3 + BN + ReLU6; per layer an inverted residual ([Conv1x1 expand + BN + ReLU6 unless expand 1],
 *   depthwise Convkxk(stride) + BN + ReLU6, [squeeze-and-excitation], Conv1x1 project + BN, the input added when
 *   stride 1 and cin = cout); head Conv1x1 + BN + ReLU6, global average pooling, Linear.
 * Parameters are listed in torch's module order (the stem, each block's body in order, the head, the classifier).
 *
 * `pass.bn` false is synflow's linearised network, as chain.py's bn=False: no BN, and ReLU for ReLU6 (with |weights|
 * and an input of ones every activation is positive, so ReLU6 would clip at 6 and cut the gradients synflow sums).
 * `pass.cut` is called at the stem's output and at each block's output (the network's cut vertices): without BN,
 * with ReLU and without SE every block is positively homogeneous of degree 1 in its input, so synflow's rescaling
 * there is exact. With SE it is not (the sigmoid gate): proxies.ts refuses synflow on a chain whose space allows SE.
 */

/** ReLU6 (ReLU in the linearised network); naswot's codes read its input, as torch's hook on nn.ReLU6 does. */
function activation(x: tf.Tensor4D, pass: Pass): tf.Tensor4D {
    if (!pass.bn) return relu(x, pass);
    pass.onRelu?.(x);
    return tf.relu6(x);
}

/** chain.py's _conv_bn_act: a conv (depthwise when `depthwise`) without bias, padding k // 2, BN, ReLU6 unless `act` is false. */
function convBnAct(b: Builder, cin: number, cout: number, k: number, stride: number, options: { depthwise?: boolean; act?: boolean } = {}): Forward {
    const c = options.depthwise ? depthwiseLayer(b, cin, k, stride, 1) : conv(b, cin, cout, k, stride, Math.floor(k / 2));
    const n = batchNorm(b, cout);
    const act = options.act ?? true;
    return (x, pass) => {
        const y = n(c(x, pass), pass);
        return act ? activation(y, pass) : y;
    };
}

/** A Conv1x1 with a bias on a 1x1 map (the SE's reduce and expand): a matrix product; its FLOPs Cin*Cout + Cout. */
function biasedConv1x1(b: Builder, cin: number, cout: number): Forward {
    const weight = b.add('conv', [1, 1, cin, cout], cin);
    const bias = b.add('bias', [cout], cin);
    return (x, pass) => {
        const batch = x.shape[0];
        const y = tf.add(tf.matMul(tf.reshape(x, [batch, cin]), tf.reshape(pass.weights[weight], [cin, cout])), pass.weights[bias]);
        if (pass.flops) pass.flops.total += cin * cout + cout;
        // torch's hook on the Conv2d sees its output with the bias added: fisher's tap too.
        const out = tf.reshape(y, [batch, 1, 1, cout]) as tf.Tensor4D;
        return pass.onLayer ? (pass.onLayer(out) as tf.Tensor4D) : out;
    };
}

/** chain.py's SqueezeExcite: global pooling, Conv1x1(c -> squeeze) + ReLU, Conv1x1(squeeze -> c), sigmoid, scale. */
function squeezeExcite(b: Builder, channels: number): Forward {
    const squeeze = makeDivisible(channels * SE_RATIO);
    const reduce = biasedConv1x1(b, channels, squeeze);
    const expand = biasedConv1x1(b, squeeze, channels);
    return (x, pass) => {
        const pooled = tf.mean(x, [1, 2], true) as tf.Tensor4D;
        const gate = tf.sigmoid(expand(relu(reduce(pooled, pass), pass), pass));
        return tf.mul(x, gate) as tf.Tensor4D;
    };
}

/** chain.py's InvertedResidual. */
function invertedResidual(b: Builder, cin: number, cout: number, layer: ChainLayer, stride: number): Forward {
    const hidden = expandedChannels(cin, layer.expand);
    const body: Forward[] = [];
    if (layer.expand !== 1) body.push(convBnAct(b, cin, hidden, 1, 1));
    body.push(convBnAct(b, hidden, hidden, layer.kernel, stride, { depthwise: true }));
    if (layer.se) body.push(squeezeExcite(b, hidden));
    body.push(convBnAct(b, hidden, cout, 1, 1, { act: false }));
    const residual = stride === 1 && cin === cout;
    return (x, pass) => {
        const y = body.reduce((t, f) => f(t, pass), x);
        return residual ? (tf.add(x, y) as tf.Tensor4D) : y;
    };
}

export function buildChainNetwork(net: WireNetwork, chain: WireChain, genotype: number[]): Network {
    const total = chain.stages.reduce((n, s) => n + s.layers, 0);
    if (genotype.length !== 3 * total + 1) throw new Error(`a chain genotype of ${total} layers has ${3 * total + 1} numbers, got ${genotype.length}`);
    const { layers, width } = chainLayers(chain, genotype);
    const w = (c: number): number => makeDivisible(c * width);
    const b = new Builder();
    let channels = w(chain.stem);
    const stem = convBnAct(b, net.inputChannels, channels, 3, 1);
    const blocks: Forward[] = [];
    let i = 0;
    for (const stage of chain.stages) {
        const cout = w(stage.channels);
        for (let k = 0; k < stage.layers; k++) {
            blocks.push(invertedResidual(b, channels, cout, layers[i++], k === 0 ? stage.stride : 1));
            channels = cout;
        }
    }
    const features = makeDivisible(chain.head * Math.max(1, width));
    const head = convBnAct(b, channels, features, 1, 1);
    const classify = classifier(b, features, net.classes);
    return {
        params: b.params,
        norms: b.norms,
        forward: (input, pass) => {
            const cut = (t: tf.Tensor4D): tf.Tensor4D => (pass.cut ? pass.cut(t) : t);
            let x = cut(stem(input, pass));
            for (const block of blocks) x = cut(block(x, pass));
            return classify(head(x, pass), pass);
        },
    };
}

/** What the shape check cannot say of a chain request (worker.py check_chain and _chain_genotype_ok, with their messages). */
export function chainProblem(c: WireChain, genotypes: number[][], many: boolean): string | undefined {
    for (const k of ['stem', 'head', 'classes', 'inputSize', 'inputChannels'] as const) if (!(c[k] >= 1)) return `chain.${k}: expected an integer >= 1`;
    if (c.stages.length === 0 || c.stages.some((s) => !(s.channels >= 1 && (s.stride === 1 || s.stride === 2) && s.layers >= 1))) return 'chain.stages: expected {channels >= 1, stride 1 or 2, layers >= 1} objects';
    if (c.kernel.length === 0 || c.kernel.some((k) => !(k >= 1 && k % 2 === 1))) return 'chain.kernel: expected odd integers >= 1';
    if (c.expand.length === 0 || c.expand.some((e) => !(e > 0))) return 'chain.expand: expected numbers > 0';
    if (c.se.length === 0) return 'chain.se: expected booleans';
    if (c.width.length === 0 || c.width.some((x) => !(x > 0))) return 'chain.width: expected numbers > 0';
    const n = c.stages.reduce((sum, s) => sum + s.layers, 0);
    const sizes = [c.kernel.length, c.expand.length, c.se.length];
    for (const [k, g] of genotypes.entries())
        if (g.length !== 3 * n + 1 || g.slice(0, -1).some((x, i) => x >= sizes[i % 3]) || g[g.length - 1] >= c.width.length)
            return `${many ? `genotypes[${k}]` : 'genotype'}: expected per layer [kernel, expand, se] indices, then a width index, each inside its list`;
    return undefined;
}
