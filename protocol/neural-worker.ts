/**
 * Messages between the engine's neural evaluators (engine/evaluate/neural/) and the neural workers (the torch
 * worker workers/torch/worker.py, the wasm worker workers/tfjs/worker.ts), one JSON object per line over the worker's stdin/stdout. The worker checks every
 * request (worker.py `check_request`); the engine checks every line it reads with the validators below, so a
 * worker of another version, or a library printing on stdout, is a clear failure and never a wrong number.
 *
 * Like every file of protocol/, it imports nothing outside protocol/.
 */
import { arrayOf, bool, int, nonEmptyArrayOf, nullable, num, oneOf, opt, positiveInt, shape, str, validator, type Check } from './check.js';

/** engine/spec.ts's `NetworkSpec`, restated. */
export interface WireNetwork {
    stem: number;
    stages: number[];
    cellsPerStage: number;
    reduction: 'resnet' | 'cell';
    classes: number;
    inputSize: number;
    inputChannels: number;
}

/** One edge op, resolved (engine/cost/ops.ts's cost kinds, plus the pooling mode). */
export type WireOp = { kind: 'zero' } | { kind: 'identity' } | { kind: 'relu_conv_bn'; kernel: number } | { kind: 'pool'; kernel: number; mode: 'avg' | 'max' };

export interface WireCell {
    nodes: number;
    edges: Array<[number, number]>;
    ops: WireOp[];
}

/**
 * A chain network (engine/cost/chain.ts `ChainNetwork`, restated): MobileNetV2-style inverted residuals. Channel
 * counts before the width multiplier; `kernel`, `expand`, `se`, `width`: the value of each choice index. A chain
 * genotype is, per layer, [kernel, expand, se] indices, then the width index.
 */
export interface WireChain {
    kind: 'chain';
    stem: number;
    stages: Array<{ channels: number; stride: number; layers: number }>;
    head: number;
    classes: number;
    inputSize: number;
    inputChannels: number;
    kernel: number[];
    expand: number[];
    se: boolean[];
    width: number[];
}

/** An op of a DARTS cell: the cell ops, and DARTS's separable and dilated separable convolutions (all C -> C). */
export type WireDartsOp = WireOp | { kind: 'sep_conv'; kernel: number } | { kind: 'dil_conv'; kernel: number; dilation: number };

/** One DARTS cell (engine/spec.ts DartsCellSpec; its two inputs are the two previous cells). */
export interface WireDartsCell {
    nodes: number;
    pick: number;
    ops: WireDartsOp[];
}

/** The numbers of one DARTS cell's genotype: per node its `pick` picked input ids, then an op index per picked input. */
export function dartsCellGenotypeLength(cell: WireDartsCell): number {
    return 2 * cell.pick * cell.nodes;
}

/**
 * A DARTS cell network (workers/torch/darts.py: DARTS's NetworkCIFAR): `stem` is C, the first stage's channels per
 * node (the stem convolution has 3C), `cellsPerStage` the normal cells of each of the three stages (two reduction
 * cells between them). The genotype: the normal cell's (per node, its picked input ids ascending, then their op
 * indices: engine/space/darts.ts), then the reduction cell's.
 */
export interface WireDarts {
    kind: 'darts';
    stem: number;
    cellsPerStage: number;
    normal: WireDartsCell;
    reduce: WireDartsCell;
}

/** An op of a graph vertex (NAS-Bench-101's conv3x3/conv1x1-bn-relu and maxpool3x3, and kin), all C -> C at stride 1. */
export type WireGraphOp = { kind: 'conv_bn_relu'; kernel: number } | { kind: 'pool'; kernel: number; mode: 'avg' | 'max' } | { kind: 'identity' };

/**
 * An NB101-style graph network (workers/torch/nb101.py: NAS-Bench-101's network): `stem` the stem convolution's
 * channels, `stacks` each stack's channels (a 2x2 max pooling before every stack but the first; NAS-Bench-101's are
 * [stem, 2 stem, 4 stem]), `cellsPerStage` the cells of each stack, `nodes` the
 * graph's vertices (input and output included), `ops` the vertex ops. The genotype is the graph space's
 * (engine/space/graph.ts): the upper triangle's adjacency bits row by row, then each inner vertex's op index; the
 * builder prunes the vertices off every input -> output path.
 */
