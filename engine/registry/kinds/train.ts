import { batch, device, microBatch, parallel, queryCost, seed, timeout } from '../common.js';
import { count, countOrPercent, number } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const TRAIN_DATASETS = ['fashion_mnist', 'cifar10'] as const;

export const trainKind = declareKind({
    category: 'evaluator',
    kind: 'train',
    doc:
        'Trains each architecture briefly and reports its validation accuracy (test accuracy as the report), with a neural back-end: the torch worker when Python has torch (`apt-get install python3-torch`, about 9-17x faster on a CPU), else tfjs on wasm (`--backend`). ' +
        'fashion_mnist reads Debian\'s `dataset-fashion-mnist`; cifar10 is not available in this version.',
    args: [{ syntax: TRAIN_DATASETS.join('|'), shape: 'word', noun: 'dataset', words: TRAIN_DATASETS, doc: 'the dataset' }],
    implemented: true,
    settings: {
        epochs: setting('epochs', count(), 'Training epochs per architecture (default 1).', { default: 1 }),
        batch,
        micro_batch: microBatch,
        lr: setting('lr', number({ above: 0 }), 'Learning rate (a number > 0; default 0.1, cosine schedule).', { default: 0.1 }),
        seed,
        device,
        subset: setting('subset', countOrPercent(), 'Train on this many training images (or this share of the 60,000); default 5000.'),
        holdout: setting('holdout', countOrPercent(), 'Training images held out for the validation accuracy, disjoint from the subset (or this share of the subset; at most 30,000; the subset shrinks if both do not fit in the 60,000); default 1000.'),
        test_subset: setting('test_subset', countOrPercent(), 'Test images scored for the report (or this share of the 10,000); default all 10,000.'),
        workers: setting('workers', count(), 'Data-loading workers: accepted and ignored (every back-end holds the data set in memory). For networks trained at once, see `parallel`.'),
        parallel,
        timeout,
        query_cost: queryCost,
    },
});
