// `table(...)` evaluators: the CSV path is relative to the .nas file; only its header is read; `key`,
// `metric` and `report` must name columns (the message lists the available ones).
import { describe, test } from 'node:test';
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