export interface WireGraph {
    kind: 'graph';
    stem: number;
    stacks: number[];
    cellsPerStage: number;
    nodes: number;
    ops: WireGraphOp[];
}

/**
 * What to build: `network` (its classes and input shape; its cell keys for a cell network) and exactly one of
 * `cell` (an NB201-style cell repeated in the skeleton), `chain`, `darts` or `graph`.
 */
interface Base {
    id: number;
    network: WireNetwork;
    cell?: WireCell;
    chain?: WireChain;
    darts?: WireDarts;
    graph?: WireGraph;
}

/** Parameter counts of many genotypes (built on the meta device: no memory), for parity with the cost model. */
export interface CountRequest extends Base {
    type: 'count';
    genotypes: number[][];
    /** 'build': each whole network (20 ms each for NB201); 'parts': fixed part + memoized edge modules (fast). */
    method?: 'build' | 'parts';
}

export interface ProxyRequest extends Base {
    type: 'proxy';
    genotype: number[];
    proxy: string;
    batch: number;
    /** Chunk size for the batch (absent: the whole batch at once); docs/proxies.md "Micro-batches". */
    microBatch?: number;
    /** Inputs of the data-dependent proxies: 'random' (default) or Fashion-MNIST images (docs/proxies.md "Inputs"). */
    data?: 'random' | 'fashion_mnist';
    /** Folder of the Fashion-MNIST IDX files (as TrainSettings.dataDir). */
    dataDir?: string;
    seed: number;
    device: 'auto' | 'cpu' | 'cuda';
    /** Initial weights: 'seeded' (default; each framework's own generator), or the same network in both workers for the
     *  cross-framework parity tests: 'constant' (conv/linear weights 1, biases 0) or 'channels' (CHANNEL_INIT). */
    init?: ProxyInit;
}

export type ProxyInit = 'seeded' | 'constant' | 'channels';

/**
 * The 'channels' initialisation, the same in both workers: every conv and linear weight of output channel o is
 * `weight(o)`, every bias of channel o `bias(o)`, BN as at construction. Unlike 'constant', the channels of a layer
 * differ, so a classifier's rows differ and the loss gradient reaches every layer (under 'constant' the gradient of
 * the pooled features is sum_k (p_k - y_k) = 0, and grad_norm, snip and fisher see the classifier alone), and a
 * builder that mixes up channels (a truncation, a concatenation's order) gives other values.
 */
export const CHANNEL_INIT = {
    weight: (o: number): number => 0.5 + ((7 * o) % 5) / 4,
    bias: (o: number): number => ((3 * o) % 4) / 8,
};

export interface TrainSettings {
    epochs: number;
    batch: number;
    /** Each step's batch in chunks of this size, gradients accumulated (absent: the whole batch at once). */
    microBatch?: number;
    lr: number;
    /** Training images used, validation images held out (disjoint), test images scored. */
    subset: number;
    validation: number;
    test: number;
    seed: number;
    /** Folder of the IDX files; absent: LISSNAS_FASHION_MNIST, then Debian's /usr/share/datasets/fashion-mnist. */
    dataDir?: string;
}

export interface TrainRequest extends Base {
    type: 'train';
    genotype: number[];
    device: 'auto' | 'cpu' | 'cuda';
    settings: TrainSettings;
}

/** `npm run bench:neural`: one training step or forward pass (random inputs); the answer's value is ms. */
export interface BenchRequest extends Base {
    type: 'bench';
    genotype: number[];
    mode: 'step' | 'forward';
    batch: number;
    /** A step's batch in chunks of this size (the tfjs worker: wasm's heap does not hold an N=5 step at batch 64). */
    microBatch?: number;
    device: 'auto' | 'cpu' | 'cuda';
}

export type WorkerRequest = CountRequest | ProxyRequest | TrainRequest | BenchRequest;

/** One finished epoch of a training (journaled with the evaluation). */
export interface EpochRecord {
    epoch: number;
    /** Mean training loss of the epoch. */
    loss: number;
    /** Validation accuracy in percent after the epoch. */
    validation: number;
    seconds: number;
}

