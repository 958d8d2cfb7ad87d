/**
 * Formatting never changes meaning (test/fuzz/format-check.ts states the property): thousands of documents,
 * mutants of the examples (mostly broken: formatting must decline) and the same mutants with their whitespace
 * scrambled (many parse: formatting must only move whitespace, range edits must stay in their range).
 * Count and seed: LISSNAS_FUZZ_COUNT, LISSNAS_FUZZ_SEED; a failure prints the seed, the index and the steps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHelper } from 'langium/test';
import { Nas } from '../server/services.js';
import { Rng } from '../../engine/rng.js';
import { mutate, tokensOf } from './mutate.js';
import { checkFormatting, scrambleWhitespace } from './format-check.js';
import { fuzzCount, fuzzSeed } from './fuzz-check.js';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const bases = readdirSync(examples).filter((f) => f.endsWith('.nas')).sort().map((f) => readFileSync(join(examples, f), 'utf8'));
const count = fuzzCount(2000);
const seed = fuzzSeed(7);

test('the reproduction: range formatting on a broken document declines instead of deleting `}⏎  seed 3⏎}⏎`', async () => {
    const text = 'evaluator e = proxy(synflow) {\n  batch 64\nspace D { cell { cell }}\n  seed 3\n}\nspace B {\n  y choice [1]\n}';
    const document = await parseHelper(Nas)(text);
    const edits = await Nas.lsp.Formatter!.formatDocumentRange(document, {
        textDocument: { uri: document.uri.toString() },
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } },
        options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(edits, []);
});

test('range formatting of a valid document edits only inside the range, indentation at the line start included', async () => {
    const document = await parseHelper(Nas)('space A {\ncell {\n      nodes 4\n  }\n    x choice [1,2]\n}\n');
    const edits = await Nas.lsp.Formatter!.formatDocumentRange(document, {
        textDocument: { uri: document.uri.toString() },
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } },
        options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } }, newText: '    ' }]);
});

test(`${count} mutated documents (seed ${seed}): formatting declines on syntax errors, else only moves whitespace`, async () => {
    const rng = new Rng(seed);
    const vocabularies = bases.map((base) => [...new Set(tokensOf(base).filter((t) => t.trim() !== ''))]);
    const failures: string[] = [];
    let formatted = 0;
    let edits = 0;
    for (let index = 0; index < count; index++) {
        const which = rng.int(bases.length);
        // Mutate lightly (most mutants still parse once scrambled) or heavily (broken: must decline).
        const mutant = mutate(rng, bases[which], vocabularies[which], 1 + rng.int(3));
        const scrambled = rng.next() < 0.5;
        const text = scrambled ? scrambleWhitespace(rng, rng.next() < 0.4 ? bases[which] : mutant.text) : mutant.text;
        const check = await checkFormatting(Nas, text, rng);
        if (check.formatted) formatted++;
        edits += check.edits;
        if (check.problems.length > 0) failures.push(`#${index} (base ${which}, ${scrambled ? 'scrambled ' : ''}[${mutant.steps.join('; ')}]): ${check.problems.join(' | ')}\n${JSON.stringify(text).slice(0, 400)}`);
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${count} documents break the property`);
    // The run really formats: a good share of the documents parse and get edits.
    assert.ok(formatted > count / 5, `only ${formatted} of ${count} documents parsed`);
    assert.ok(edits > count / 5, `only ${edits} edits over ${count} documents`);
});
