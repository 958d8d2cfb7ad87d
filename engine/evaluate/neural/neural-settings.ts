// Reading the settings of the `proxy` and `train` evaluators, with no file or process access (the language's
// checks may load it from any host): the engine builds neural evaluators from them (neural-evaluator.ts).
import type { TrainSettings } from '../../../protocol/neural-worker.js';
import type { EvaluatorSpec } from '../../spec.js';
import { DATA_PROXIES, proxyKind, PROXY_DATA, PROXY_NAMES } from '../../registry/kinds/proxy.js';
import { trainKind } from '../../registry/kinds/train.js';
import { SettingsReader, type SettingsError } from '../../registry/settings-reader.js';
import { resolveCount } from '../../registry/shapes.js';

/** Fashion-MNIST's official split sizes. */
export const FASHION_TRAIN = 60_000;
export const FASHION_TEST = 10_000;

/** What both neural evaluators read besides their task: chunks of the batch, and networks at once. */
interface Chunking {
    /** Absent: the whole batch at once (exact). At most the batch. */
    microBatch?: number;
    /** Worker processes evaluating networks at once; absent: the back-end's default (worker-pool.ts). */
    parallel?: number;
}

export interface ProxySettings extends Chunking {
    proxy: (typeof PROXY_NAMES)[number];
    batch: number;
    /** Inputs of the data-dependent proxies (absent: random). */
    data?: (typeof PROXY_DATA)[number];
    seed: number;
    device: 'auto' | 'cpu' | 'cuda';
}

/** What the worker trains with (protocol/neural-worker.ts), plus what the engine decides: dataset, device, timeout. */
export interface TrainEvaluatorSettings extends Omit<TrainSettings, 'dataDir'>, Chunking {
    dataset: 'fashion_mnist';
    device: 'auto' | 'cpu' | 'cuda';
    timeoutSeconds?: number;
}

/** `micro_batch` (refused above the batch: it would be the batch) and `parallel`. */
function readChunking(reader: SettingsReader, S: { micro_batch: typeof proxyKind.settings.micro_batch; parallel: typeof proxyKind.settings.parallel }, batch: number): Chunking {
    const microBatch = reader.read(S.micro_batch);
    if (microBatch !== undefined && microBatch > batch) reader.report('micro_batch', `micro_batch ${microBatch} is larger than the batch (${batch}): write at most ${batch}, or leave micro_batch out`, undefined, { index: 0 });
    const parallel = reader.read(S.parallel);
    return { ...(microBatch !== undefined && microBatch < batch ? { microBatch } : {}), ...(parallel !== undefined ? { parallel } : {}) };
}

function wordArg(spec: EvaluatorSpec): string | undefined {
    const v = spec.args[0]?.value;
    return v?.kind === 'word' || v?.kind === 'string' ? v.value : undefined;
}

/** The settings of a `proxy` evaluator (throws on the first problem). */
export function readProxySettings(spec: EvaluatorSpec): ProxySettings {
    return proxySettings(spec, new SettingsReader(`evaluator ${spec.name}`, spec.settings, proxyKind));
}

/** The settings of a `train` evaluator (throws on the first problem). */
export function readTrainSettings(spec: EvaluatorSpec): TrainEvaluatorSettings {
    return trainSettings(spec, new SettingsReader(`evaluator ${spec.name}`, spec.settings, trainKind));
}

/** Every settings problem of a `proxy` or `train` declaration, located (the language's checks). */
export function neuralSettingsProblems(spec: EvaluatorSpec & { kind: 'proxy' | 'train' }): SettingsError[] {
    const reader = new SettingsReader(`evaluator ${spec.name}`, spec.settings, spec.kind === 'proxy' ? proxyKind : trainKind, true);
    if (spec.kind === 'proxy') proxySettings(spec, reader);
    else trainSettings(spec, reader);
    return reader.problems;
}

function proxySettings(spec: EvaluatorSpec, reader: SettingsReader): ProxySettings {
    const S = proxyKind.settings;
    let name = wordArg(spec);
    const known = name !== undefined && (PROXY_NAMES as readonly string[]).includes(name);
    if (!known) {
        if (!reader.collect) throw new Error(`evaluator ${spec.name}: proxy(...) expects one of ${PROXY_NAMES.join(', ')}${name ? `, got '${name}'` : ''}`);
        name = PROXY_NAMES[0]; // the argument check (dsl/validation/evaluators.ts) reports it where it is written
    }
    const batch = reader.get(S.batch, 64);
    const out: ProxySettings = {
        proxy: name as ProxySettings['proxy'],
        batch,
        seed: reader.get(S.seed, 0),
        device: reader.get(S.device, 'auto'),
        ...readChunking(reader, S, batch),
    };
    const data = reader.read(S.data);
    if (known && reader.has('data') && !DATA_PROXIES.includes(out.proxy)) reader.report('data', `${out.proxy} uses no input data (only ${DATA_PROXIES.join(', ')} do): leave data out`, undefined, { index: 0 });
    else if (data === 'fashion_mnist') out.data = data;
    reader.read(S.query_cost); // checked here; studies read it through queryCostOf (engine/evaluate/query-cost.ts)
    reader.done();
    return out;
}

function trainSettings(spec: EvaluatorSpec, reader: SettingsReader): TrainEvaluatorSettings {
    const S = trainKind.settings;
    const dataset = wordArg(spec);
    // Collecting: train(cifar10) is a valid declaration this version cannot run (the run says so).
    if (dataset !== 'fashion_mnist' && !reader.collect) {
        throw new Error(
            `evaluator ${spec.name}: train(${dataset ?? ''}) is not available in this version: only train(fashion_mnist) is (there is no CIFAR-10 reader yet; docs/known-gaps.md)`,
        );
    }
    const subset = reader.read(S.subset);
    const validation = reader.read(S.holdout);
    const test = reader.read(S.test_subset);
    // Validation images are held out first (a percentage is a share of the subset, at most half the training
    // set); the subset is then drawn from the rest, so it shrinks when both would not fit in the 60,000.
    const subsetWanted = subset ? resolveCount(subset, FASHION_TRAIN) : 5000;
    const held = Math.min(FASHION_TRAIN / 2, validation ? resolveCount(validation, subsetWanted) : 1000);
    const batch = reader.get(S.batch, 64);
    const out: TrainEvaluatorSettings = {
        dataset: 'fashion_mnist',
        epochs: reader.get(S.epochs, 1),
        batch,
        lr: reader.get(S.lr, 0.1),
        subset: Math.min(subsetWanted, FASHION_TRAIN - held),
        validation: held,
        test: test ? Math.min(FASHION_TEST, resolveCount(test, FASHION_TEST)) : FASHION_TEST,
        seed: reader.get(S.seed, 0),
        device: reader.get(S.device, 'auto'),
        timeoutSeconds: reader.read(S.timeout),
        ...readChunking(reader, S, batch),
    };
    reader.read(S.workers);
    reader.read(S.query_cost); // checked here; studies read it through queryCostOf (engine/evaluate/query-cost.ts)
    reader.done();
    return out;
}
