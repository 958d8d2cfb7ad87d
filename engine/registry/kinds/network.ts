import { count, counts, word } from '../shapes.js';
import { declareKind, setting } from '../types.js';
import { LIMITS } from '../../limits.js';

/** Defaults are NAS-Bench-201's CIFAR-10 skeleton (engine/cost/network.ts, NB201_CIFAR10). */
export const networkKind = declareKind({
    category: 'network',
    kind: 'network',
    doc: 'The macro skeleton around the searched cell: used by the cost model, network builders and training.',
    args: [],
    implemented: true,
    settings: {
        stem: setting('stem', count({ max: LIMITS.width }), 'Channels of the stem convolution (default 16).', { default: 16 }),
        stages: setting('stages', counts({ max: LIMITS.width, maxItems: LIMITS.stages }), 'Channels of each stage (default [16, 32, 64]).', { default: [16, 32, 64] }),
        cells_per_stage: setting('cells_per_stage', count({ max: LIMITS.cellsPerStage }), 'Cells stacked in each stage (default 5).', { default: 5 }),
        reduction: setting('reduction', word(['resnet', 'cell'] as const), 'How stages reduce resolution: a ResNet block (NAS-Bench-201) or a reduction cell.', { default: 'resnet' as const }),
        classes: setting('classes', count({ max: LIMITS.width }), 'Output classes (default 10).', { default: 10 }),
        input: setting('input', count({ max: LIMITS.inputSize }), 'Input resolution (default 32).', { default: 32 }),
        channels: setting('channels', count({ max: LIMITS.width }), 'Input channels (default 3).', { default: 3 }),
    },
});
