// Imports and cross-file scoping: imported declarations are visible (transitively), others are not; missing
// files and cycles are reported on the import statement; the builder loads imported files from disk.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI, AstUtils } from 'langium';
import * as ast from '../../dsl/generated/ast.js';
import { assertDiagnostics, checkAll, checkOnDisk, render } from './helpers.js';

const SPACE_B = 'space B { x choice [1, 2] }\n';

describe('imports (files on disk)', () => {
    test('an imported space resolves, and go-to-definition leads into the imported file', async () => {
        const { diagnostics, document, dir } = await checkOnDisk({ 'a.nas': 'import "lib/b.nas"\nspace A { arch B }\n', 'lib/b.nas': SPACE_B }, 'a.nas');
        assertDiagnostics(diagnostics, []);
        const model = document.parseResult.value as ast.Model;
        const dimension = (model.declarations[0] as ast.Space).members[0] as ast.Dimension;
        const target = dimension.space!.ref!;
        assert.equal(target.name, 'B');
        assert.equal(AstUtils.getDocument(target).uri.fsPath, join(dir, 'lib', 'b.nas'));
    });

    test('go-to-definition (the LSP request) on an imported name answers with the other file and the name range', async () => {
        const { document, dir, services } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nspace A { arch B }\n', 'b.nas': '// lib\n' + SPACE_B }, 'a.nas');
        const links = await services.Nas.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: document.uri.toString() }, position: { line: 1, character: 15 } });
        assert.equal(links?.length, 1);
        assert.equal(URI.parse(links![0].targetUri).fsPath, join(dir, 'b.nas'));
        assert.deepEqual(links![0].targetSelectionRange, { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } });
    });

    test('imports are transitive', async () => {
        const { diagnostics } = await checkOnDisk(
            { 'a.nas': 'import "b.nas"\nspace A { arch C }\n', 'b.nas': 'import "c.nas"\n', 'c.nas': 'space C { x choice [1] }\n' },
            'a.nas',
        );
        assertDiagnostics(diagnostics, []);
    });

    test('a missing import file is an error on its path', async () => {
        const { diagnostics } = await checkOnDisk({ 'a.nas': 'import "nowhere.nas"\nspace A { x choice [1] }\n' }, 'a.nas');
        assertDiagnostics(diagnostics, ["[1:8] cannot find the imported file 'nowhere.nas'"]);
    });

    test('an import cycle is reported on the import statement, naming the files, and does not hang', async () => {
        const { diagnostics, services, dir } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nspace A { arch B }\n', 'b.nas': 'import "a.nas"\n' + SPACE_B }, 'a.nas');
        assertDiagnostics(diagnostics, ['[1:8] import cycle: a.nas -> b.nas -> a.nas']);
        const b = services.shared.workspace.LangiumDocuments.getDocument(URI.file(join(dir, 'b.nas')))!;
        assertDiagnostics(render(b), ['[1:8] import cycle: b.nas -> a.nas -> b.nas']);
    });

    test('a file importing itself is a cycle', async () => {
        const { diagnostics } = await checkOnDisk({ 'a.nas': 'import "a.nas"\n' }, 'a.nas');
        assertDiagnostics(diagnostics, ['[1:8] import cycle: a.nas -> a.nas']);
    });

    test('a declaration that an imported file also declares is a duplicate', async () => {
        const { diagnostics } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nspace B { y choice [3] }\n', 'b.nas': SPACE_B }, 'a.nas');
        assertDiagnostics(diagnostics, ["[2:7] space 'B' is also declared (as a space) in the imported file b.nas"]);
    });

    test('two imported files declaring the same name: reported on the import that brings the second', async () => {
        const { diagnostics } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nimport "c.nas"\n', 'b.nas': SPACE_B, 'c.nas': 'import "d.nas"\n', 'd.nas': SPACE_B }, 'a.nas');
        assertDiagnostics(diagnostics, ["[2:8] 'B' is declared in both b.nas and d.nas: references to it would be ambiguous"]);
    });

    test('importing the same file twice warns', async () => {
        const { diagnostics } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nimport "./b.nas"\n', 'b.nas': SPACE_B }, 'a.nas');
        assertDiagnostics(diagnostics, ["[2:8] (warning) './b.nas' is already imported"]);
    });

    test('declarations of a workspace file that is not imported stay invisible, and the message names the file', async () => {
        const { services, dir } = await checkOnDisk({ 'c.nas': 'space C { x choice [1] }\n', 'a.nas': 'space A { arch C }\n' }, 'c.nas');
        const documents = services.shared.workspace.LangiumDocuments;
        const a = await documents.getOrCreateDocument(URI.file(join(dir, 'a.nas')));
        await services.shared.workspace.DocumentBuilder.build([a], { validation: true });
        assert.ok(documents.hasDocument(URI.file(join(dir, 'c.nas'))), 'c.nas is in the workspace');
        assertDiagnostics(render(a), ["[1:16] unknown space 'C': it is declared in c.nas, which this file does not import (add `import \"c.nas\"`)"]);
    });

    test('creating a missing imported file and reporting the change re-validates the importer', async () => {
        const { services, dir, document, diagnostics } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nspace A { arch B }\n' }, 'a.nas');
        assertDiagnostics(diagnostics, ["[1:8] cannot find the imported file 'b.nas'", "[2:16] unknown space 'B'"]);
        writeFileSync(join(dir, 'b.nas'), SPACE_B);
        await services.shared.workspace.DocumentBuilder.update([URI.file(join(dir, 'b.nas'))], []);
        assertDiagnostics(render(document), []);
    });

    test('creating a missing imported file clears the error even when nothing refers into it', async () => {
        const { services, dir, document, diagnostics } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nspace A { x choice [1] }\n' }, 'a.nas');
        assertDiagnostics(diagnostics, ["[1:8] cannot find the imported file 'b.nas'"]);
        writeFileSync(join(dir, 'b.nas'), SPACE_B);
        await services.shared.workspace.DocumentBuilder.update([URI.file(join(dir, 'b.nas'))], []);
        assertDiagnostics(render(document), []);
    });

    test('changing an imported file re-links the importer (a renamed space becomes unknown)', async () => {
        const { services, dir, document } = await checkOnDisk({ 'a.nas': 'import "b.nas"\nspace A { arch B }\n', 'b.nas': SPACE_B }, 'a.nas');
        assertDiagnostics(render(document), []);
        writeFileSync(join(dir, 'b.nas'), 'space B2 { x choice [1] }\n');
        await services.shared.workspace.DocumentBuilder.update([URI.file(join(dir, 'b.nas'))], []);
        assertDiagnostics(render(document), ["[2:16] unknown space 'B' (did you mean 'B2'?)"]);
    });
});

