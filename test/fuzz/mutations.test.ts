/**
 * Robustness of the language services on broken input: thousands of mutants of examples/tour.nas go
 * through parse, link, validate, hover, completion and formatting. Nothing may throw (or be logged as
 * swallowed), and every diagnostic and formatting edit must lie inside its document.
 * Count and seed: LISSNAS_FUZZ_COUNT, LISSNAS_FUZZ_SEED (a failure prints the index and the mutations).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fuzz, rangeProblem } from './driver.js';
import { mutate, tokensOf } from './mutate.js';
import { Rng } from '../../engine/rng.js';

const tourPath = resolve('examples/tour.nas');
const tour = readFileSync(tourPath, 'utf8');
// 600 keeps this file near 20 s on 2 cores (about 30 ms of CPU per mutant); bench/lsp.ts runs 5,000.
const count = Number(process.env.LISSNAS_FUZZ_COUNT ?? 600);
const seed = Number(process.env.LISSNAS_FUZZ_SEED ?? 20231);

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

test(`${count} mutants of tour.nas: no exception, every range inside its document`, async () => {
    const report = await fuzz(tourPath, tour, count, seed);
    assert.equal(report.documents, count);
    // Group by the problem's first line: one bug usually shows up in many mutants.
    const groups = new Map<string, { count: number; example: string }>();
    for (const p of report.problems) {
        const key = p.problem.split('\n')[0];
        const group = groups.get(key) ?? { count: 0, example: `#${p.index} [${p.steps.join('; ')}]\n    ${p.problem.split('\n').slice(0, 5).join('\n    ')}` };
        group.count++;
        groups.set(key, group);
    }
    const shown = [...groups.values()].slice(0, 8).map((g) => `${g.count}× ${g.example}`);
    assert.equal(report.problems.length, 0, `${report.problems.length} problems (seed ${seed}), ${groups.size} kinds:\n${shown.join('\n')}`);
    // The mutants really exercise the services: most are broken (diagnostics) and the probes answer.
    assert.ok(report.diagnostics > count, `only ${report.diagnostics} diagnostics over ${count} mutants`);
    assert.ok(report.completions > count, `only ${report.completions} completion items`);
});
