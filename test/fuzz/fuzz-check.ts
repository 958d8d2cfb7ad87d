/**
 * The fuzz assertion shared by the mutation test files: `count` mutants of examples/tour.nas from `seed`
 * go through the services (test/fuzz/driver.ts); nothing may throw or be logged as swallowed, every range
 * must lie inside its document, no diagnostic or hover may show JavaScript's values or errors or run past the
 * message limit (test/fuzz/message-check.ts; nor may the sanitiser have had to hide one), and the probes must
 * really answer. Split over files so that each stays
 * under the 30 s a test file may take while the suite still fuzzes thousands of documents.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fuzz } from './driver.js';

export const tourPath = resolve('examples/tour.nas');
export const tour = readFileSync(tourPath, 'utf8');

/** Mutants per test file: LISSNAS_FUZZ_COUNT, else `fallback`. */
export function fuzzCount(fallback: number): number {
    return Number(process.env.LISSNAS_FUZZ_COUNT ?? fallback);
}

/** Seed of a test file: LISSNAS_FUZZ_SEED plus the file's offset (so files fuzz different mutants). */
export function fuzzSeed(offset: number): number {
    return Number(process.env.LISSNAS_FUZZ_SEED ?? 20231) + offset;
}

export async function assertMutantsClean(count: number, seed: number): Promise<void> {
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
}
