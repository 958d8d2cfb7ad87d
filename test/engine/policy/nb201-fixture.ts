import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { TableEvaluator } from '../../../engine/evaluate/table.js';
import { referenceFromTable } from '../../../engine/metrics/reference.js';
import { nb201Space } from '../../../engine/space/nb201.js';

/** NB201 on CIFAR-10: search on c10_val_naslib, report c10_test. The CSV is parsed once per process. */
export const space = nb201Space();
export const table = new TableEvaluator({
    path: 'data/nb201/nb201.csv',
    keyColumn: 'arch',
    keyFormat: 'nb201',
    metric: 'c10_val_naslib',
    report: 'c10_test',
});
export const reference = referenceFromTable(table, space);
export const fresh = (): CachedEvaluator => new CachedEvaluator(table);
