import { after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { TableEvaluator } from '../../../engine/evaluate/table.js';
import { createEvaluator, validateEvaluatorSettings } from '../../../engine/evaluate/create.js';
import { parseCsv } from '../../../engine/evaluate/csv.js';
import { referenceFromTable, topByReport } from '../../../engine/metrics/reference.js';
import type { EvaluatorSpec } from '../../../engine/spec.js';
import { tinyCell, TINY_CSV } from './helpers.js';

const base = { path: TINY_CSV, keyColumn: 'arch', keyFormat: 'nb201' as const, metric: 'val', report: 'test' };

describe('csv parser', () => {
    test('quotes, doubled quotes, CRLF, blank lines', () => {
        const t = parseCsv('a,b\r\n"x,1","say ""hi"""\r\n\r\n2,3');
        assert.deepEqual(t.columns, ['a', 'b']);
        assert.deepEqual(t.rows, [['x,1', 'say "hi"'], ['2', '3']]);
    });
});

describe('table evaluator', () => {
    test('looks rows up by the space format, keeps raw values', async () => {
        const table = new TableEvaluator(base);
        const [r0, r2] = await table.evaluate([[0, 0, 0], [0, 1, 0]], tinyCell);
        assert.equal(r0.metric, 10.5);
        assert.equal(r0.report, 20.25);
        assert.equal(r0.score, 10.5);
        assert.equal(r0.cost.queries, 1);
        assert.equal(r2.metric, 12);
        assert.equal(r2.key, '0,1,0');
    });

    test('digits keys match genotype digits', async () => {
        const table = new TableEvaluator({ ...base, keyColumn: 'ops', keyFormat: 'digits' });
        const [r] = await table.evaluate([[0, 0, 1]], tinyCell);
        assert.equal(r.metric, 11);
        assert.equal(r.report, 21);
    });

    test('minimize keeps raw metric and negates the score', async () => {
        const table = new TableEvaluator({ ...base, metric: 'loss', minimize: true });
        const [r] = await table.evaluate([[0, 1, 0]], tinyCell);
        assert.equal(r.metric, 1);
        assert.equal(r.score, -1);
    });

    test('missing file names the absolute path', () => {
        assert.throws(() => new TableEvaluator({ ...base, path: 'no/such/file.csv' }), (e: Error) => e.message.includes(resolve('no/such/file.csv')));
    });

    test('missing column lists available columns', () => {
        assert.throws(
            () => new TableEvaluator({ ...base, metric: 'c10_val' }),
            (e: Error) => e.message.includes("no column 'c10_val'") && e.message.includes('arch, ops, val, test, loss'),
        );
    });

    test('a genotype missing from the table is an evaluation error naming it, not a throw', async () => {
        const table = new TableEvaluator(base);
        const [ok, missing] = await table.evaluate([[0, 0, 0], [1, 1, 1]], tinyCell);
        assert.equal(ok.error, undefined);
        assert.equal(missing.metric, undefined);
        assert.equal(missing.score, undefined);
        assert.match(missing.error!, /no row for \|b~0\|\+\|b~0\|b~1\|/);
    });

    test('empty metric and NaN report are recorded as errors', async () => {
        const table = new TableEvaluator(base);
        const [emptyMetric, nanReport] = await table.evaluate([[0, 1, 1], [1, 0, 0]], tinyCell);
        assert.equal(emptyMetric.metric, undefined);
        assert.match(emptyMetric.error!, /empty or non-numeric 'val'/);
        assert.equal(nanReport.metric, 14);
        assert.equal(nanReport.report, undefined);
        assert.match(nanReport.error!, /empty or non-numeric 'test'/);
    });

    test('reference lists every row with valid numbers, with genotypes', () => {
        const table = new TableEvaluator(base);
        const ref = table.reference(tinyCell);
        assert.deepEqual(
            ref.map((e) => e.key),
            ['0,0,0', '0,0,1', '0,1,0'],
        );
    });

    test('an aborted signal rejects', async () => {
        const table = new TableEvaluator(base);
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(table.evaluate([[0, 0, 0]], tinyCell, controller.signal), { name: 'AbortError' });
    });
});

describe('createEvaluator', () => {
    const spec = (settings: EvaluatorSpec['settings'], kind = 'table'): EvaluatorSpec => ({
        name: 'Bench',
        kind,
        args: [{ value: { kind: 'string', value: 'tiny.csv' } }],
        settings,
        sourceFile: resolve(dirname(TINY_CSV), 'tour.nas'),
    });
    const w = (value: string) => ({ kind: 'word' as const, value });

    test('builds a table from settings, path relative to the .nas file', async () => {
        const ev = createEvaluator(
            spec([
                { key: 'key', values: [w('arch'), w('as'), w('nb201')] },
                { key: 'metric', values: [w('loss')] },
                { key: 'report', values: [w('test')] },
                { key: 'minimize', values: [] },
            ]),
        );
        assert.equal(ev.minimize, true);
        const [r] = await ev.evaluate([[0, 0, 0]], tinyCell);
        assert.equal(r.metric, 3);
        assert.equal(r.report, 20.25);
    });

    test('bad key setting says what it expects', () => {
        assert.throws(
            () => createEvaluator(spec([{ key: 'key', values: [w('arch'), w('as'), w('json')] }, { key: 'metric', values: [w('val')] }])),
            /evaluator Bench: unknown key format json: expected nb201 \(\|op~0\|\+\.\.\. strings\) or digits/,
        );
    });

    test('what is not built yet fails clearly: train on CIFAR-10, an unknown proxy, a neural evaluator outside a run', async () => {
        const train = (dataset: string): EvaluatorSpec => ({ ...spec([], 'train'), args: [{ value: { kind: 'word', value: dataset } }] });
        assert.throws(() => createEvaluator(train('cifar10')), /evaluator Bench: train\(cifar10\) is not available in this version: only train\(fashion_mnist\)/);
        assert.throws(() => createEvaluator({ ...spec([], 'proxy'), args: [{ value: { kind: 'word', value: 'zen' } }] }), /proxy\(\.\.\.\) expects one of synflow, naswot/);
        // Created without probing anything (the language's agreement test creates evaluators on any machine).
        const e = createEvaluator(train('fashion_mnist'));
        assert.equal(e.cacheBy, 'canonical');
        await assert.rejects(e.evaluate([[0]], { name: 'S' } as never), /no network plan/);
    });
});

describe('evaluator validation (language server)', () => {
    test('collects every problem of a table declaration', () => {
        const problems = validateEvaluatorSettings({
            name: 'B',
            kind: 'table',
            args: [],
            settings: [{ key: 'metric', values: [{ kind: 'word', value: 'val' }] }, { key: 'colour', values: [] }],
        });
        assert.deepEqual(problems.map((p) => p.message), [
            "evaluator B: unknown setting 'colour' for a table evaluator; it accepts key, metric, report, minimize, maximize, query_cost",
            'evaluator B: a table evaluator needs `key <column> as nb201|digits`',
            'evaluator B: table(...) expects the CSV path as a string, e.g. table("data/nb201/nb201.csv")',
        ]);
    });
});

describe('table and reference memo (a study builds both once per file, columns and space)', () => {
    test('equal tables share one index and one reference; other columns, another space id or an edited file do not', () => {
        const dir = mkdtempSync(join(tmpdir(), 'lissnas-table-memo-'));
        after(() => rmSync(dir, { recursive: true, force: true }));
        const path = join(dir, 'tiny.csv');
        writeFileSync(path, readFileSync(TINY_CSV));
        const options = { ...base, path };
        const a = new TableEvaluator(options);
        const b = new TableEvaluator({ ...options, name: 'another declaration' });
        assert.equal(a.rows, b.rows);
        const ref = referenceFromTable(a, tinyCell, 'Tiny');
        assert.equal(referenceFromTable(b, tinyCell, 'Tiny'), ref);
        assert.notEqual(referenceFromTable(a, tinyCell, 'Tiny2'), ref);
        assert.notEqual(referenceFromTable(a, tinyCell), ref, 'no space id: built afresh');
        const byLoss = new TableEvaluator({ ...options, metric: 'loss' });
        assert.notEqual(byLoss.rows, a.rows);
        assert.notEqual(referenceFromTable(byLoss, tinyCell, 'Tiny'), ref);
        const best = (r: typeof ref): string => [...topByReport(r, 0.01)].join(' ');
        assert.equal(best(ref), '0,1,0');
        // An edited file is read again (loadCsv compares mtime and size), and so are its index and reference.
        writeFileSync(path, readFileSync(TINY_CSV, 'utf8').replace(',010,12,22,', ',010,12,2,'));
        const edited = new TableEvaluator(options);
        assert.notEqual(edited.rows, a.rows);
        assert.equal(best(referenceFromTable(edited, tinyCell, 'Tiny')), '0,0,1');
    });
});
