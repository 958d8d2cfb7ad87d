import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalWriter, journaledEvaluations, readJournal, type JournalEntry } from '../../../engine/run/journal.js';

function tempFile(): { path: string; done: () => void } {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-journal-'));
    return { path: join(dir, 'journal.jsonl'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

const evalEntry = (key: string, metric: number): JournalEntry => ({ type: 'eval', evaluator: 'c10', key, canonical: key, metric, report: metric + 1, cost: 0 });

describe('journal', () => {
    test('appends lines and reads them back in order', () => {
        const t = tempFile();
        try {
            const w = JournalWriter.open(t.path);
            w.append({ type: 'phase', phase: 'start', time: 'T', journaled: 0 });
            w.append(evalEntry('1,2,3', 90.5));
            w.append(evalEntry('3,2,1', 80.25));
            w.append({ type: 'iteration', name: 'P', iteration: 1, sampleMean: 85, sampleBest: 90.5, sizeLog10: 4.19, queries: 2 });
            w.close();
            const text = readFileSync(t.path, 'utf8');
            assert.equal(text.split('\n').length, 5, 'four lines, each ending in a newline');
            const { entries, torn, validBytes } = readJournal(t.path);
            assert.equal(torn, false);
            assert.equal(validBytes, statSync(t.path).size);
            assert.deepEqual(
                entries.map((e) => e.type),
                ['phase', 'eval', 'eval', 'iteration'],
            );
            const evals = journaledEvaluations(entries);
            assert.equal(evals.size, 2);
            assert.equal(evals.get('3,2,1')?.metric, 80.25);
            assert.equal(evals.get('1,2,3')?.report, 91.5);
        } finally {
            t.done();
        }
    });

    test('a missing journal is empty', () => {
        const { entries, torn, validBytes } = readJournal('/nonexistent/lissnas/journal.jsonl');
        assert.deepEqual(entries, []);
        assert.equal(torn, false);
        assert.equal(validBytes, 0);
    });

    test('tolerates a torn last line and appending resumes on a clean line', () => {
        const t = tempFile();
        try {
            const w = JournalWriter.open(t.path);
            w.append(evalEntry('a', 1));
            w.append(evalEntry('b', 2));
            w.close();
            const whole = statSync(t.path).size;
            // A kill in the middle of a write leaves part of a line, without its newline.
            appendFileSync(t.path, '{"type":"eval","key":"c","canon');
            const read = readJournal(t.path);
            assert.equal(read.torn, true);
            assert.equal(read.entries.length, 2);
            assert.equal(read.validBytes, whole);

            const w2 = JournalWriter.open(t.path);
            assert.equal(statSync(t.path).size, whole, 'open() cut the torn tail');
            w2.append(evalEntry('c', 3));
            w2.close();
            const again = readJournal(t.path);
            assert.equal(again.torn, false);
            assert.deepEqual(
                again.entries.map((e) => (e.type === 'eval' ? e.key : '')),
                ['a', 'b', 'c'],
            );
        } finally {
            t.done();
        }
    });

    test('a complete but newline-less last line is treated as torn (the write did not finish)', () => {
        const t = tempFile();
        try {
            writeFileSync(t.path, JSON.stringify(evalEntry('a', 1)) + '\n' + JSON.stringify(evalEntry('b', 2)));
            const read = readJournal(t.path);
            assert.equal(read.entries.length, 1);
            assert.equal(read.torn, true);
        } finally {
            t.done();
        }
    });

    test('a corrupt line before the last one is an error naming the line', () => {
        const t = tempFile();
        try {
            writeFileSync(t.path, JSON.stringify(evalEntry('a', 1)) + '\n' + 'garbage\n' + JSON.stringify(evalEntry('b', 2)) + '\n');
            assert.throws(() => readJournal(t.path), /journal\.jsonl:2: corrupt journal line/);
        } finally {
            t.done();
        }
    });

    test('a journal larger than the read chunk (4 MiB) reads back exactly: lines across chunk boundaries, UTF-8, torn tail, line numbers', () => {
        const t = tempFile();
        try {
            const w = JournalWriter.open(t.path);
            const written: JournalEntry[] = [];
            // ~11 MB: two chunk boundaries, each falling inside some line; multi-byte characters throughout.
            for (let i = 0; written.length < 60_000; i++) {
                const entry: JournalEntry = { type: 'eval', evaluator: 'c10', key: `${i},${i % 7}`, canonical: `é∂${'x'.repeat(i % 150)}${i}`, metric: i / 3, cost: 0 };
                written.push(entry);
                w.append(entry);
            }
            w.close();
            const size = statSync(t.path).size;
            assert.ok(size > 2 * (1 << 22), `journal of ${size} bytes spans several chunks`);
            appendFileSync(t.path, '{"type":"eval","key":"torn é');
            const read = readJournal(t.path);
            assert.deepEqual(read.entries, written);
            assert.equal(read.torn, true);
            assert.equal(read.validBytes, size);
            JournalWriter.open(t.path).close();
            assert.equal(statSync(t.path).size, size, 'open() found the last newline from the end and cut the torn tail');

            // A corrupt line deep in the file is named by its line number.
            const lines = readFileSync(t.path, 'utf8').split('\n');
            lines[45_000] = 'garbage';
            writeFileSync(t.path, lines.join('\n'));
            assert.throws(() => readJournal(t.path), /journal\.jsonl:45001: corrupt journal line/);
        } finally {
            t.done();
        }
    });

    test('failed evaluations (no metric, an error) are valid entries', () => {
        const t = tempFile();
        try {
            const w = JournalWriter.open(t.path);
            w.append({ type: 'eval', key: 'x', canonical: 'x', error: 'no row' });
            w.close();
            const { entries } = readJournal(t.path);
            assert.equal(entries.length, 1);
            assert.equal(entries[0].type === 'eval' && entries[0].error, 'no row');
        } finally {
            t.done();
        }
    });
});
