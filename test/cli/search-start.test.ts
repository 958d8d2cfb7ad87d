import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchResult } from '../../engine/report/result.js';
import { bundledCli } from '../cli-bundle.js';
import { evalKeys } from '../journal-keys.js';

/**
 * `lissnas search --start ARCH` with the bundled CLI (what the editor's "Search from here" spawns), real processes on
 * the real NB201 table: the start is recorded in run.json and result.json, evaluated first, survives SIGTERM + resume
 * byte for byte, and a malformed or foreign architecture is refused.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const file = join(root, 'test', 'fixtures', 'run', 'search-start.nas');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-start-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const cli = bundledCli();

// Written with extra spaces: run.json and result.json hold the space's own spelling.
const START_GIVEN = ' |nor_conv_1x1~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2| ';
const START = START_GIVEN.trim();
const START_KEY = '2,2,1,2,2,2';

function run(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
}

const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('lissnas search --start', () => {
    test('recorded in run.json and result.json, evaluated first, shown in the summary and the report', () => {
        const dir = join(tmp, 'plain');
        const r = run(['search', file, '--search', 'Climb', '--start', START_GIVEN, '--out', dir]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(json<{ start?: string }>(join(dir, 'run.json')).start, START);
        const result = json<SearchResult>(join(dir, 'result.json'));
        assert.equal(result.start, START);
        assert.equal(result.queries, 120);
        assert.equal(evalKeys(dir)[0], START_KEY);
        // The first point of the trajectory is the start's own c10_test (89.215 in the table), and the climb beats it.
        assert.equal(result.trajectory[0], 89.215);
        assert.ok(result.best!.report! > 93, String(result.best!.report));
        assert.match(r.stdout, new RegExp(`started at: ${START.replace(/[|+~]/g, '\\$&')}\\n`));
        assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /Started at<\/div><div class="value">\|nor_conv_1x1~0\|/);
        // Without --start, no `start` field and another first evaluation (a random start).
        const none = join(tmp, 'none');
        assert.equal(run(['search', file, '--search', 'Climb', '--out', none]).status, 0);
        assert.equal('start' in json<object>(join(none, 'run.json')), false);
        assert.equal('start' in json<object>(join(none, 'result.json')), false);
        assert.notEqual(evalKeys(none)[0], START_KEY);
    });

    test('SIGTERM mid-run, then resume: the same result.json as an uninterrupted run from the same start', async () => {
        const killed = join(tmp, 'killed');
        const child = spawn(process.execPath, [cli, 'search', file, '--search', 'Climb', '--start', START, '--out', killed, '--json'], {
            cwd: root,
            env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '20' },
            stdio: 'ignore',
        });
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && evalKeys(killed).length < 30) await new Promise((r) => setTimeout(r, 10));
        child.kill('SIGTERM');
        assert.equal(await exited, 143);
        assert.ok(!existsSync(join(killed, 'result.json')), 'the signal landed before the end');
        const journaled = evalKeys(killed).length;
        assert.ok(journaled >= 30 && journaled < 120, String(journaled));

        const resumed = run(['resume', killed]);
        assert.equal(resumed.status, 0, resumed.stderr);
        assert.match(resumed.stdout, /started at: \|nor_conv_1x1~0\|/);
        const clean = join(tmp, 'clean');
        assert.equal(run(['search', file, '--search', 'Climb', '--start', START, '--out', clean]).status, 0);
        assert.equal(readFileSync(join(killed, 'result.json'), 'utf8'), readFileSync(join(clean, 'result.json'), 'utf8'));
        assert.deepEqual(evalKeys(killed), evalKeys(clean), 'the resumed run evaluated the same keys, each once, in the same order');
    });

    test('a malformed architecture is a usage error (exit 2, the parser says why), before any run directory exists', () => {
        const dir = join(tmp, 'bad');
        const r = run(['search', file, '--search', 'Climb', '--start', '|nor_conv_1x1~0|+|bogus~0|skip_connect~1|', '--out', dir]);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /search Climb: cannot read the start '\|nor_conv_1x1~0\|\+\|bogus~0\|skip_connect~1\|' as an architecture of NB201: /);
        assert.equal(existsSync(dir), false);
        const shrink = run(['shrink', file, '--policy', 'Small', '--start', START, '--out', dir]);
        assert.equal(shrink.status, 2, 'shrink has no --start');
        assert.match(shrink.stderr, /unknown option '--start'/);
    });

    test('a start outside the shrunk space a search runs in fails the run, naming the architecture and the space', () => {
        const dir = join(tmp, 'inside');
        const r = run(['search', file, '--search', 'Inside', '--start', START, '--out', dir]);
        assert.equal(r.status, 1, r.stderr);
        assert.match(r.stderr, /search Inside: the start \|nor_conv_1x1~0\|\+\|nor_conv_1x1~0\|skip_connect~1\|\+\|nor_conv_1x1~0\|nor_conv_1x1~1\|nor_conv_1x1~2\| is not a member of the searched space NB201\.shrunk \(25 members\)/);
        assert.equal(existsSync(join(dir, 'result.json')), false);
    });

    test('--help documents --start', () => {
        const r = run(['search', '--help']);
        assert.equal(r.status, 0);
        assert.match(r.stdout, /--start ARCH/);
        assert.match(r.stdout, /local search climbs from it/);
    });
});
