/** Where runs go and which are resumable (client/runs/run-dirs.ts), on real directories. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import { commandEvaluatorsOfRunDir, freshRunDir, resumableDirs, runsDirectory, safeName, timestamp } from '../../client/runs/run-dirs.js';
import { RUN_MANIFEST_FORMAT, STUDY_MANIFEST_FORMAT } from '../../protocol/run-files.js';

const work = mkdtempSync(join(tmpdir(), 'lissnas-run-dirs-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('names: <name>-<yyyymmdd-hhmmss> in local time; a name unsafe for a file system keeps its letters', () => {
    assert.equal(timestamp(new Date(2026, 0, 5, 7, 8, 9)), '20260105-070809');
    assert.equal(safeName('Lissnas'), 'Lissnas');
    assert.equal(safeName('a/b c'), 'a_b_c');
    assert.equal(safeName('..'), 'run');
});

test('an existing directory is never reused: -2, -3 follow', () => {
    const when = new Date(2026, 11, 2, 14, 0, 0);
    const first = freshRunDir(work, 'Lissnas', when);
    assert.equal(first, join(work, 'Lissnas-20261202-140000'));
    mkdirSync(first);
    const second = freshRunDir(work, 'Lissnas', when);
    assert.equal(second, `${first}-2`);
    mkdirSync(second);
    assert.equal(freshRunDir(work, 'Lissnas', when), `${first}-3`);
});

test('the runs directory: relative to the workspace folder, else to the file; absolute as is; empty means runs', () => {
    assert.equal(runsDirectory('runs', '/ws', '/ws/examples'), resolve('/ws/runs'));
    assert.equal(runsDirectory('out/runs', undefined, '/elsewhere/x'), resolve('/elsewhere/x/out/runs'));
    assert.equal(runsDirectory('/abs/runs', '/ws', '/ws'), resolve('/abs/runs'));
    assert.equal(runsDirectory('  ', '/ws', '/ws'), resolve('/ws/runs'));
});

test('resumable: a run without result.json, a study without study.json; not finished ones, not locked by a live process, not skipped ones', () => {
    const parent = join(work, 'runs');
    const make = (name: string, files: Record<string, unknown>) => {
        mkdirSync(join(parent, name), { recursive: true });
        for (const [file, content] of Object.entries(files)) writeFileSync(join(parent, name, file), typeof content === 'string' ? content : JSON.stringify(content));
    };
    // The manifests as the CLI writes them (protocol/run-files.ts checks them).
    const run = (command: string, name: string, created: string) => ({ format: RUN_MANIFEST_FORMAT, command, name, seed: 0, created });
    const study = (file: string, created: string) => ({ format: STUDY_MANIFEST_FORMAT, command: 'study', file, policies: ['L'], searches: [], seeds: 1, datasets: [], created });
    const lock = (pid: number) => ({ pid, hostname: hostname() });
    make('old-interrupted', { 'run.json': run('shrink', 'ABS', '2026-12-01T10:00:00Z') });
    make('new-interrupted', { 'run.json': run('search', 'REA', '2026-12-02T10:00:00Z') });
    make('finished-damaged', { 'run.json': run('shrink', 'ABS', '2026-12-02T11:00:00Z'), 'result.json': {} });
    make('study-half', { 'study-run.json': study('examples/nb201.nas', '2026-11-30T10:00:00Z') });
    make('study-done-damaged', { 'study-run.json': study('x.nas', '2026-12-02T11:00:00Z'), 'study.json': {} });
    make('locked', { 'run.json': run('shrink', 'L', '2026-12-02T12:00:00Z'), 'run.lock': lock(process.pid) });
    make('stale-lock', { 'run.json': run('shrink', 'S', '2026-11-01T00:00:00Z'), 'run.lock': lock(2 ** 22 + 12345) });
    make('running-here', { 'run.json': run('shrink', 'H', '2026-12-02T13:00:00Z') });
    make('not-a-run', { 'notes.txt': 'hello' });
    make('damaged', { 'run.json': '{ not json' });
    const found = resumableDirs(parent, (dir) => dir.endsWith('running-here'));
    assert.deepEqual(
        found.map((r) => `${r.kind} ${r.subject} ${r.label}`),
        ['search REA new-interrupted', 'shrink ABS old-interrupted', 'study examples/nb201.nas study-half', 'shrink S stale-lock'],
        'newest first; a damaged result or manifest is `failed` (the Runs view says why), not resumable',
    );
    assert.deepEqual(resumableDirs(join(work, 'missing')), []);
});

test('command evaluators of a run directory come from its compiled spec (resume runs the snapshot, not the file)', () => {
    const dir = join(work, 'spec-run');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ spec: { evaluators: [{ name: 'c10', kind: 'table' }, { name: 'train', kind: 'command' }] } }));
    assert.deepEqual(commandEvaluatorsOfRunDir(dir), ['train']);
    const study = join(work, 'spec-study');
    mkdirSync(study);
    writeFileSync(join(study, 'study-run.json'), JSON.stringify({ spec: { evaluators: [{ name: 'c10', kind: 'table' }] } }));
    assert.deepEqual(commandEvaluatorsOfRunDir(study), []);
});
