/**
 * Does NAS-Bench-201 have several distinct good regions? `npm run bench:landscape`: for each dataset (c10, c100,
 * in16) and column (validation `*_val_naslib`, test `*_test`) of data/nb201/nb201.csv, takes the top 1 % and
 * top 0.5 % cells (ties with the last included, as every top-p metric does: engine/metrics/reference.ts) and
 * splits them into connected components at distance 1 (one edge changed) and at distance 2. Prints, per row:
 * cells, components, component sizes (largest, median, number of single cells), the mean distance between
 * components (closest members, engine/metrics/pocket-structure.ts) and the share of the cells in the largest
 * component. A shrunk space can only keep "several distinct good regions" where this count is above 1.
 * The same under a parameter budget (rows `params <= 0.5M`): only the cells whose CIFAR-10 parameter count fits,
 * the space of examples/study-nb201-budget.nas (its constraint counts the cost model's CIFAR-10 skeleton, which
 * equals the table's `c10_params_m`, so that column filters all three datasets).
 * Never asserts; docs/metrics.md ("Pockets and distinct good regions") uses the numbers.
 */
import { TableEvaluator } from '../engine/evaluate/table.js';
import { meanComponentGap } from '../engine/metrics/pocket-structure.js';
import { referenceFromEntries, referenceFromTable, topByReport } from '../engine/metrics/reference.js';
import { median } from '../engine/metrics/shrink.js';
import { pocketsByComponents } from '../engine/space/shrunk.js';
import { nb201Space } from '../engine/space/nb201.js';

const space = nb201Space();
const PARAMS_BUDGET = 0.5;
const table = (column: string) => new TableEvaluator({ path: 'data/nb201/nb201.csv', keyColumn: 'arch', keyFormat: 'nb201', metric: column, report: column });
const params = referenceFromTable(table('c10_params_m'), space).byKey;
const rows: string[][] = [['dataset', 'column', 'space', 'top', 'cells', 'd', 'components', 'largest', 'median', 'singles', 'largest share', 'mean gap']];
for (const budget of [Infinity, PARAMS_BUDGET]) {
    for (const dataset of ['c10', 'c100', 'in16']) {
        for (const column of [`${dataset}_val_naslib`, `${dataset}_test`]) {
            const all = referenceFromTable(table(column), space);
            const reference = referenceFromEntries(all.entries.filter((e) => params.get(e.key)!.report <= budget));
            for (const p of [0.01, 0.005]) {
                const top = [...topByReport(reference, p)].map((k) => reference.byKey.get(k)!.genotype);
                for (const d of [1, 2]) {
                    const components = pocketsByComponents(space, top, d);
                    const sizes = components.map((c) => c.members.length).sort((a, b) => b - a);
                    rows.push([
                        dataset,
                        column,
                        budget === Infinity ? 'all' : `params <= ${budget}M`,
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
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
