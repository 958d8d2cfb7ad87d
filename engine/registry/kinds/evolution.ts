import { budget, evaluate, seed } from '../common.js';
import { count } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const evolutionKind = declareKind({
    category: 'search',
    kind: 'evolution',
    doc: 'Regularized evolution (REA): tournament selection, mutation, the oldest member dies.',
    args: [],
    implemented: true,
    settings: {
        evaluate,
        population: setting('population', count(), 'Population size.', { default: 20 }),
        tournament: setting('tournament', count(), 'Tournament size (at most the population; default 5, or the population when smaller).'),
        budget,
        seed,
    },
});
