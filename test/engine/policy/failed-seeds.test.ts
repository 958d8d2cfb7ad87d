import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CachedEvaluator } from '../../../engine/evaluate/cache.js';
import { TableEvaluator } from '../../../engine/evaluate/table.js';
import { LISSNAS_DEFAULTS, runLissnas } from '../../../engine/policy/lissnas.js';
import { OP_PRUNING_DEFAULTS, runOpPruning } from '../../../engine/policy/op-pruning.js';
import { NB201_CELL_SPEC, NB201_SPACE_SPEC, nb201Space } from '../../../engine/space/nb201.js';

/**
 * Failed evaluations never become seeds. The real NB201 table, poisoned: every architecture whose first edge is
 * `none` gets the best validation number of the table (100) and an EMPTY test cell, so the evaluator flags it as
 * failed (`error`) while it still carries a metric. Ranked by metric, these rows are the best of every sample:
 * a policy that trusted them would seed every LISSNAS pocket with them and keep `none` on op pruning's edge 0.
 */
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-poison-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const source = fileURLToPath(new URL('../../../data/nb201/nb201.csv', import.meta.url));
const [header, ...lines] = readFileSync(source, 'utf8').trim().split('\n');
const columns = header.split(',');
const arch = columns.indexOf('arch');
const val = columns.indexOf('c10_val_naslib');
const testColumn = columns.indexOf('c10_test');
const poisoned = new Set<string>();
const rows = lines.map((line) => {
    const cells = line.split(',');
    if (cells[arch].startsWith('|none~0|')) {
        poisoned.add(cells[arch]);
        cells[val] = '100';
        cells[testColumn] = '';
    }
    return cells.join(',');
});
const path = join(tmp, 'poisoned.csv');
writeFileSync(path, [header, ...rows].join('\n') + '\n');
const space = nb201Space();
const table = (): CachedEvaluator => new CachedEvaluator(new TableEvaluator({ path, keyColumn: 'arch', keyFormat: 'nb201', metric: 'c10_val_naslib', report: 'c10_test' }));

test('the poisoned rows are flagged as failed by the evaluator and rank first by metric', async () => {
    assert.equal(poisoned.size, 15625 / 5);
    const [r] = await table().evaluate([space.parse([...poisoned][0])], space);
    assert.equal(r.metric, 100);
    assert.match(r.error ?? '', /empty or non-numeric 'c10_test'/);
});

test('lissnas: no pocket is seeded by a failed evaluation, in any iteration', async () => {
    for (const seed of [0, 1, 2]) {
        const result = await runLissnas(space, table(), { ...LISSNAS_DEFAULTS, seed });
        const seeds = result.pockets.map((p) => space.format(p.seed));
        assert.ok(seeds.length > 0);
        assert.deepEqual(seeds.filter((s) => poisoned.has(s)), [], `seed ${seed}: pockets seeded by failed rows`);
        for (const h of result.history) assert.ok(h.bestMetric < 100, `iteration ${h.iteration} ranked a failed row (best metric ${h.bestMetric})`);
    }
});

test('op_pruning: failed evaluations do not score an op (edge 0 does not keep `none`)', async () => {
    const result = await runOpPruning(space, NB201_SPACE_SPEC, table(), OP_PRUNING_DEFAULTS);
    assert.ok(result.members.length > 0);
    const none = NB201_CELL_SPEC.ops.findIndex((o) => o.name === 'none');
    assert.ok(none >= 0);
    assert.ok(result.members.every((g) => g[0] !== none), 'edge 0 kept the `none` op of the failed rows');
});
