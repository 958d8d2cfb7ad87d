import { maximize, minimize, queryCost } from '../common.js';
import { keyColumn, name } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const tableKind = declareKind({
    category: 'evaluator',
    kind: 'table',
    doc: 'Looks architectures up in a CSV benchmark table (e.g. NAS-Bench-201); the path is relative to the .nas file.',
    args: [{ syntax: '"path.csv"', shape: 'string', noun: 'table path', doc: 'CSV file, relative to the .nas file' }],
    implemented: true,
    settings: {
        key: setting('key', keyColumn(), 'The column naming each architecture, and how: `nb201` arch strings (`|op~0|+...`) or `digits` (one op index per edge).', { required: true }),
        metric: setting('metric', name(), 'The column searches optimize (maximized unless `minimize`).', { required: true }),
        report: setting('report', name(), 'The column reports show (e.g. test accuracy).'),
        minimize,
        maximize,
        query_cost: queryCost,
    },
});
