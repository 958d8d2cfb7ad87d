import { batch, device, microBatch, parallel, proxyQueryCost, seed } from '../common.js';
import { word } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const PROXY_NAMES = ['synflow', 'naswot', 'grad_norm', 'jacob_cov', 'snip', 'fisher', 'params', 'flops'] as const;
/** The proxies that look at a batch of inputs (synflow uses one all-ones input; params and flops none). */
export const DATA_PROXIES: readonly (typeof PROXY_NAMES)[number][] = ['naswot', 'grad_norm', 'jacob_cov', 'snip', 'fisher'];
export const PROXY_DATA = ['random', 'fashion_mnist'] as const;

export const proxyKind = declareKind({
    category: 'evaluator',
    kind: 'proxy',
    doc:
        'A zero-cost proxy score of the network at initialization (no training), computed by a neural back-end (the torch worker when Python has torch: `apt-get install python3-torch`; else tfjs on wasm), except params and flops, which the cost model counts in-process (no torch). ' +
        'synflow is data-free (log form); naswot, grad_norm, snip, jacob_cov and fisher use a seeded batch of random inputs; params and flops count the network (exactly the worker counts). See docs/proxies.md and docs/cheap-shrinking.md.',
    args: [{ syntax: PROXY_NAMES.join('|'), shape: 'word', noun: 'proxy', words: PROXY_NAMES, doc: 'the proxy' }],
    implemented: true,
    settings: {
        batch,
        micro_batch: microBatch,
        seed,
        device,
        data: setting(
            'data',
            word(PROXY_DATA),
            'Inputs of naswot, grad_norm, snip, jacob_cov and fisher: `random` (default: seeded standard-normal images, uniform labels) or `fashion_mnist` (a seeded draw of `batch` Fashion-MNIST training images with their labels, resized to the network\'s input and repeated over its channels; Debian\'s dataset-fashion-mnist). docs/proxies.md "Inputs".',
            { default: 'random' as const },
        ),
        parallel,
        query_cost: proxyQueryCost,
    },
});
