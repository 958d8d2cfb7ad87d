import { seed } from '../common.js';
import { countOrPercent, reference } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const randomShrinkKind = declareKind({
    category: 'policy',
    kind: 'random_shrink',
    doc: 'A baseline: a uniform random subspace of the given size (no evaluation). Give `keep` or `match`.',
    args: [],
    implemented: true,
    settings: {
        keep: setting('keep', countOrPercent(), 'Architectures kept: a count (`keep 500`) or a share of the space (`keep 5%`).'),
        match: setting('match', reference('<policy>'), "Keep as many architectures as another policy's result."),
        seed,
    },
});
