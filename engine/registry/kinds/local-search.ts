import { budget, evaluate, seed } from '../common.js';
import { neighbors } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const localSearchKind = declareKind({
    category: 'search',
    kind: 'local',
    doc: 'Local search: move to the best neighbour until none improves, then restart.',
    args: [],
    implemented: true,
    settings: {
        evaluate,
        budget,
        neighbors: setting('neighbors', neighbors(false), 'Neighbourhood radius.', { default: { distance: 1 } }),
        seed,
    },
});
