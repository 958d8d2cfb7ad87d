import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectFormatting, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Nas } from './services.js';

const format = expectFormatting(Nas);

async function formatText(text: string): Promise<string> {
    const document = await parseHelper(Nas)(text);
    const edits = await Nas.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() },
        options: { tabSize: 4, insertSpaces: true },
    });
    return TextDocument.applyEdits(document.textDocument as TextDocument, edits);
}

describe('formatter', () => {
    test('a messy document becomes the canonical form (2-space indent, spacing around operators)', async () => {
        await format({
            before: [
                'ops   Foo{a',
                'b=relu_conv_bn( kernel :3 ,stride:1 ) ;c}',
                'space   X{cell{nodes 4',
                'edges [0 ->1,0->2 ,  1->2]',
                '    ops Foo}',
                '      lr loguniform (1e-4,1e-1) when( a=="x" or b in [1 ,2])',
                '',
                '',
                '',
                '  constraint flops<=100M}',
                'evaluator e=table( "x.csv" ){key arch as nb201',
                'metric m}',
            ].join('\n'),
            after: [
                'ops Foo {',
                '  a',
                '  b = relu_conv_bn(kernel: 3, stride: 1);',
                '  c',
                '}',
                'space X {',
                '  cell {',
                '    nodes 4',
                '    edges [0 -> 1, 0 -> 2, 1 -> 2]',
                '    ops Foo',
                '  }',
                '  lr loguniform(1e-4, 1e-1) when (a == "x" or b in [1, 2])',
                '',
                '  constraint flops <= 100M',
                '}',
                'evaluator e = table("x.csv") {',
                '  key arch as nb201',
                '  metric m',
                '}',
            ].join('\n'),
        });
    });

    test('one-line bodies stay on one line, with single spaces', async () => {
        await format({
            before: 'search RS = random(NB201){evaluate c10;budget 100}\npolicy P = lissnas(NB201) {   }',
            after: 'search RS = random(NB201) { evaluate c10; budget 100 }\npolicy P = lissnas(NB201) {}',
        });
    });

    test('nested lists, calls with named arguments and `not in` conditions', async () => {
        await format({
            before: 'space S {\n  a choice [ [1,2] ,[ 3 ] ]\n  b randint(1,10 ,step : 2) when(a  not  in [[1,2]] and b!=3)\n}',
            after: 'space S {\n  a choice [[1, 2], [3]]\n  b randint(1, 10, step: 2) when (a not in [[1, 2]] and b != 3)\n}',
        });
    });

    test('comments: own-line comments take the indentation of what follows, trailing ones keep their place', async () => {
        await format({
            before: 'import   "a.nas" ;\n/* block\n   comment */\nspace S {   // trailing\n// own line\n      x choice [1,2]   // t2\n  y   choice [3]\n      // before close\n}\n',
            after: 'import "a.nas";\n/* block\n   comment */\nspace S {   // trailing\n  // own line\n  x choice [1, 2]   // t2\n  y   choice [3]\n  // before close\n}\n',
        });
    });

    test('the indentation is 2 spaces even when the editor says 4 (tabs stay tabs)', async () => {
        await format({ before: 'space S {\nx choice [1]\n}', after: 'space S {\n  x choice [1]\n}', options: { tabSize: 4, insertSpaces: true } });
        await format({ before: 'space S {\nx choice [1]\n}', after: 'space S {\n\tx choice [1]\n}', options: { tabSize: 4, insertSpaces: false } });
    });

    test('a keyword used as a name inside a declaration is not spaced like the declaration keyword (idempotent)', async () => {
        // Found by the formatting fuzzer: `op_pruning(policy)` became `op_pruning(policy )` and back, forever.
        const text = 'space policy { cell { nodes 4; edges all; ops [a, b] } }\npolicy A = op_pruning(policy) { sample 200; seed 42 }\n';
        const once = await formatText(text);
        assert.ok(once.includes('op_pruning(policy) {'), once);
        assert.equal(await formatText(once), once);
        assert.equal(await formatText('space policy { cell { nodes 4; edges all; ops [a, b] } }\npolicy A = op_pruning(policy ) { sample 200; seed 42 }\n'), once);
    });

    test('a document with syntax errors is left alone', async () => {
        await format({ before: 'space S {\nx choice [1,\n', after: 'space S {\nx choice [1,\n' });
    });

    test('examples/tour.nas is already canonical, and formatting is idempotent', async () => {
        const tour = readFileSync(new URL('../../examples/tour.nas', import.meta.url), 'utf8');
        const once = await formatText(tour);
        assert.equal(once, tour);
        const messy = tour.replace(/\n {2}/g, '\n').replace(/ = /g, '=').replace(/, /g, ',');
        assert.notEqual(messy, tour);
        const fixed = await formatText(messy);
        assert.equal(await formatText(fixed), fixed);
    });
});
