import { budget, evaluate, seed } from '../common.js';
import { count } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const randomSearchKind = declareKind({
    category: 'search',
    kind: 'random',
    doc: 'Random search: evaluate uniform samples.',
    args: [],
    implemented: true,
    settings: {
        evaluate,
        budget,
        batch: setting('batch', count(), 'Architectures sent to the evaluator at once (parallelism for slow evaluators; the result does not depend on it).', { default: 16 }),
        seed,
    },
});
