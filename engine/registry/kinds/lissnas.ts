import { evaluate, seed } from '../common.js';
import { count, neighbors, sampleSize, seeds, stop, type SampleSize } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const lissnasKind = declareKind({
    category: 'policy',
    kind: 'lissnas',
    doc: 'LISSNAS shrinkage: sample, keep the best as seeds, grow their structural neighbourhoods, repeat until the average accuracy plateaus.',
    args: [],
    implemented: true,
    settings: {
        evaluate,
        sample: setting(
            'sample',
            sampleSize(),
            'Architectures sampled (and evaluated) from the current space each iteration: a count, or a share of the full space with bounds (`1% min 20 max 200`; a huge or continuous space gets `max`).',
            { default: 100 as SampleSize },
        ),
        seeds: setting('seeds', seeds(), 'How many of the best sampled architectures become seeds: a count or a share of the sample; `apart <count>` keeps seeds at least that structural distance from each other (greedy down the ranking, so the best is always a seed; fewer seeds when fewer qualify), so the pockets are separate regions instead of one blob.', { default: { kind: 'count' as const, value: 10 } }),
        neighbors: setting(
            'neighbors',
            neighbors(true),
            'Neighbourhood around each seed: every neighbour within a structural distance (`distance 1`), or the `count` nearest (`count 20`, ties drawn with the policy seed); `in full` (default) takes neighbours in the full space, `in current` inside the current shrunk space; `filter` evaluates neighbours and keeps those at least as good as the sample median, mean or their seed.',
            { default: { distance: 1, within: 'full' as const, filter: 'none' as const } },
        ),
        stop: setting('stop', stop(), 'When to stop: the average accuracy improved by less than `delta` for `patience` iterations; `delta: noise` (or `noise(k)`) is one (k) standard error of the sample mean, so the threshold follows the spread of the space and evaluator.',
            { default: { patience: 1, delta: 0.05 } },
        ),
        max_iterations: setting('max_iterations', count(), 'Upper bound on iterations.', { default: 10 }),
        seed,
    },
});
