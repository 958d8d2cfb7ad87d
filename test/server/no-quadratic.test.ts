/**
 * No quadratic passes over duplicates or composition chains (issue 7): 10,000 duplicate choice values took
 * 95 s to validate and a chain of 2,000 composed spaces 74 s to size. The answers are checked exactly; the
 * test's timeout is a generous bound for a loaded 2-core machine (the old code exceeded it many times
 * over), not a performance target (those are `npm run bench:*`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../dsl/helpers.js';
import { spaceSizes } from '../../server/features/space-size.js';

test('10,000 duplicate choice values: each reported on its own value (the first 100, then a count)', { timeout: 20_000 }, async () => {
    const text = `space S { x choice [${Array.from({ length: 10_000 }, () => '7').join(', ')}] }`;
    const { diagnostics } = await check(text);
    // At most 100 diagnostics plus one summary line (dsl/validation/text-content.ts).
    assert.equal(diagnostics.length, 101);
    const start = text.indexOf('7');
    assert.equal(diagnostics[0], `[1:${start + 3 + 1}] duplicate choice value 7`);
    assert.equal(diagnostics[99], `[1:${start + 3 * 100 + 1}] duplicate choice value 7`);
    assert.match(diagnostics[100], /\.\.\. and 9899 more \(9899 error\(s\), 0 other\)/);
});

test('a chain of 2,000 composed spaces: validated and sized, and a problem at the bottom reaches the top', { timeout: 30_000 }, async () => {
    const lines = ['space S0 { x choice [1, 2] }'];
    for (let i = 1; i < 2_000; i++) lines.push(`space S${i} { a S${i - 1} }`);
    const { document, diagnostics } = await check(lines.join('\n'));
    assert.deepEqual(diagnostics, []);
    const sizes = await spaceSizes(document);
    assert.equal(sizes.length, 2_000);
    assert.ok(sizes.every((s) => s.exact === '2'), 'every space of the chain has the 2 members of S0');

    lines[0] = 'space S0 { x Missing }';
    const broken = await check(lines.join('\n'));
    const top = (await spaceSizes(broken.document)).at(-1)!;
    assert.equal(top.error, "unknown name 'Missing'");
});
