import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHelper } from 'langium/test';
import type { InlayHint } from 'vscode-languageserver';
import { spaceSizeAt, spaceSizes } from '../../server/features/space-size.js';
import { editorSizeBudget } from '../../server/features/editor-size.js';
import { sizeJobs } from '../../server/features/size-jobs.js';
import { COMPUTING_TITLE } from '../../server/features/code-lens.js';
import * as ast from '../../dsl/generated/ast.js';
import { examplesUri, Nas } from './services.js';

const tour = readFileSync(new URL('../../examples/tour.nas', import.meta.url), 'utf8');
const parse = parseHelper(Nas);
const tourDocument = parse(tour, { documentUri: examplesUri('sizes-tour.nas') });

describe('space sizes (the data behind lissnas/spaceSizes)', () => {
    test('every space of the tour, in order, with exact digits and labels', async () => {
        const sizes = await spaceSizes(await tourDocument);
        assert.deepEqual(sizes.map((s) => [s.name, s.exact, s.label, s.unique]), [
            ['NB201', '15625', '15,625', '6466'],
            ['NB101', '509607936', '509,607,936', '423624'],
            ['DARTS', '1076746950455072400', '1.08 × 10^18', '146021935250523556'],
            ['Mobile', '11501279977342425366528', '1.15 × 10^22', '11501279977342425366528'],
            ['Training', undefined, '∞ (continuous)', undefined],
            ['Joint', undefined, '∞ (continuous)', undefined],
            ['Small', '14080', '14,080', '5553'],
        ]);
        const nb201 = sizes[0];
        assert.equal(nb201.log10?.toFixed(2), '4.19');
        assert.equal(nb201.kind, 'cell space');
        assert.deepEqual(nb201.nameRange, { start: { line: 13, character: 6 }, end: { line: 13, character: 11 } });
        assert.equal(nb201.range.start.line, 13);
        assert.equal(nb201.range.end.line, 26);
        // JSON-safe: no bigint anywhere (JSON.stringify throws on one).
        assert.doesNotThrow(() => JSON.stringify(sizes));
        assert.deepEqual(sizes[3].members.map((m) => `${m.name} ${m.label}${m.perLayer ? '/layer' : ''}`), ['layers 3.83 × 10^21', 'kernel 3/layer', 'expand 2/layer', 'se 2/layer', 'width 3']);
    });

    test('spaceSizeAt finds the space around an offset, nothing outside spaces', async () => {
        const document = await tourDocument;
        assert.equal((await spaceSizeAt(document, tour.indexOf('max_edges 9')))?.name, 'NB101');
        assert.equal((await spaceSizeAt(document, tour.indexOf('space Small')))?.name, 'Small');
        assert.equal(await spaceSizeAt(document, tour.indexOf('evaluator c10')), undefined);
        assert.equal(await spaceSizeAt(document, 0), undefined);
    });

    test('a space that cannot be compiled says why instead of a size; the others are still sized', async () => {
        const document = await parse('space A { arch Missing }\nspace B { x choice [1, 2, 3] }\nspace C { c C }\nspace D { cell { nodes 4 } }\nspace E { arch A }');
        const [a, b, c, d, e] = await spaceSizes(document);
        assert.deepEqual([a.label, a.exact, a.error], ['?', undefined, "unknown name 'Missing'"]);
        assert.equal(b.exact, '3');
        assert.equal(c.error, "space 'C' contains itself");
        assert.equal(d.error, "cell 'cell' needs `ops` (an op set name or a list)");
        assert.equal(e.error, "unknown name 'Missing'", 'through the sub-space');
        const hover = await Nas.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: { line: 0, character: 6 } });
        assert.equal((hover?.contents as { value: string }).value, "**A** — space, size not computed: unknown name 'Missing'");
    });
});

