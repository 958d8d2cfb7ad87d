// The language with no disk, as in a browser worker: every file it reads (the main document, its imports, a
// table evaluator's CSV, the CSV's columns offered by completion) comes from the FileSystemProvider it was
// created with — here one over a Map, at paths that do not exist on disk. Once for `file:` URIs (a path the
// old `node:fs` reads could not find) and once for a scheme a browser editor uses (`memfs:`).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { URI, UriUtils, type LangiumDocument } from 'langium';
import { createNasServices } from '../../dsl/nas-module.js';
import { NasLspModule } from '../../server/nas-lsp-module.js';
import { MemoryFileSystemProvider } from './memory-file-system.js';
import { assertDiagnostics, render } from './helpers.js';

const CSV = 'arch,acc,loss\n|a~0|,0.9,NaN\n|b~0|,0.8,0.2\n';
const OTHER = 'space S { x choice [1, 2] }\n';
const MAIN = [
    'import "lib/other.nas"',
    'evaluator e = table("data/t.csv") {',
    '  key arch as nb201',
    '  metric accc',
    '  report loss',
    '}',
    'policy P = lissnas(S) { evaluate e }',
    '',
].join('\n');

for (const base of ['file:///lissnas-memory-only/ws/', 'memfs:/ws/']) {
    describe(`the language on an in-memory file system (${base})`, () => {
        const at = (path: string) => URI.parse(base + path);
        const setUp = (files: Record<string, string>) => {
            const fs = new MemoryFileSystemProvider(new Map(Object.entries(files).map(([path, text]) => [at(path).toString(), text])));
            const services = createNasServices({ fileSystemProvider: () => fs }, NasLspModule);
            return { fs, services };
        };
        const build = async (services: ReturnType<typeof createNasServices>, path: string): Promise<LangiumDocument> => {
            const document = await services.shared.workspace.LangiumDocuments.getOrCreateDocument(at(path));
            await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
            return document;
        };

        test('an import resolves, a table gets its column and value checks, all read from the provider', async () => {
            const { fs, services } = setUp({ 'main.nas': MAIN, 'lib/other.nas': OTHER, 'data/t.csv': CSV });
            const document = await build(services, 'main.nas');
            assertDiagnostics(render(document), [
                "[4:10] no column 'accc' in data/t.csv (did you mean 'acc'?); available columns: arch, acc, loss",
                '[5:10] (warning) column loss: 1 of 2 rows are not numbers (`NaN`: 1; first data row 1); those rows will have no report value',
            ]);
            // The policy's space comes from the imported file, loaded through the provider.
            const imported = services.shared.workspace.LangiumDocuments.getDocument(at('lib/other.nas'));
            assert.ok(imported, 'the imported file is a document');
            assert.deepEqual(render(imported), []);
            for (const path of ['main.nas', 'lib/other.nas', 'data/t.csv']) assert.ok(fs.reads.includes(at(path).toString()), `${path} was read through the provider`);
        });

        test('missing files are reported with the URI looked for', async () => {
            const { services } = setUp({ 'main.nas': 'import "gone.nas"\nevaluator e = table("nope.csv") { key a as digits; metric m }\n' });
            const document = await build(services, 'main.nas');
            const looked = base.startsWith('file:') ? at('nope.csv').fsPath : at('nope.csv').toString();
            assertDiagnostics(render(document), [
                "[1:8] cannot find the imported file 'gone.nas'",
                `[2:21] cannot read table 'nope.csv': no such file (looked for ${looked})`,
            ]);
        });

        test('an edit of the CSV in the provider is seen on the next validation (the cache compares the text)', async () => {
            const { fs, services } = setUp({ 'main.nas': MAIN, 'lib/other.nas': OTHER, 'data/t.csv': CSV });
            const document = await build(services, 'main.nas');
            assert.equal(render(document).length, 2);
            fs.files.set(at('data/t.csv').toString(), 'arch,accc,loss\n|a~0|,0.9,0.1\n');
            await services.shared.workspace.DocumentBuilder.update([document.uri], []);
            assertDiagnostics(render(document), []);
        });

        test('completion offers the CSV columns read through the provider', async () => {
            const { services } = setUp({ 'main.nas': MAIN, 'lib/other.nas': OTHER, 'data/t.csv': CSV });
            const document = await build(services, 'main.nas');
            const list = await services.Nas.lsp.CompletionProvider!.getCompletion(document, {
                textDocument: { uri: document.uri.toString() },
                position: { line: 3, character: 9 }, // `  metric |accc`
            });
            const labels = (list?.items ?? []).map((i) => i.label);
            for (const column of ['arch', 'acc', 'loss']) assert.ok(labels.includes(column), `column ${column} offered; got ${labels.join(', ')}`);
            assert.equal(UriUtils.basename(document.uri), 'main.nas');
        });
    });
}

test('an unsaved `untitled:` buffer has no folder: its table path is not resolved, nothing is reported for it', async () => {
    const fs = new MemoryFileSystemProvider(new Map([['untitled:/t.csv', 'arch,acc\n']]));
    const services = createNasServices({ fileSystemProvider: () => fs }, NasLspModule);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString('evaluator e = table("t.csv") { key arch as nb201; metric nope }\n', URI.parse('untitled:Untitled-1.nas'));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    assertDiagnostics(render(document), []);
    assert.deepEqual(fs.reads, []);
});