/** The engines of the tfjs worker (workers/tfjs/engines.ts); the torch worker is the other kind. */
export const TFJS_ENGINES = ['wasm', 'webgpu', 'tensorflow'] as const;
/** What the tfjs worker computes on every engine: the engine refuses others before a run (backend.ts tfjsRefusal). */
export const TFJS_PROXIES = ['synflow', 'naswot', 'grad_norm', 'snip', 'jacob_cov', 'fisher', 'params', 'flops'] as const;
export type TfjsEngineName = (typeof TFJS_ENGINES)[number];
/**
 * Why the tfjs engines refuse synflow on a layer chain whose space allows squeeze-and-excitation (docs/proxies.md
 * "Layer chains"), as both the engine's refusal (backend.ts) and the tfjs worker's say it.
 */
export const SE_CHAIN_SYNFLOW =
    "synflow of a layer chain whose space allows squeeze-and-excitation (`se`) needs float64: the SE's sigmoid gate is not positively homogeneous, so the network cannot be rescaled exactly, and unrescaled its activations reach 1e34-1e41 in the tour's Mobile space (float32, the tfjs engines' only precision, overflows at 3e38)";

/** The worker's first line (and the whole answer of `worker.py --probe`). */
export interface ReadyMessage {
    type: 'ready';
    protocol: number;
    /** The torch worker's interpreter and torch version ('' from the wasm worker). */
    python: string;
    torch: string;
    /** Absent: torch. Else the tfjs worker's engine, with its tfjs version and Node binary. */
    engine?: 'torch' | TfjsEngineName;
    /** The tfjs worker: whether `device` is a real GPU (a software WebGPU adapter runs on the CPU). */
    gpu?: boolean;
    tfjs?: string;
    node?: string;
    cuda: boolean;
    /** `cpu`, or the GPU's name. */
    device: string;
    threads: number;
}

/** `worker.py --probe` on an interpreter without torch. */
export interface AbsentMessage {
    type: 'absent';
    python: string;
    message: string;
}

export type WorkerMessage =
    | ReadyMessage
    | { type: 'counted'; id: number; params: number[]; seconds: number }
    | { type: 'epoch'; id: number; record: EpochRecord }
    | { type: 'result'; id: number; value: number; report?: number; epochs?: EpochRecord[]; seconds: number }
    /** This evaluation failed (NaN loss, out of memory, synflow 0); `bad`: the request itself was malformed. */
    | { type: 'failed'; id: number | null; message: string; seconds?: number; bad?: boolean };

const epochRecord: Check = shape({ epoch: int, loss: num, validation: num, seconds: num });

const ready: Check = shape({ type: oneOf('ready'), protocol: int, python: str, torch: str, engine: opt(oneOf('torch', ...TFJS_ENGINES)), tfjs: opt(str), node: opt(str), cuda: bool, gpu: opt(bool), device: str, threads: int });

const byType: Record<string, Check> = {
    ready,
    counted: shape({ id: int, params: arrayOf(int), seconds: num }),
    epoch: shape({ id: int, record: epochRecord }),
    result: shape({ id: int, value: num, report: opt(num), epochs: opt(arrayOf(epochRecord)), seconds: num }),
    failed: shape({ id: nullable(int), message: str, seconds: opt(num), bad: opt(bool) }),
};

const workerMessage: Check = (value, path) => {
    const t = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    const check = typeof t === 'string' ? byType[t] : undefined;
    if (!check) return `${path}.type: expected one of ${Object.keys(byType).join(', ')}`;
    return check(value, path);
};