describe('inlay hints and code lens', () => {
    test('a hint after every space name and every member name, once the size worker has answered', async () => {
        const document = await tourDocument;
        await spaceSizes(document);
        const hints = (await Nas.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.uri.toString() },
            range: { start: { line: 0, character: 0 }, end: { line: 80, character: 0 } },
        })) as InlayHint[];
        const at = (line: number) => hints.filter((h) => h.position.line === line).map((h) => `${h.position.character}${h.label}`);
        assert.deepEqual(at(13), ['11: 15,625 · 6,466 unique'], 'space NB201');
        assert.deepEqual(at(14), ['6: 15,625'], 'cell (unnamed: after the keyword)');
        assert.deepEqual(at(49), ['12: 1.15 × 10^22'], 'space Mobile');
        assert.deepEqual(at(50), ['11: 3.83 × 10^21'], 'layers 20: after the count');
        assert.deepEqual(at(51), ['10: 3/layer'], 'kernel');
        assert.deepEqual(at(60), ['11: 2'], 'optimizer');
        assert.deepEqual(at(61), ['4: ∞ (continuous)'], 'lr');
        assert.deepEqual(at(64), ['8: 19'], 'epochs');
        assert.deepEqual(at(74), ['11: 14,080 · 5,553 unique'], 'space Small');
        assert.ok(hints.every((h) => h.position.line < 80), 'hints only inside the requested range');
        assert.ok(hints.every((h) => typeof h.tooltip === 'string' && h.tooltip.length > 0));
    });

    test('estimates are marked ≈ in the hints too', async () => {
        const saved = editorSizeBudget.estimateMs;
        editorSizeBudget.estimateMs = 60_000;
        try {
            const document = await parse('space Eight {\n  cell { nodes 4; ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, a, b, c] }\n}');
            await spaceSizes(document);
            const hints = (await Nas.lsp.InlayHintProvider!.getInlayHints(document, {
                textDocument: { uri: document.uri.toString() },
                range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
            })) as InlayHint[];
            assert.deepEqual(hints.map((h) => h.label), [': 262,144 · ≈151,323 unique', ': 262,144']);
        } finally {
            editorSizeBudget.estimateMs = saved;
        }
    });

    test('a title-only lens above every space', async () => {
        const document = await tourDocument;
        await spaceSizes(document);
        const all = await Nas.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } });
        // The size lenses (title only); the run lenses of policies and searches are tested below.
        const lenses = all?.filter((l) => l.command?.command === '');
        assert.equal(lenses?.length, 7);
        assert.deepEqual(lenses![0].range, { start: { line: 13, character: 0 }, end: { line: 13, character: 0 } });
        assert.equal(lenses![0].command?.title, 'cell space, 15,625 architectures (10^4.19), 6,466 unique');
        assert.equal(lenses![0].command?.command, '');
        assert.equal(lenses![4].command?.title, 'hyperparameter space, ∞ (continuous) configurations');
    });

    test('a "▶ Shrink" lens above every policy and a "▶ Search" lens above every search, with (uri, name) arguments', async () => {
        const document = await tourDocument;
        const uri = document.uri.toString();
        const lenses = (await Nas.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri } }))!.filter((l) => l.command?.command !== '');
        const model = document.parseResult.value as ast.Model;
        const expected = model.declarations
            .filter((d) => ast.isPolicy(d) || ast.isSearch(d))
            .map((d) => ({
                line: d.$cstNode!.range.start.line,
                title: ast.isPolicy(d) ? '▶ Shrink' : '▶ Search',
                command: ast.isPolicy(d) ? 'lissnas.shrink' : 'lissnas.search',
                arguments: [uri, d.name],
            }));
        assert.equal(expected.length, 6, 'tour.nas has 3 policies and 3 searches');
        assert.deepEqual(
            lenses.map((l) => ({ line: l.range.start.line, title: l.command!.title, command: l.command!.command, arguments: l.command!.arguments })),
            expected,
        );
        assert.equal(lenses[0].range.start.line, 89, 'policy Lissnas is on line 90 of tour.nas');
    });

    test('before the worker answers: no hint and a "being computed" lens; the answers come without a new edit', async () => {
        // A space nobody has sized in this process (a cell, so not plain arithmetic: it goes to the worker).
        let answers = 0;
        sizeJobs.onBackgroundAnswer(() => answers++);
        const document = await parse('space Fresh {\n  cell { nodes 5; ops [none, skip_connect, nor_conv_1x1] }\n  x choice [1, 2]\n}');
        const params = { textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } };
        const before = (await Nas.lsp.InlayHintProvider!.getInlayHints(document, params)) as InlayHint[];
        assert.deepEqual(before, [], 'nothing is shown that is not known');
        const lenses = await Nas.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: params.textDocument });
        assert.equal(lenses?.[0].command?.title, COMPUTING_TITLE);
        // The requests above started the jobs in the background (their answers tell the refresh listeners);
        // awaiting the sizes joins those jobs.
        await spaceSizes(document);
        assert.ok(answers > 0, 'background answers are announced (server/size-refresh.ts refreshes the client then)');
        const after = (await Nas.lsp.InlayHintProvider!.getInlayHints(document, params)) as InlayHint[];
        assert.deepEqual(after.map((h) => h.label), [': 118,098 · 16,454 unique', ': 59,049', ': 2']);
    });
});
