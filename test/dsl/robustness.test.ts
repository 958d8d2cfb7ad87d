// The validator runs on half-typed documents (the editor validates on every keystroke): no check may throw
// on a partial AST. Every prefix of the tour (in steps) and a few mangled variants must validate without
// an internal error diagnostic.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check } from './helpers.js';

const TOUR = readFileSync(fileURLToPath(new URL('../../examples/tour.nas', import.meta.url)), 'utf8');
const INTERNAL = /An error occurred|Cannot read propert|undefined is not|is not a function/;

describe('robustness on partial documents', () => {
    test('every 23rd prefix of the tour validates without internal errors', async () => {
        let checked = 0;
        for (let end = 0; end <= TOUR.length; end += 23) {
            const { diagnostics } = await check(TOUR.slice(0, end));
            const internal = diagnostics.filter((d) => INTERNAL.test(d));
            assert.deepEqual(internal, [], `prefix of ${end} characters`);
            checked++;
        }
        assert.ok(checked > 100);
    });

    test('tokens removed here and there', async () => {
        const tokens = TOUR.split(/(\s+)/);
        for (let skip = 3; skip < tokens.length; skip += 37) {
            const text = tokens.filter((_, i) => i !== skip && i !== skip + 2).join('');
            const { diagnostics } = await check(text);
            assert.deepEqual(diagnostics.filter((d) => INTERNAL.test(d)), [], `without tokens ${skip} and ${skip + 2}`);
        }
    });
});
