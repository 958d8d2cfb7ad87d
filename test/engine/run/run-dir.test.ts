import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resumeRun, startRun } from '../../../engine/run/execute.js';
import { readJournal } from '../../../engine/run/journal.js';
import { SilentReporter } from '../../../engine/run/progress.js';
import type { SearchResult, ShrinkResult } from '../../../engine/report/result.js';
import { readManifest } from '../../../engine/run/run-dir.js';
import { parseRunEvent, formatRunEvent } from '../../../protocol/run-events.js';
import { nb201Doc } from './fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-rundir-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

describe('run directories', () => {
    test('shrink writes run.json, journal.jsonl, result.json and report.html with the documented shapes', async () => {
        const dir = join(tmp, 'shrink');
        const reporter = new SilentReporter();
        const outcome = await startRun({ command: 'shrink', name: 'Lissnas', doc: nb201Doc(), dir, argv: ['shrink', 'x.nas'] }, reporter, { evaluationEvents: true });
        for (const f of ['run.json', 'journal.jsonl', 'result.json', 'report.html']) assert.ok(existsSync(join(dir, f)), f);

        const manifest = readManifest(dir);
        assert.equal(manifest.format, 'lissnas-run/1');
        assert.equal(manifest.command, 'shrink');
        assert.equal(manifest.name, 'Lissnas');
        assert.equal(manifest.seed, 42);
        assert.equal(manifest.engineVersion, JSON.parse(readFileSync('package.json', 'utf8')).version);
        assert.ok(!Number.isNaN(Date.parse(manifest.created)));
        assert.equal(manifest.spec.policies.length, 2, 'the whole document is snapshotted');

        const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as ShrinkResult;
        assert.equal(result.format, 'lissnas-result/1');
        assert.equal(result.command, 'shrink');
        assert.equal(result.policy, 'lissnas');
        assert.equal(result.fullSize, '15625');
        assert.ok(Math.abs(result.fullSizeLog10 - Math.log10(15625)) < 1e-9);
        assert.ok(BigInt(result.size) > 0n && BigInt(result.size) < 15625n);
        assert.equal(result.history.length, 3);
        assert.equal(result.history[0].size, '15625', 'iteration 1 samples the full space');
        assert.equal(result.pockets.length, 5, 'one pocket per seed (top 5)');
        assert.ok(result.pockets.every((p) => p.radius === 1 && p.members >= 1 && p.bestReport! >= p.meanReport!));
        assert.ok(result.best && result.best.arch.startsWith('|') && result.best.report! > 90);
        assert.ok(result.metrics['recallTop1%'] >= 0 && result.metrics['recallTop1%'] <= 1);
        assert.equal(result.comparison?.[0].kind, 'full space');
        assert.equal(outcome.evaluated, result.queries, 'every query journaled once');

        const journal = readJournal(join(dir, 'journal.jsonl')).entries;
        const evals = journal.filter((e) => e.type === 'eval');
        assert.equal(evals.length, result.queries);
        assert.equal(new Set(evals.map((e) => (e.type === 'eval' ? e.key : ''))).size, evals.length, 'no key journaled twice');
        assert.deepEqual(journal[0], { ...journal[0], type: 'phase', phase: 'start', journaled: 0 });
        assert.equal(journal.filter((e) => e.type === 'iteration').length, 3);
        assert.equal(journal[journal.length - 1].type, 'done');

        // Every emitted event is valid protocol.
        assert.ok(reporter.events.length > result.queries);
        for (const e of reporter.events) assert.deepEqual(parseRunEvent(formatRunEvent(e)), e, JSON.stringify(e));
        assert.equal(reporter.events.filter((e) => e.event === 'evaluation').length, result.queries);
        // Iterations are reported live (a progress view sees each arrive): iteration t right after its sample's
        // evaluations, with the queries spent so far, not all at the policy's end.
        let seen = 0;
        for (const e of reporter.events) {
            if (e.event === 'evaluation') seen++;
            if (e.event === 'iteration') assert.equal(seen, e.queries, `iteration ${e.iteration} reported after exactly its ${e.queries} queries`);
        }
    });

    test('the same seed gives byte-identical result.json; another seed does not', async () => {
        const a = join(tmp, 'a');
        const b = join(tmp, 'b');
        const c = join(tmp, 'c');
        await startRun({ command: 'shrink', name: 'Lissnas', doc: nb201Doc(), dir: a, argv: [] }, new SilentReporter());
        await startRun({ command: 'shrink', name: 'Lissnas', doc: nb201Doc(), dir: b, argv: [] }, new SilentReporter());
        await startRun({ command: 'shrink', name: 'Lissnas', doc: nb201Doc(), dir: c, argv: [], seed: 7 }, new SilentReporter());
        const text = (d: string) => readFileSync(join(d, 'result.json'), 'utf8');
        assert.equal(text(a), text(b));
        assert.notEqual(text(a), text(c));
        assert.equal(readManifest(c).seed, 7);
    });

    test('refuses to overwrite a run directory', async () => {
        await assert.rejects(startRun({ command: 'shrink', name: 'Lissnas', doc: nb201Doc(), dir: join(tmp, 'a'), argv: [] }, new SilentReporter()), /already holds a run/);
        await assert.rejects(startRun({ command: 'shrink', name: 'Nope', doc: nb201Doc(), dir: join(tmp, 'z'), argv: [] }, new SilentReporter()), /no policy named 'Nope'/);
    });

    test('a search on a policy: shrinkage first, total budget shared, result shape', async () => {
        const dir = join(tmp, 'search');
        await startRun({ command: 'search', name: 'REA', doc: nb201Doc(), dir, argv: [] }, new SilentReporter());
        const r = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as SearchResult;
        assert.equal(r.command, 'search');
        assert.equal(r.search, 'evolution');
        assert.equal(r.target, 'policy Lissnas');
        assert.equal(r.budget, 200);
        assert.ok(r.shrinkQueries > 0 && r.shrink?.queries === r.shrinkQueries);
        assert.ok(r.queries + r.shrinkQueries <= 200);
        assert.equal(r.trajectory.length, r.queries);
        assert.ok(r.best && r.best.report! > 85);
    });

    test('resume from a truncated journal with a torn line gives the same result without re-evaluating', async () => {
        const full = join(tmp, 'a');
        const partial = join(tmp, 'partial');
        await startRun({ command: 'shrink', name: 'Lissnas', doc: nb201Doc(), dir: partial, argv: [] }, new SilentReporter());
        // Keep everything up to the 40th evaluation (the start phase, iteration lines as they were written), then a
        // torn line, as a killed process would leave.
        const { writeFileSync } = await import('node:fs');
        const lines = readFileSync(join(partial, 'journal.jsonl'), 'utf8').split('\n');
        const fortieth = lines.map((l, i) => (l.startsWith('{"type":"eval"') ? i : -1)).filter((i) => i >= 0)[39];
        writeFileSync(join(partial, 'journal.jsonl'), lines.slice(0, fortieth + 1).join('\n') + '\n{"type":"eval","key":"4,4');
        rmSync(join(partial, 'result.json'));
        const outcome = await resumeRun(partial, new SilentReporter());
        assert.equal(outcome.reused, 40);
        const expected = readFileSync(join(full, 'result.json'), 'utf8');
        assert.equal(readFileSync(join(partial, 'result.json'), 'utf8'), expected);
        const evals = readJournal(join(partial, 'journal.jsonl')).entries.filter((e) => e.type === 'eval');
        assert.equal(evals.length, (JSON.parse(expected) as ShrinkResult).queries);
        assert.equal(outcome.evaluated, evals.length - 40);
    });
});
