import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectFindReferences, expectGoToDefinition, parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ResponseError } from 'vscode-languageserver';
import { Nas } from './services.js';

const tour = readFileSync(new URL('../../examples/tour.nas', import.meta.url), 'utf8');
const goTo = expectGoToDefinition(Nas);
const references = expectFindReferences(Nas);
const parse = parseHelper(Nas);

/** Renames at the `|` of `at` (the first place `at` occurs, without the bar). */
async function rename(text: string, at: string, newName: string): Promise<string> {
    const document = await parse(text);
    const found = text.indexOf(at.replace('|', ''));
    assert.ok(found >= 0, `${at} not in text`);
    const offset = found + at.indexOf('|') - 1;
    const edit = await Nas.lsp.RenameProvider!.rename(document, {
        textDocument: { uri: document.uri.toString() },
        position: document.textDocument.positionAt(offset + 1),
        newName,
    });
    const edits = edit?.changes?.[document.uri.toString()] ?? [];
    return TextDocument.applyEdits(document.textDocument as TextDocument, edits);
}

describe('go to definition', () => {
    const text = [
        'ops <|Ops|> { a; b }',
        'space <|S|> { cell c { nodes 3; ops <|>Ops }',
        '  <|opt|> choice ["a", "b"]',
        '  lr uniform(0, 1) when <|>opt == "a" }',
        'space J { arch <|>S }',
        'evaluator <|e|> = table("t.csv") { metric m }',
        'policy <|P|> = lissnas(<|>S) { evaluate <|>e }',
        'search R = random(<|>P) { evaluate e }',
    ].join('\n');
    test('op set, parameter, sub-space, policy space, evaluator, search target', async () => {
        await goTo({ text, index: 0, rangeIndex: 0 });
        await goTo({ text, index: 1, rangeIndex: 2 });
        await goTo({ text, index: 2, rangeIndex: 1 });
        await goTo({ text, index: 3, rangeIndex: 1 });
        await goTo({ text, index: 4, rangeIndex: 3 });
        await goTo({ text, index: 5, rangeIndex: 4 });
    });
});

describe('find references', () => {
    test('every use of a space, and its declaration', async () => {
        await references({
            text: 'space <|<|>S|> { x choice [1] }\nspace J { arch <|S|> }\npolicy P = lissnas(<|S|>) { evaluate e }\nsearch R = random(<|S|>) { budget 1 }',
            includeDeclaration: true,
        });
    });
    test('uses of an evaluator, without its declaration', async () => {
        await references({
            text: 'space S { x choice [1] }\nevaluator <|>e = table("t.csv") { metric m }\npolicy P = lissnas(S) { evaluate <|e|> }\nsearch R = random(S) { evaluate <|e|> }',
            includeDeclaration: false,
        });
    });
});

describe('rename', () => {
    test('renaming NB201 in the tour updates the declaration and every reference', async () => {
        const after = await rename(tour, 'space N|B201', 'Bench201');
        assert.match(after, /space Bench201 \{/);
        assert.match(after, /arch {2}Bench201\n/, 'arch NB201 in Joint');
        assert.match(after, /arch Bench201\n {2}constraint/, 'arch NB201 in Small');
        assert.match(after, /lissnas\(Bench201\)/);
        assert.match(after, /op_pruning\(Bench201\)/);
        assert.match(after, /evolution\(Bench201\)/);
        assert.match(after, /random\(Bench201\)/);
        assert.doesNotMatch(after, /[(\s]NB201[)\s]/);
        // Only identifiers changed (declaration + 7 references): the key format `nb201` is untouched.
        assert.match(after, /key {4}arch as nb201/);
        assert.equal(after.length, tour.length + 8 * ('Bench201'.length - 'NB201'.length));
    });

    test('renaming from a reference renames the declaration too', async () => {
        const after = await rename('space S { x choice [1] }\nsearch R = random(S) { budget 1 }', 'random(S|', 'Space2');
        assert.equal(after, 'space S { x choice [1] }\nsearch R = random(S) { budget 1 }'.replace(/\bS\b/g, 'Space2'));
    });

    test('renaming a parameter updates the conditions that use it', async () => {
        const text = 'space T {\n  opt choice ["a", "b"]\n  m uniform(0, 1) when opt == "a"\n}';
        assert.equal(await rename(text, 'op|t', 'optimizer'), text.replace(/opt\b/g, 'optimizer'));
    });

    test('invalid names, keywords and clashes are refused with a message', async () => {
        const text = 'space S { x choice [1] }\nspace T { y choice [2] }';
        await assert.rejects(rename(text, 'S| {', '1abc'), (e: unknown) => e instanceof ResponseError && /not a valid name/.test(e.message));
        await assert.rejects(rename(text, 'S| {', 'my-space'), /not a valid name/);
        await assert.rejects(rename(text, 'S| {', 'when'), /'when' is a keyword of the language/);
        await assert.rejects(rename(text, 'S| {', 'true'), /keyword/);
        await assert.rejects(rename(text, 'S| {', 'T'), /already declared/);
        // A dimension or an op cannot take a keyword that starts a declaration: the body would end there.
        await assert.rejects(rename(text, 'x| choice', 'space'), /'space' starts a declaration, so a dimension cannot be called 'space'/);
        // Every other keyword is a valid name: setting keys, distribution names, structure keywords.
        assert.equal(await rename(text, 'S| {', 'normal'), text.replace('space S', 'space normal'));
        assert.equal(await rename(text, 'S| {', 'space'), text.replace('space S', 'space space'));
        assert.equal(await rename(text, 'x| choice', 'nodes'), text.replace('x choice', 'nodes choice'));
    });

    test('renaming to a keyword updates references too, and the result parses', async () => {
        const text = 'space S { x choice [1] }\nsearch R = random(S) { budget 1 }';
        assert.equal(await rename(text, 'S| {', 'ops'), 'space ops { x choice [1] }\nsearch R = random(ops) { budget 1 }');
    });
});
