// One mistake, one diagnostic (dsl/validation/cascades.ts, dsl/validation/parser-messages.ts). Each case makes a
// single mistake in an otherwise valid document whose other declarations refer to each other, and asserts that
// exactly one diagnostic comes back, at the `<|>` marker, saying what to do. Before, a missing `}` or a keyword in
// a name position gave up to ten: repeated syntax errors, unresolved names, "needs `metric`" on a body the parser
// had cut short.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './helpers.js';

/** The text without its `<|>` marker, and the marker's `[line:col]` (1-based, as the diagnostics render). */
function marked(text: string): { text: string; at: string } {
    const index = text.indexOf('<|>');
    assert.ok(index >= 0, 'the case needs a <|> marker');
    const before = text.slice(0, index).split('\n');
    return { text: text.replace('<|>', ''), at: `[${before.length}:${before.at(-1)!.length + 1}]` };
}

async function expectOne(textWithMarker: string, message: string): Promise<void> {
    const { text, at } = marked(textWithMarker);
    const { diagnostics } = await check(text);
    assert.deepEqual(diagnostics, [`${at} ${message}`]);
}

// The rest of each document: an evaluator and a policy that refer to space B, so a cascade would show up there.
const TAIL = '\nevaluator e = proxy(synflow) { batch 64 }\npolicy P = lissnas(B) { evaluate e }\n';

describe('recovery: one mistake, one diagnostic', () => {
    test('the cases are valid once the mistake is undone', async () => {
        const { diagnostics } = await check('space A {\n  x choice [1, 2]\n}\nspace B {\n  y choice [1]\n}' + TAIL);
        assert.deepEqual(diagnostics, []);
    });

    test('a missing `}` before the next declaration', async () => {
        await expectOne('space A {\n  x choice [1, 2]\n\n<|>space B {\n  y choice [1]\n}' + TAIL,
            '`space` is a keyword here: if a new declaration starts, add the missing `}` before it; to use it as a name or value, write `"space"`');
    });

    test('a missing `}` of an evaluator body', async () => {
        await expectOne('space B { y choice [1] }\nevaluator e = proxy(synflow) {\n  batch 64\n\n<|>policy P = lissnas(B) { evaluate e }\n',
            '`policy` is a keyword here: if a new declaration starts, add the missing `}` before it; to use it as a name or value, write `"policy"`');
    });

    test('a missing `}` of a cell, before the next member', async () => {
        await expectOne('space B {\n  cell {\n    nodes 3\n    ops [none, skip_connect]\n  <|>x choice [1, 2]\n}' + TAIL,
            'unexpected `x` here: is a `}` missing before it?');
    });

    test('a missing `}` at the end of the file', async () => {
        await expectOne('space B {\n  y choice [1]\n}\nevaluator e = proxy(synflow) { batch 64 }\npolicy P = lissnas(B) {\n  evaluate e<|>\n',
            'the file ends here but a `}` is missing');
    });

    test('a missing `=` in an evaluator, then in a policy', async () => {
        await expectOne('space B { y choice [1] }\nevaluator e <|>proxy(synflow) { batch 64 }\npolicy P = lissnas(B) { evaluate e }\n',
            "Expecting token of type '=' but found `proxy`.");
        await expectOne('space B { y choice [1] }\nevaluator e = proxy(synflow) { batch 64 }\npolicy P <|>lissnas(B) { evaluate e }\nsearch R = random(P) { evaluate e; budget 10 }\n',
            "Expecting token of type '=' but found `lissnas`.");
    });

    test('a declaration keyword in a dimension name position', async () => {
        await expectOne('space B {\n  y choice [1]\n  <|>space choice [1, 2]\n}' + TAIL,
            '`space` is a keyword here: if a new declaration starts, add the missing `}` before it; to use it as a name or value, write `"space"`');
    });

    test('a member keyword as a setting value', async () => {
        await expectOne('space B { y choice [1] }\nevaluator e = proxy(synflow) { device <|>cell }\npolicy P = lissnas(B) { evaluate e }\n',
            '`cell` is a keyword here; write `"cell"` to use it as a value');
    });

    test('a setting key as a value', async () => {
        await expectOne('space B { y choice [1] }\nevaluator e = proxy(synflow) { device <|>seed }\npolicy P = lissnas(B) { evaluate e }\n',
            '`seed` is a keyword here (a setting key, so it ends `device` and starts a new setting); write `"seed"` to use it as a value');
    });

    test('a stray `)` in a space body, and after a declaration header', async () => {
        await expectOne('space B {\n  y choice [1, 2] <|>)\n  z choice [3]\n}' + TAIL, "Expecting token of type '}' but found `)`.");
        await expectOne('space B { y choice [1] }\nevaluator e = proxy(synflow)<|>) { batch 64 }\npolicy P = lissnas(B) { evaluate e }\n',
            'unexpected `)`: expected `import` or a declaration (ops, space, evaluator, policy, search)');
    });

    test('a stray word mid-declaration: one diagnostic, where the parse stops making sense', async () => {
        // `oops z` reads as a dimension `oops` over a space `z`, and `choice [3]` then lacks a name: the error
        // lands on the next line, but alone.
        await expectOne('space B {\n  y choice [1, 2] oops\n  z choice <|>[3]\n}' + TAIL,
            'expected a domain (`choice [...]`, `uniform(...)`, ...) or a space name but found `[`');
    });

    test('an unclosed `[`, an unclosed `(` and a doubled `,`', async () => {
        const message = (open: string, close: string) => `this \`${open} ... ${close}\` is not well formed: look for a missing \`${close}\`, a stray \`,\` or a missing value inside`;
        await expectOne('space B {\n  y choice <|>[1, 2\n  z choice [3]\n}' + TAIL, message('[', ']'));
        await expectOne('space B { y uniform<|>(0, 1 }' + TAIL, message('(', ')'));
        await expectOne('space B { y choice <|>[1,, 2] }' + TAIL, message('[', ']'));
    });

    test('an extra `}`', async () => {
        await expectOne('space B {\n  y choice [1]\n}\n<|>}' + TAIL, 'unexpected `}`: expected `import` or a declaration (ops, space, evaluator, policy, search)');
    });

    test('a misspelt setting key', async () => {
        await expectOne('space B { y choice [1] }\nevaluator e = proxy(synflow) { <|>bacth 64 }\npolicy P = lissnas(B) { evaluate e }\n',
            "unknown setting 'bacth' (did you mean 'batch'?): a body holds `key value` settings");
    });

    test('a declaration without its name', async () => {
        await expectOne('space <|>{ y choice [1] }\nspace B { z choice [1] }' + TAIL, 'expected a name but found `{`');
    });

    test('an unknown op set: no "no architecture satisfies" on a space composed of it, no "sample is larger" on its policy', async () => {
        // Compiled, the cell would have no ops and so no architectures; found by the issue 7 stale-validation test.
        await expectOne(
            'space B {\n  cell {\n    nodes 4\n    ops <|>UnknownOps\n  }\n}\nspace Small {\n  c B\n  constraint flops <= 100M\n}\nevaluator e = proxy(params) {}\npolicy P = lissnas(B) { evaluate e; sample 100 }\n',
            "unknown op set 'UnknownOps'",
        );
    });
});
