/**
 * Does NAS-Bench-201 have several distinct good regions? `npm run bench:landscape`: for each dataset (c10, c100,
 * in16) and column (validation `*_val_naslib`, test `*_test`) of data/nb201/nb201.csv, takes the top 1 % and
 * top 0.5 % cells (ties with the last included, as every top-p metric does: engine/metrics/reference.ts) and
 * splits them into connected components at distance 1 (one edge changed) and at distance 2. Prints, per row:
 * cells, components, component sizes (largest, median, number of single cells), the mean distance between
 * components (closest members, engine/metrics/pocket-structure.ts) and the share of the cells in the largest
 * component. A shrunk space can only keep "several distinct good regions" where this count is above 1.
 * Never asserts; docs/metrics.md ("Pockets and distinct good regions") uses the numbers.
 */
import { TableEvaluator } from '../engine/evaluate/table.js';
import { meanComponentGap } from '../engine/metrics/pocket-structure.js';
import { referenceFromTable, topByReport } from '../engine/metrics/reference.js';
import { median } from '../engine/metrics/shrink.js';
import { pocketsByComponents } from '../engine/space/shrunk.js';
import { nb201Space } from '../engine/space/nb201.js';

const space = nb201Space();
const rows: string[][] = [['dataset', 'column', 'top', 'cells', 'd', 'components', 'largest', 'median', 'singles', 'largest share', 'mean gap']];
for (const dataset of ['c10', 'c100', 'in16']) {
    for (const column of [`${dataset}_val_naslib`, `${dataset}_test`]) {
        const table = new TableEvaluator({ path: 'data/nb201/nb201.csv', keyColumn: 'arch', keyFormat: 'nb201', metric: column, report: column });
        const reference = referenceFromTable(table, space);
        for (const p of [0.01, 0.005]) {
            const top = [...topByReport(reference, p)].map((k) => reference.byKey.get(k)!.genotype);
            for (const d of [1, 2]) {
                const components = pocketsByComponents(space, top, d);
                const sizes = components.map((c) => c.members.length).sort((a, b) => b - a);
                rows.push([
                    dataset,
                    column,
                    `${p * 100}%`,
                    String(top.length),
                    String(d),
                    String(components.length),
                    String(sizes[0]),
                    String(median(sizes)),
                    String(sizes.filter((s) => s === 1).length),
                    (sizes[0] / top.length).toFixed(3),
                    meanComponentGap(space, components).toFixed(2),
                ]);
            }
        }
    }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
