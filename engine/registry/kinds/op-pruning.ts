import { evaluate, seed } from '../common.js';
import { count, perEdge } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const opPruningKind = declareKind({
    category: 'policy',
    kind: 'op_pruning',
    doc: 'Op pruning (ABS-style): evaluate samples, score each op on each edge, keep the best ops per edge.',
    args: [],
    implemented: true,
    settings: {
        evaluate,
        sample: setting('sample', count(), 'Architectures sampled to score the ops.', { default: 200 }),
        keep: setting('keep', perEdge(), 'Ops kept on every edge.', { default: 2 }),
        seed,
    },
});
