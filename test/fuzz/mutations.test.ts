/**
 * Robustness of the language services on broken input: thousands of mutants of examples/tour.nas go
 * through parse, link, validate, hover, completion and formatting. Nothing may throw (or be logged as
 * swallowed), every diagnostic and formatting edit must lie inside its document, and no diagnostic or hover
 * may show `undefined`, `NaN`, `Infinity`, `[object Object]`, a JavaScript error or an unbounded echo.
 * Count and seed: LISSNAS_FUZZ_COUNT (per file), LISSNAS_FUZZ_SEED (a failure prints the index and the
 * mutations). test/fuzz/mutations-second-seed.test.ts fuzzes as many mutants again from the next seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeProblem } from './driver.js';
import { mutate, tokensOf } from './mutate.js';
import { assertMutantsClean, fuzzCount, fuzzSeed, tour } from './fuzz-check.js';
import { messageProblem, wordsOf } from './message-check.js';
import { Rng } from '../../engine/rng.js';

// 1,000 per file (2,000 with the second-seed file): about 15 ms of CPU per mutant on the 2-core machine,
// so each file stays near 15 to 20 s; bench/lsp.ts runs 5,000.
const count = fuzzCount(1000);
const seed = fuzzSeed(0);

test('tokensOf splits a document losslessly', () => {
    const tokens = tokensOf(tour);
    assert.equal(tokens.join(''), tour);
    assert.ok(tokens.includes('NB201') && tokens.includes('100M') && tokens.includes('"sgd"'));
});

test('mutants are reproducible from the seed and differ from the base', () => {
    const vocabulary = tokensOf(tour);
    const a = Array.from({ length: 50 }, (_, i) => mutate(new Rng(`${seed}:${i}`), tour, vocabulary));
    const b = Array.from({ length: 50 }, (_, i) => mutate(new Rng(`${seed}:${i}`), tour, vocabulary));
    assert.deepEqual(a, b);
    assert.ok(a.filter((m) => m.text !== tour).length >= 45, 'almost every mutant changes the text');
});

test('rangeProblem rejects ranges outside the document', () => {
    const lengths = [3, 0, 5];
    assert.equal(rangeProblem(lengths, { start: { line: 0, character: 0 }, end: { line: 2, character: 5 } }), undefined);
    assert.match(rangeProblem(lengths, { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }) ?? '', /start/);
    assert.match(rangeProblem(lengths, { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } }) ?? '', /end/);
    assert.match(rangeProblem(lengths, { start: { line: 2, character: 1 }, end: { line: 2, character: 0 } }) ?? '', /after/);
});

test('messageProblem flags JavaScript values, errors and overlong text, not a user\'s own words', () => {
    const none = new Set<string>();
    assert.match(messageProblem("unknown policy kind 'undefined'", none) ?? '', /undefined/);
    assert.match(messageProblem('tournament 3 is larger than the population (Infinity)', none) ?? '', /Infinity/);
    assert.match(messageProblem('budget NaN', none) ?? '', /NaN/);
    assert.match(messageProblem('value [object Object]', none) ?? '', /object/);
    assert.match(messageProblem("size not computed: Cannot read properties of undefined (reading 'push')", none) ?? '', /Cannot read/);
    assert.match(messageProblem('internal error in lissnas (not a problem of this document)', none) ?? '', /internal error/);
    assert.match(messageProblem('x'.repeat(1_001), none) ?? '', /1001 characters/);
    // Identifiers that contain the words, a quoted CSV value, and a name the document itself declares.
    assert.equal(messageProblem("unknown op 'is_undefined' or 'NaNs' or 'InfinityNet'", none), undefined);
    assert.equal(messageProblem('column `NaN` is not a number', none), undefined);
    assert.equal(messageProblem("duplicate space name 'undefined'", wordsOf('space undefined { x choice [1] }')), undefined);
});

test(`${count} mutants of tour.nas (seed ${seed}): no exception, every range inside its document`, async () => {
    await assertMutantsClean(count, seed);
});
