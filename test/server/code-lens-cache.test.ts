/**
 * Code lens titles are remembered under the text they depend on (server/features/code-lens.ts), so that a
 * keystroke re-sizes only the spaces that read the edited declaration. A remembered title must always be
 * the one a fresh sizing gives: after editing the space itself, a space it composes, its op set, or
 * declaring a name it was missing; and an edit elsewhere leaves it as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHelper } from 'langium/test';
import { spaceSummary } from '../../server/features/hover.js';
import { sizeOfDeclaration } from '../../server/features/space-size.js';
import * as ast from '../../dsl/generated/ast.js';
import { examplesUri, Nas } from './services.js';

const parse = parseHelper<ast.Model>(Nas);
let counter = 0;

/** Lens titles by space name, and the titles a fresh sizing (no lens cache) gives for the same document. */
async function lenses(text: string): Promise<{ shown: Record<string, string>; fresh: Record<string, string> }> {
    const document = await parse(text, { documentUri: examplesUri(`code-lens-cache-${counter++}.nas`), validation: false });
    const spaces = document.parseResult.value.declarations.filter(ast.isSpace);
    // Sized first (through the size worker), so the lenses below have their sizes and show titles, not "being computed".
    const fresh = Object.fromEntries(await Promise.all(spaces.map(async (s) => [s.name, spaceSummary(await sizeOfDeclaration(s)).replace(/^[^—]*— /, '')])));
    const lenses = (await Nas.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.uri.toString() } }))!;
    const shown = Object.fromEntries(spaces.map((s, i) => [s.name, lenses[i].command!.title]));
    return { shown, fresh };
}

const base = (nodes: number, ops: string, width: string) => `
ops O { none  skip_connect = identity  ${ops} }
space C { cell { nodes ${nodes}  edges all  ops O } }
space J { arch C  width choice [${width}] }
space H { lr choice [0.1, 0.2] }
`;

test('a lens follows every edit its space depends on, and only those', async () => {
    const first = await lenses(base(3, '', '1, 2'));
    assert.deepEqual(first.shown, first.fresh);

    // The op set gains an op: C and J (which composes C) change; H does not.
    const moreOps = await lenses(base(3, 'conv = relu_conv_bn(kernel: 3)', '1, 2'));
    assert.deepEqual(moreOps.shown, moreOps.fresh);
    assert.notEqual(moreOps.shown.C, first.shown.C);
    assert.notEqual(moreOps.shown.J, first.shown.J);
    assert.equal(moreOps.shown.H, first.shown.H);

    // The composed space changes (more nodes): J follows although its own text is the same.
    const moreNodes = await lenses(base(4, '', '1, 2'));
    assert.deepEqual(moreNodes.shown, moreNodes.fresh);
    assert.notEqual(moreNodes.shown.J, first.shown.J);

    // J's own text changes.
    const wider = await lenses(base(3, '', '1, 2, 3'));
    assert.deepEqual(wider.shown, wider.fresh);
    assert.notEqual(wider.shown.J, first.shown.J);
    assert.equal(wider.shown.C, first.shown.C);
});

test('declaring a missing name changes the lens of the space that used it', async () => {
    const missing = await lenses('space J { arch C  width choice [1, 2] }\n');
    assert.deepEqual(missing.shown, missing.fresh);
    const declared = await lenses('space J { arch C  width choice [1, 2] }\nspace C { x choice [1, 2, 3] }\n');
    assert.deepEqual(declared.shown, declared.fresh);
    assert.notEqual(declared.shown.J, missing.shown.J);
});
