/**
 * Messages never show `undefined`, `Infinity`, internal errors or unbounded echoes of the input (issue 7).
 * The sources are fixed (each case below) and dsl/messages.ts guards every diagnostic and size error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './helpers.js';
import { sanitizeMessage, setLeakReporter, ECHO_LIMIT } from '../../dsl/messages.js';
import { spaceSizes } from '../../server/features/space-size.js';

function assertClean(messages: string[], context: string): void {
    for (const message of messages) {
        assert.doesNotMatch(message, /\bundefined\b|\bInfinity\b|\bNaN\b|Cannot read propert/, `${context}: ${message}`);
        assert.ok(message.length <= 1_000, `${context}: a message of ${message.length} characters`);
    }
}

test('a policy, search or evaluator without a kind gets the syntax error, not "unknown kind \'undefined\'"', async () => {
    for (const text of ['policy p = (S) { keep 3 }\nspace S { x choice [1] }', 'search s = (S)\nspace S { x choice [1] }', 'evaluator e = ()']) {
        const { diagnostics } = await check(text);
        assert.ok(diagnostics.length > 0, text);
        assertClean(diagnostics, text);
        assert.ok(!diagnostics.some((d) => /unknown (policy|search|evaluator) kind/.test(d)), diagnostics.join('\n'));
    }
});

test('settings without their number and numbers too large to represent never print undefined or Infinity', async () => {
    for (const text of [
        'space S { cell { nodes ; ops [none, skip_connect] } }',
        'space S { graph { max_nodes ; max_edges ; ops [conv3x3_bn_relu] } layers { k choice [1] } }',
        'search s = evolution(S) { population 1e400  tournament 3  budget 1e400 }\nspace S { x choice [1, 2] }',
        'space S { x uniform(1e400, -1e400) }',
    ]) {
        const { diagnostics } = await check(text);
        assert.ok(diagnostics.length > 0, text);
        assertClean(diagnostics, text);
    }
});

test('a 100 KB token is echoed clipped, quickly (no quadratic "did you mean")', async () => {
    const huge = 'a'.repeat(100_000);
    for (const text of [`space S { cell { nodes 4 ops [${huge}] } }`, `evaluator e = ${huge}()`, `space S { arch ${huge} }`]) {
        const { diagnostics } = await check(text);
        assert.ok(diagnostics.length > 0, text.slice(0, 40));
        assertClean(diagnostics, text.slice(0, 40));
        assert.ok(diagnostics.every((d) => !d.includes('a'.repeat(ECHO_LIMIT))), diagnostics.map((d) => d.slice(0, 100)).join('\n'));
    }
});

test('hover sizes of a cell with an edge outside its nodes say which edge, not an internal error', async () => {
    const { document } = await check('space H { cell { nodes 7 edges [0->1, 5->9, 1->3] ops [none, skip_connect, nor_conv_3x3] } }');
    const [size] = await spaceSizes(document);
    assert.equal(size.error, 'edge 5 -> 9 is out of range: nodes are 0..6');
});

test('the sanitiser clips echoes, lists and internals', () => {
    assert.equal(sanitizeMessage(`unknown op '${'x'.repeat(500)}'`), `unknown op '${'x'.repeat(ECHO_LIMIT - 2)}…`);
    assert.equal(sanitizeMessage('tournament 3 is larger than the population (Infinity)'), 'tournament 3 is larger than the population (a number too large to represent)');
    assert.equal(sanitizeMessage("unknown policy kind 'undefined'"), "unknown policy kind '?'");
    assert.match(sanitizeMessage("Cannot read properties of undefined (reading 'push')"), /^internal error in lissnas .*please report it/);
    const expecting = ['Expecting: one of these possible Token sequences:', ...Array.from({ length: 44 }, (_, i) => `  ${i + 1}. [t${i}]`), "but found: '('"].join('\n');
    const lines = sanitizeMessage(expecting).split('\n');
    assert.equal(lines.length, 12);
    assert.deepEqual(lines.slice(-2), ['  … 35 more', "but found: '('"]);
});

test('a message that needed an internal value replaced is reported (the fuzz fails on it), a clipped echo is not', () => {
    const heard: string[] = [];
    const previous = setLeakReporter((message) => heard.push(message));
    try {
        sanitizeMessage(`unknown op '${'x'.repeat(500)}'`);
        assert.deepEqual(heard, []);
        assert.equal(sanitizeMessage('population (Infinity)'), 'population (a number too large to represent)');
        assert.equal(sanitizeMessage('value [object Object]'), 'value ?');
        sanitizeMessage("Cannot read properties of undefined (reading 'push')");
        assert.equal(sanitizeMessage('column `NaN` is not a number'), 'column `NaN` is not a number');
        assert.deepEqual(heard, ['population (Infinity)', 'value [object Object]', "Cannot read properties of undefined (reading 'push')"]);
    } finally {
        setLeakReporter(previous);
    }
});
