// `table(...)` evaluators: the CSV path is relative to the .nas file; only its header is read; `key`,
// `metric` and `report` must name columns (the message lists the available ones).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDiagnostics, checkOnDisk } from './helpers.js';

const CSV = 'index,arch,"val acc",test_acc\n0,|none~0|,1.5,2.5\n';

async function diagnose(body: string, path = '../data/t.csv'): Promise<string[]> {
    const text = `evaluator e = table("${path}") {\n${body}\n}\n`;
    return (await checkOnDisk({ 'data/t.csv': CSV, 'spaces/main.nas': text }, 'spaces/main.nas')).diagnostics;
}

describe('table evaluators', () => {
    test('existing file and columns: no diagnostics (quoted header names work)', async () => {
        assertDiagnostics(await diagnose('key arch as nb201\nmetric "val acc"\nreport test_acc'), []);
    });

    test('a missing file is reported on the path, resolved against the .nas file', async () => {
        assertDiagnostics(await diagnose('key arch as nb201\nmetric test_acc', 'data/t.csv'), ["[1:21] cannot read table 'data/t.csv': no such file (looked for "]);
    });

    test('a folder is not a table', async () => {
        assertDiagnostics(await diagnose('key arch as nb201\nmetric test_acc', '../data'), ["[1:21] cannot read table '../data': not a file"]);
    });

    test('metric must be a column; the message lists the columns', async () => {
        assertDiagnostics(await diagnose('key arch as nb201\nmetric accuracy'), [
            "[3:8] no column 'accuracy' in ../data/t.csv; available columns: index, arch, val acc, test_acc",
        ]);
    });

    test('report must be a column, with a suggestion', async () => {
        assertDiagnostics(await diagnose('key arch as nb201\nmetric test_acc\nreport tset_acc'), ["[4:8] no column 'tset_acc' in ../data/t.csv (did you mean 'test_acc'?)"]);
    });

    test('key must be a column', async () => {
        assertDiagnostics(await diagnose('key genotype as digits\nmetric test_acc'), ["[2:5] no column 'genotype' in ../data/t.csv"]);
    });

    test('key format must be nb201 or digits', async () => {
        assertDiagnostics(await diagnose('key arch as nb101\nmetric test_acc'), ['[2:13] unknown key format nb101 (did you mean \'nb201\'?)']);
    });

    test('key and metric are required', async () => {
        assertDiagnostics(await diagnose('report test_acc'), ['[1:11] a table evaluator needs `key <column> as nb201|digits`', '[1:11] a table evaluator needs `metric <column>`']);
    });

    test('a setting of another evaluator kind is unknown here', async () => {
        assertDiagnostics(await diagnose('key arch as nb201\nmetric test_acc\nepochs 3'), ["[4:1] unknown setting 'epochs' for a table evaluator; it accepts key, metric, report, minimize, maximize"]);
    });
});

// Bad values: the whole file is read (cached by path + mtime + size) and the metric / report columns get a
// warning with counts and the first data rows, on the setting that names the column.
describe('table evaluators: non-numeric values', () => {
    const BAD = ['index,arch,val,test', '0,|a~0|,1.5,2', '1,|b~0|,NaN,2', '2,|c~0|,,3', '3,|d~0|,nan,', '4,|e~0|,x,4', '5,,NaN,', '6,|f~0|,2,5', ''].join('\n');

    async function diagnoseBad(body: string, csv = BAD): Promise<string[]> {
        const text = `evaluator e = table("../data/t.csv") {\n${body}\n}\n`;
        return (await checkOnDisk({ 'data/t.csv': csv, 'spaces/main.nas': text }, 'spaces/main.nas')).diagnostics;
    }

    test('metric and report columns with NaN, empty and text cells: one warning each, counts and first rows, on the setting', async () => {
        assertDiagnostics(await diagnoseBad('key arch as nb201\nmetric val\nreport test'), [
            '[3:8] (warning) column val: 4 of 6 rows are not numbers (`NaN`: 2, empty: 1, other text: 1; first data rows 2, 3, 4); those rows will be failed evaluations',
            '[4:8] (warning) column test: 1 of 6 rows are not numbers (empty: 1; first data row 4); those rows will have no report value',
        ]);
    });

    test('clean columns get no warning (the row with an empty key is not counted: the evaluator skips it)', async () => {
        assertDiagnostics(await diagnoseBad('key arch as nb201\nmetric index'), []);
    });

    test('the counts follow the file: an edit (new size / mtime) is seen, the cache does not go stale', async () => {
        const { dir, services, document } = await checkOnDisk({ 'data/t.csv': BAD, 'spaces/main.nas': 'evaluator e = table("../data/t.csv") {\nkey arch as nb201\nmetric val\n}\n' }, 'spaces/main.nas');
        const { writeFileSync } = await import('node:fs');
        const { join } = await import('node:path');
        writeFileSync(join(dir, 'data/t.csv'), 'index,arch,val\n0,|a~0|,1\n1,|b~0|,NaN\n');
        await services.shared.workspace.DocumentBuilder.update([document.uri], []);
        const { render } = await import('./helpers.js');
        assertDiagnostics(render(document), ['[3:8] (warning) column val: 1 of 2 rows are not numbers (`NaN`: 1; first data row 2)']);
    });

    test('nb201.csv, the real benchmark, is clean', async () => {
        const { csvColumnQuality } = await import('../../dsl/validation/csv-values.js');
        const { NasNodeFileSystemProvider } = await import('../../dsl/node-file-system.js');
        const { URI } = await import('langium');
        const { fileURLToPath } = await import('node:url');
        const uri = URI.file(fileURLToPath(new URL('../../data/nb201/nb201.csv', import.meta.url)));
        const quality = (await csvColumnQuality(new NasNodeFileSystemProvider(), uri, 'arch'))!;
        for (const column of ['c10_val_naslib', 'c10_test', 'c100_test', 'in16_test']) {
            assert.deepEqual(quality.get(column), { rows: 15625, nan: 0, empty: 0, other: 0, firstRows: [] }, column);
        }
    });
});
