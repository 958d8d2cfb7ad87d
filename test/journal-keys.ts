import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The keys of a run directory's journaled evaluations, read straight from journal.jsonl (not through the engine's
 * reader, so the tests check the file itself); complete lines only, as a killed writer may leave a torn one.
 */
export function evalKeys(dir: string): string[] {
    const path = join(dir, 'journal.jsonl');
    if (!existsSync(path)) return [];
    return readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{"type":"eval"') && line.endsWith('}'))
        .map((line) => (JSON.parse(line) as { key: string }).key);
}

/** One line of a run's journal.jsonl as the neural tests read it (evaluations, their errors and epochs, run records). */
export interface JournalLine {
    type: string;
    key?: string;
    metric?: number;
    report?: number;
    error?: string;
    epochs?: Array<{ epoch: number; loss: number; validation: number; seconds: number }>;
    journaled?: number;
    reused?: number;
}

/** Every line of a run directory's journal.jsonl. */
export function journalLines(dir: string): JournalLine[] {
    return readFileSync(join(dir, 'journal.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as JournalLine);
}

/** A one-epoch train(...) run of one network: journaled without error, a finite loss, the epoch's validation as the metric, a test accuracy in percent. */
export function assertOneTrainedEpoch(dir: string): void {
    const evals = journalLines(dir).filter((l) => l.type === 'eval');
    assert.equal(evals.length, 1);
    const [e] = evals;
    assert.equal(e.error, undefined, e.error);
    assert.equal(e.epochs?.length, 1);
    assert.ok(Number.isFinite(e.epochs![0].loss), JSON.stringify(e));
    assert.equal(e.metric, e.epochs![0].validation);
    assert.ok(e.report! >= 0 && e.report! <= 100, `test accuracy ${e.report}`);
}

/**
 * A proxy run of a bundled CLI command: every evaluation journaled without error and finite, the values varying with
 * the genotype, result.json naming `backend`. Returns the evaluations (for the caller's count).
 */
export function assertProxyRun(dir: string, proxy: string, backend: string): JournalLine[] {
    const evaluated = journalLines(dir).filter((l) => l.type === 'eval');
    for (const l of evaluated) assert.ok(l.error === undefined && Number.isFinite(l.metric), JSON.stringify(l));
    assert.ok(new Set(evaluated.map((l) => l.metric)).size > 1, `${proxy} varies with the genotype`);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { backend?: { name: string } };
    assert.equal(result.backend?.name, backend);
    return evaluated;
}
