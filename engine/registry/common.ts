/** Settings several kinds share (each kind lists the ones it accepts). */
import { count, duration, flag, number, reference, word } from './shapes.js';
import { setting } from './types.js';

export const seed = setting('seed', count({ min: 0 }), 'Seed of the random number generator (runs with the same seed repeat exactly).', { default: 0 });
export const evaluate = setting('evaluate', reference('<evaluator>'), 'The evaluator that scores architectures.', { required: true });
export const minimize = setting('minimize', flag(), 'Lower metric values are better (e.g. loss, latency).');
export const maximize = setting('maximize', flag(), 'Higher metric values are better: the default, written out (give `minimize` or `maximize`, not both).');
export const batch = setting('batch', count(), 'Mini-batch size.');
export const device = setting('device', word(['cpu', 'cuda', 'auto'] as const), 'Where to compute.', { default: 'auto' as const });
export const budget = setting('budget', count(), 'Number of evaluations the search may spend (required by `lissnas search` unless `--budget` is given).');
/** Neural evaluators: how many networks are evaluated at once, each by its own worker process (engine/evaluate/neural/worker-pool.ts). */
export const parallel = setting(
    'parallel',
    count(),
    'Networks evaluated at once, each by its own worker process. Default: one per core on the CPU (wasm, and torch without CUDA, one thread each), as memory allows; one on a GPU. On a machine shared with other jobs, `parallel 1`.',
);
/** Neural evaluators: the batch computed in chunks (docs/proxies.md, "Micro-batches"). */
export const microBatch = setting(
    'micro_batch',
    count(),
    'Compute each batch in chunks of this many inputs, summing gradients and per-input values over the whole batch; batch-norm statistics are then those of each chunk (ghost batch norm). Lets a batch that does not fit in memory (wasm: 4 GiB) keep its size. Default: the batch (exact).',
);
export const timeout = setting('timeout', duration(), 'Wall-clock limit per evaluation: 500ms, 30s, 30m (minutes), 2h; a plain number is seconds. No limit when left out.');

/**
 * Cost units one real evaluation costs (a cache hit costs nothing). Study budgets (`lissnas study --budgets`) are
 * totals in these units, so a cheap evaluator can shrink and an expensive one search at equal total cost
 * (docs/cheap-shrinking.md). 1 everywhere is the query budget of earlier versions.
 */
const QUERY_COST_DOC =
    'Cost units per evaluation, for budgets stated in cost (`lissnas study --budgets` are total cost): e.g. seconds per query, or a weight relative to the table. ';
export const queryCost = setting('query_cost', number({ atLeast: 0 }), QUERY_COST_DOC + 'Default 1 (one query).', { default: 1 });
/** `proxy(...)`: the default depends on the proxy (params/flops are counted in-process), so it is not the registry's. */
export const proxyQueryCost = setting('query_cost', number({ atLeast: 0 }), QUERY_COST_DOC + 'Default 0.001 for `params` and `flops` (counted in-process by the cost model), 1 for the others.');
