// The output-directory rule of runs and studies (engine/run/output-dir.ts): new or empty only, refusals that say
// what to do, defaults that never collide, and one winner when two runs race for one empty directory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimOutputDir, defaultOutputDir, inspectOutputDir, OutputDirError } from '../../../engine/run/output-dir.js';
import { createRunDir, type RunManifest } from '../../../engine/run/run-dir.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-outdir-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const manifest = (name: string): RunManifest => ({ format: 'lissnas-run/1', command: 'shrink', name, seed: 0, engineVersion: 'test', argv: [], created: 'now', spec: { spaces: [], evaluators: [], policies: [], searches: [] } as unknown as RunManifest['spec'] });

describe('claimOutputDir', () => {
    test('a new directory is created (parents included); an empty one is accepted', () => {
        const fresh = join(tmp, 'a', 'b', 'c');
        assert.equal(claimOutputDir(fresh, 'run'), fresh);
        assert.deepEqual(inspectOutputDir(fresh), { state: 'empty' });
        assert.equal(claimOutputDir(fresh, 'study'), fresh);
    });

    test('anything else is refused with the reason and the next step', () => {
        const file = join(tmp, 'file');
        writeFileSync(file, 'x');
        const user = join(tmp, 'user');
        mkdirSync(user);
        for (const f of ['result.json', 'notes.txt', 'a', 'b']) writeFileSync(join(user, f), 'mine');
        const run = join(tmp, 'run');
        createRunDir(run, manifest('first'));
        const study = join(tmp, 'study');
        mkdirSync(study);
        writeFileSync(join(study, 'study.json'), '{}');
        const cases: Array<[string, OutputDirError['reason'], RegExp]> = [
            [file, 'not-a-directory', /file is a file, not a directory; choose a new --out/],
            [user, 'foreign', /user holds files lissnas did not create \(a, b, notes\.txt, \.\.\. \(4 entries\)\); choose a new --out or empty it/],
            [run, 'run', /run already holds a run: continue it with `lissnas resume .*run`, or choose a new --out/],
            [study, 'study', /study already holds a study: continue it with `lissnas resume .*study`, or choose a new --out/],
            [join(file, 'sub'), 'unwritable', /cannot create the study directory .* \(a parent of it is a file\)/],
        ];
        for (const [dir, reason, message] of cases) {
            assert.throws(() => claimOutputDir(dir, 'study'), (e: unknown) => e instanceof OutputDirError && e.reason === reason && message.test(e.message), `${dir}: ${reason}`);
        }
        assert.equal(readFileSync(join(user, 'result.json'), 'utf8'), 'mine');
        // A study being run (its manifest and cell journal, before study.json exists) is a study too.
        const running = join(tmp, 'running-study');
        mkdirSync(running);
        writeFileSync(join(running, 'study-run.json'), '{}');
        assert.equal(inspectOutputDir(running).state, 'study');
    });

    test('createRunDir: a second run into the same directory is refused and the first manifest kept', () => {
        const dir = join(tmp, 'race');
        mkdirSync(dir);
        createRunDir(dir, manifest('winner'));
        assert.throws(() => createRunDir(dir, manifest('loser')), OutputDirError);
        assert.equal(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).name, 'winner');
    });
});

describe('defaultOutputDir', () => {
    test('timestamped under runs/, and a fresh suffix when the same second is taken', () => {
        const cwd = join(tmp, 'cwd');
        mkdirSync(cwd);
        const now = new Date('2026-01-02T03:04:05Z');
        const first = defaultOutputDir('demo', cwd, now);
        assert.equal(first, join('runs', 'demo-20260102-030405'));
        claimOutputDir(join(cwd, first), 'study');
        // Empty: still usable (an interrupted start leaves it empty).
        assert.equal(defaultOutputDir('demo', cwd, now), first);
        writeFileSync(join(cwd, first, 'study.json'), '{}');
        assert.equal(defaultOutputDir('demo', cwd, now), `${first}-2`);
        mkdirSync(join(cwd, `${first}-2`));
        writeFileSync(join(cwd, `${first}-2`, 'x'), '');
        assert.equal(defaultOutputDir('demo', cwd, now), `${first}-3`);
    });
});
