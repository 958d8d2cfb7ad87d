// Reading the settings of the `proxy` and `train` evaluators, with no file or process access (the language's
// checks may load it from any host): the engine builds neural evaluators from them (neural-evaluator.ts).
import type { TrainSettings } from '../../../protocol/neural-worker.js';
import type { EvaluatorSpec } from '../../spec.js';
import { proxyKind, PROXY_NAMES } from '../../registry/kinds/proxy.js';
import { trainKind } from '../../registry/kinds/train.js';
import { SettingsReader } from '../../registry/settings-reader.js';
import { resolveCount } from '../../registry/shapes.js';

/** Fashion-MNIST's official split sizes. */
export const FASHION_TRAIN = 60_000;
export const FASHION_TEST = 10_000;

export interface ProxySettings {
    proxy: (typeof PROXY_NAMES)[number];
    batch: number;
    seed: number;
    device: 'auto' | 'cpu' | 'cuda';
}

/** What the worker trains with (protocol/neural-worker.ts), plus what the engine decides: dataset, device, timeout. */
export interface TrainEvaluatorSettings extends Omit<TrainSettings, 'dataDir'> {
    dataset: 'fashion_mnist';
    device: 'auto' | 'cpu' | 'cuda';
    timeoutSeconds?: number;
}

function wordArg(spec: EvaluatorSpec): string | undefined {
    const v = spec.args[0]?.value;
    return v?.kind === 'word' || v?.kind === 'string' ? v.value : undefined;
}

export function readProxySettings(spec: EvaluatorSpec): ProxySettings {
    const S = proxyKind.settings;
    const reader = new SettingsReader(`evaluator ${spec.name}`, spec.settings, proxyKind);
    const name = wordArg(spec);
    if (name === undefined || !(PROXY_NAMES as readonly string[]).includes(name)) {
        throw new Error(`evaluator ${spec.name}: proxy(...) expects one of ${PROXY_NAMES.join(', ')}${name ? `, got '${name}'` : ''}`);
    }
    const out: ProxySettings = {
        proxy: name as ProxySettings['proxy'],
        batch: reader.get(S.batch, 64),
        seed: reader.get(S.seed, 0),
        device: reader.get(S.device, 'auto'),
    };
    reader.read(S.query_cost); // checked here; studies read it through queryCostOf (engine/evaluate/query-cost.ts)
    reader.done();
    return out;
}

export function readTrainSettings(spec: EvaluatorSpec): TrainEvaluatorSettings {
    const S = trainKind.settings;
    const reader = new SettingsReader(`evaluator ${spec.name}`, spec.settings, trainKind);
    const dataset = wordArg(spec);
    if (dataset !== 'fashion_mnist') {
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
    const out: TrainEvaluatorSettings = {
        dataset: 'fashion_mnist',
        epochs: reader.get(S.epochs, 1),
        batch: reader.get(S.batch, 64),
        lr: reader.get(S.lr, 0.1),
        subset: Math.min(subsetWanted, FASHION_TRAIN - held),
        validation: held,
        test: test ? Math.min(FASHION_TEST, resolveCount(test, FASHION_TEST)) : FASHION_TEST,
        seed: reader.get(S.seed, 0),
        device: reader.get(S.device, 'auto'),
        timeoutSeconds: reader.read(S.timeout),
    };
    reader.read(S.workers);
    reader.read(S.query_cost); // checked here; studies read it through queryCostOf (engine/evaluate/query-cost.ts)
    reader.done();
    return out;
}
