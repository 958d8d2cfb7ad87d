import { count, counts, strides, word } from '../shapes.js';
import { declareKind, setting } from '../types.js';
import { MOBILENET_V2_FRAME } from '../../cost/chain.js';
import { LIMITS } from '../../limits.js';

/**
 * Defaults are NAS-Bench-201's CIFAR-10 skeleton around a cell (engine/cost/network.ts, NB201_CIFAR10), MobileNetV2's
 * around a layer chain (engine/cost/chain.ts, MOBILENET_V2_FRAME) and the DARTS search network's around DARTS cells
 * (engine/space/locate-darts.ts, DARTS_SEARCH_FRAME) and NAS-Bench-101's around a graph (engine/space/locate-graph.ts,
 * NB101_FRAME): `stem` and `cells_per_stage` differ between them, so their
 * default is said in the doc and applied by the reader of each kind of network, not declared here.
 */
export const networkKind = declareKind({
    category: 'network',
    kind: 'network',
    doc: 'The macro skeleton around the searched cell, DARTS cells, graph or layer chain: used by the cost model, network builders and training.',
    args: [],
    implemented: true,
    settings: {
        stem: setting(
            'stem',
            count({ max: LIMITS.width }),
            "Channels of the stem convolution (default 16 around a cell, 32 for a layer chain); around DARTS cells, the first stage's channels per node C (default 16; the stem convolution has 3C); around a graph, the stem convolution's channels (default 128, NAS-Bench-101's), which are the first stack's unless `stages` says otherwise.",
        ),
        stages: setting(
            'stages',
            counts({ max: LIMITS.width, maxItems: LIMITS.stages }),
            "Output channels of each stage (default [16, 32, 64] around a cell; MobileNetV2's [16, 24, 32, 64, 96, 160, 320] for a layer chain, which then needs `strides` too; around a graph, each stack's channels, one stack per value, a 2x2 max pooling before every stack but the first: default NAS-Bench-101's three, `stem` doubled at each). DARTS cells double `stem` at each reduction instead.",
            { architectures: ['cell', 'chain', 'graph'] },
        ),
        cells_per_stage: setting(
            'cells_per_stage',
            count({ max: LIMITS.cellsPerStage }),
            "Cells stacked in each stage (default 5 around a cell; 2 normal cells per stage around DARTS cells: 3 stages and 2 reduction cells, 8 cells in all; 3 cells per stack around a graph: NAS-Bench-101's 3 stacks, 9 cells).",
            { architectures: ['cell', 'darts', 'graph'] },
        ),
        reduction: setting('reduction', word(['resnet', 'cell'] as const), 'How stages reduce resolution: a ResNet block (NAS-Bench-201) or a reduction cell.', {
            default: 'resnet' as const,
            architectures: ['cell'],
        }),
        strides: setting(
            'strides',
            strides({ maxItems: LIMITS.stages }),
            "Stride of each stage's first layer, one per stage of `stages` (default MobileNetV2's [1, 1, 2, 2, 1, 2, 1] with its stages); a stage left without a layer hands a stride 2 to the next stage that has one.",
            { architectures: ['chain'] },
        ),
        head: setting('head', count({ max: LIMITS.width }), 'Channels of the head Conv1x1 before pooling and the classifier (default 1280).', { default: MOBILENET_V2_FRAME.head, architectures: ['chain'] }),
        classes: setting('classes', count({ max: LIMITS.width }), 'Output classes (default 10).', { default: 10 }),
        input: setting('input', count({ max: LIMITS.inputSize }), 'Input resolution (default 32).', { default: 32 }),
        channels: setting('channels', count({ max: LIMITS.width }), 'Input channels (default 3).', { default: 3 }),
    },
});