describe('imports (in-memory workspace)', () => {
    test('two open documents: the importer sees the imported op set and evaluator', async () => {
        const result = await checkAll({
            'lib.nas': 'ops Mine { a = sep_conv(kernel: 3); b = identity }\nevaluator zc = proxy(synflow)\n',
            'main.nas': 'import "lib.nas"\nspace S { cell { nodes 3 ops Mine } }\nsearch R = random(S) { evaluate zc; budget 10 }\n',
        });
        assert.deepEqual(result, { 'lib.nas': [], 'main.nas': [] });
    });

    test('inline ops defined in an imported op set are known', async () => {
        const result = await checkAll({
            'lib.nas': 'ops Mine { my_op = sep_conv(kernel: 3) }\n',
            'main.nas': 'import "lib.nas"\nspace S { cell { nodes 3 ops [my_op, none] } }\n',
        });
        assert.deepEqual(result['main.nas'], []);
    });

    test('without the import, the same reference is unknown', async () => {
        const result = await checkAll({
            'lib.nas': 'evaluator zc = proxy(synflow)\n',
            'main.nas': 'space S { cell { nodes 3 ops [none, skip_connect] } }\nsearch R = random(S) { evaluate zc; budget 10 }\n',
        });
        assertDiagnostics(result['main.nas'], ["[2:33] unknown evaluator 'zc': it is declared in lib.nas, which this file does not import"]);
    });
});
