/** Settings several kinds share (each kind lists the ones it accepts). */
import { count, duration, flag, reference, word } from './shapes.js';
import { setting } from './types.js';

export const seed = setting('seed', count({ min: 0 }), 'Seed of the random number generator (runs with the same seed repeat exactly).', { default: 0 });
export const evaluate = setting('evaluate', reference('<evaluator>'), 'The evaluator that scores architectures.', { required: true });
export const minimize = setting('minimize', flag(), 'Lower metric values are better (e.g. loss, latency).');
export const maximize = setting('maximize', flag(), 'Higher metric values are better: the default, written out (give `minimize` or `maximize`, not both).');
export const batch = setting('batch', count(), 'Mini-batch size.');
export const device = setting('device', word(['cpu', 'cuda', 'auto'] as const), 'Where to compute.', { default: 'auto' as const });
export const budget = setting('budget', count(), 'Number of evaluations the search may spend (required by `lissnas search` unless `--budget` is given).');
export const timeout = setting('timeout', duration(), 'Wall-clock limit per evaluation: 500ms, 30s, 30m (minutes), 2h; a plain number is seconds. No limit when left out.');
