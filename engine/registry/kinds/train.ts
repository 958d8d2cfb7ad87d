import { batch, device, seed, timeout } from '../common.js';
import { count, countOrPercent, number } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const TRAIN_DATASETS = ['fashion_mnist', 'cifar10'] as const;

export const trainKind = declareKind({
    category: 'evaluator',
    kind: 'train',
    doc: 'Trains each architecture briefly and reports its validation accuracy. Not available yet in this version: `lissnas shrink` refuses it.',
    args: [{ syntax: TRAIN_DATASETS.join('|'), shape: 'word', noun: 'dataset', words: TRAIN_DATASETS, doc: 'the dataset' }],
    implemented: false,
    settings: {
        epochs: setting('epochs', count(), 'Training epochs per architecture.'),
        batch,
        lr: setting('lr', number({ above: 0 }), 'Learning rate (a number > 0).'),
        seed,
        device,
        subset: setting('subset', countOrPercent(), 'Train on this many examples (or this share of the training set).'),
        workers: setting('workers', count(), 'Data-loading workers.'),
        timeout,
    },
});
