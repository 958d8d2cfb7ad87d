/**
 * Deep nesting is one located error on its document, not a stack overflow (dsl/nesting.ts). Before the
 * limit, ~175 nested parentheses in a `when`, 250 nested `[` or 200 nested calls overflowed the parser's
 * stack and the exception stopped every later build of every document (the server-wide version of this is
 * test/protocol/isolation.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './helpers.js';
import { findTooDeep, MAX_NESTING } from '../../dsl/nesting.js';

const deep = (open: string, close: string, n: number, inner: string) => open.repeat(n) + inner + close.repeat(n);
const MESSAGE = `brackets nested deeper than ${MAX_NESTING} levels: this part was not read; flatten it (split the condition or list)`;

test('175 nested parentheses in a condition: one located error, and the next declaration is still checked', async () => {
    // Inside the declaration with the too-deep part, later problems wait until it is fixed (one mistake, one
    // diagnostic: dsl/validation/cascades.ts); the other declarations are checked as usual.
    const text = `space S { a choice [1, 2]  b choice [1] when ${deep('(', ')', 175, 'a == 1')} }  space T { c choice [1, 1] }`;
    const { diagnostics } = await check(text);
    // The space's `{` is level 1, so the first bracket past the limit is parenthesis number MAX_NESTING (1-based column).
    const column = text.indexOf('(') + MAX_NESTING;
    assert.deepEqual(diagnostics, [`[1:${column}] ${MESSAGE}`, `[1:${text.indexOf('1, 1]') + 4}] duplicate choice value 1`]);
});

test('250 nested lists and 200 nested calls: one located error each', async () => {
    const lists = `space S { x choice [${deep('[', ']', 250, '')}] }`;
    const lists1 = await check(lists);
    assert.equal(lists1.diagnostics[0], `[1:${lists.indexOf('[') + MAX_NESTING}] ${MESSAGE}`);
    const calls = `evaluator e = proxy(synflow) { batch ${deep('f(', ')', 200, '')} }`;
    const { diagnostics } = await check(calls);
    assert.equal(diagnostics[0], `[1:${calls.indexOf('f(') + 2 * (MAX_NESTING - 1) + 2}] ${MESSAGE}`);
    assert.ok(diagnostics.every((d) => d.length < 200), diagnostics.join('\n'));
});

test('brackets inside strings and comments do not count; nesting up to the limit parses as before', () => {
    assert.equal(findTooDeep(`x "${'('.repeat(100)}" // ${'['.repeat(100)}\n/* ${'{'.repeat(100)} */`), undefined);
    assert.equal(findTooDeep(deep('(', ')', MAX_NESTING, 'a')), undefined);
    const found = findTooDeep(`a\n${deep('(', ')', MAX_NESTING + 1, 'x')}\nb`);
    assert.ok(found);
    assert.equal(found.start, 2 + MAX_NESTING);
    // Blanked, not removed: every other offset and line stays where it was.
    assert.equal(found.blanked.length, 2 + 2 * (MAX_NESTING + 1) + 1 + 2);
    assert.equal(found.blanked.split('\n').length, 3);
});