// Requests, as the wasm worker checks them (the torch worker checks the same in Python: worker.py check_request).
const wireOp: Check = (value, path) => {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (kind === 'zero' || kind === 'identity') return undefined;
    if (kind === 'relu_conv_bn') return shape({ kernel: int })(value, path);
    if (kind === 'pool') return shape({ kernel: int, mode: oneOf('avg', 'max') })(value, path);
    return `${path}.kind: expected zero, identity, relu_conv_bn or pool`;
};
const wireDartsOp: Check = (value, path) => {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (kind === 'sep_conv') return shape({ kernel: positiveInt })(value, path);
    if (kind === 'dil_conv') return shape({ kernel: positiveInt, dilation: positiveInt })(value, path);
    if (kind === 'zero' || kind === 'identity' || kind === 'relu_conv_bn' || kind === 'pool') return wireOp(value, path);
    return `${path}.kind: expected zero, identity, relu_conv_bn, pool, sep_conv or dil_conv`;
};
const wireDartsCell: Check = shape({ nodes: positiveInt, pick: positiveInt, ops: arrayOf(wireDartsOp) });
const wireDarts: Check = shape({ kind: oneOf('darts'), stem: positiveInt, cellsPerStage: int, normal: wireDartsCell, reduce: wireDartsCell });
const wireGraphOp: Check = (value, path) => {
    const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
    if (kind === 'conv_bn_relu') return shape({ kernel: positiveInt })(value, path);
    if (kind === 'pool') return shape({ kernel: positiveInt, mode: oneOf('avg', 'max') })(value, path);
    if (kind === 'identity') return undefined;
    return `${path}.kind: expected conv_bn_relu, pool or identity`;
};
const wireGraph: Check = shape({ kind: oneOf('graph'), stem: positiveInt, stacks: nonEmptyArrayOf(positiveInt), cellsPerStage: int, nodes: positiveInt, ops: arrayOf(wireGraphOp) });
const wireChain: Check = shape({
    kind: oneOf('chain'),
    stem: int,
    stages: arrayOf(shape({ channels: int, stride: int, layers: int })),
    head: int,
    classes: int,
    inputSize: int,
    inputChannels: int,
    kernel: arrayOf(int),
    expand: arrayOf(num),
    se: arrayOf(bool),
    width: arrayOf(num),
});
const base = {
    id: int,
    network: shape({ stem: int, stages: arrayOf(int), cellsPerStage: int, reduction: oneOf('resnet', 'cell'), classes: int, inputSize: int, inputChannels: int }),
    cell: opt(shape({ nodes: int, edges: arrayOf(arrayOf(int)), ops: arrayOf(wireOp) })),
    chain: opt(wireChain),
    darts: opt(wireDarts),
    graph: opt(wireGraph),
};
/** Exactly one of `cell`, `chain`, `darts` and `graph`. */
const oneArchitecture =
    (check: Check): Check =>
    (value, path) => {
        const v = value as { cell?: unknown; chain?: unknown; darts?: unknown; graph?: unknown };
        const given = [v.cell, v.chain, v.darts, v.graph].filter((a) => a !== undefined).length;
        if (typeof value === 'object' && value !== null && given !== 1) return `${path}: expected exactly one of cell, chain, darts and graph`;
        return check(value, path);
    };
const device = oneOf('auto', 'cpu', 'cuda');
const requestByType: Record<string, Check> = {
    count: shape({ ...base, genotypes: arrayOf(arrayOf(int)), method: opt(oneOf('build', 'parts')) }),
    proxy: shape({ ...base, genotype: arrayOf(int), proxy: str, batch: int, microBatch: opt(positiveInt), data: opt(oneOf('random', 'fashion_mnist')), dataDir: opt(str), seed: int, device, init: opt(oneOf('seeded', 'constant', 'channels')) }),
    train: shape({ ...base, genotype: arrayOf(int), device, settings: shape({ epochs: int, batch: int, microBatch: opt(positiveInt), lr: num, subset: int, validation: int, test: int, seed: int, dataDir: opt(str) }) }),
    bench: shape({ ...base, genotype: arrayOf(int), mode: oneOf('step', 'forward'), batch: int, microBatch: opt(positiveInt), device }),
};
const workerRequest: Check = (value, path) => {
    const t = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    const check = typeof t === 'string' ? requestByType[t] : undefined;
    if (!check) return `${path}.type: expected one of ${Object.keys(requestByType).join(', ')}`;
    return oneArchitecture(check)(value, path);
};

export const isWorkerRequest = validator<WorkerRequest>(workerRequest, 'request');
export const isWorkerMessage = validator<WorkerMessage>(workerMessage, 'message');
export const isReadyMessage = validator<ReadyMessage>(ready, 'message');
export const isAbsentMessage = validator<AbsentMessage>(shape({ type: oneOf('absent'), python: str, message: str }), 'message');

/** The protocol version this engine speaks (worker.py PROTOCOL). */
export const NEURAL_PROTOCOL = 1;
