import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/io.js';
import { parseRunEvent, type DoneEvent } from '../../protocol/run-events.js';
import type { SearchResult } from '../../engine/report/result.js';
import { nb201Space } from '../../engine/space/nb201.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const example = join(root, 'examples/nb201.nas');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-budget-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: root };
    const code = await runCli(argv, io);
    return { code, out, err };
}

const resultOf = (dir: string): SearchResult => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as SearchResult;

describe('lissnas search REA inside the shrunk NB201 space (examples/nb201.nas)', () => {
    test('--budget 300: 143 shrinkage + 157 search queries, stop reasons recorded and printed', async () => {
        const dir = join(tmp, 'rea300');
        const r = await run('search', example, '--search', 'REA', '--budget', '300', '--out', dir);
        assert.equal(r.code, 0, r.err);
        const result = resultOf(dir);
        assert.equal(result.shrinkQueries, 143);
        assert.equal(result.queries, 157);
        assert.equal(result.shrinkQueries + result.queries, 300);
        assert.equal(result.trajectory.length, 157);
        assert.equal(result.stopReason, 'budget');
        assert.equal(result.shrink!.stopReason, 'plateau');
        // The plateau rule kept the space built by iteration 1 (248 members), not the one of iteration 2 (row 3: 228).
        assert.equal(result.shrink!.chosenIteration, 1);
        assert.equal(result.shrink!.history.length, 3);
        assert.equal(result.shrink!.size, '248');
        assert.match(r.out, /budget 300 = 143 shrinkage \+ 157 search queries/);
        assert.match(r.out, /stopped: budget spent\n/);
        assert.match(r.out, /stopped: plateau .*kept the space built by iteration 1 of 3/);
    });

    test('--budget 400: the space is exhausted first, and the run says so', async () => {
        const dir = join(tmp, 'rea400');
        const r = await run('search', example, '--search', 'REA', '--budget', '400', '--out', dir, '--json');
        assert.equal(r.code, 0, r.err);
        const result = resultOf(dir);
        assert.equal(result.stopReason, 'exhausted');
        assert.ok(result.shrinkQueries + result.queries < 400);
        assert.equal(result.queries, 186);
        // Every member of the shrunk space was evaluated (journaled), by the policy or the search.
        const space = nb201Space();
        const members = (result.shrink!.space as { pockets: Array<{ members: string[] }> }).pockets.flatMap((p) => p.members).map((m) => space.key(space.parse(m)));
        const journaled = new Set(
            readFileSync(join(dir, 'journal.jsonl'), 'utf8')
                .split('\n')
                .filter((l) => l.includes('"type":"eval"'))
                .map((l) => (JSON.parse(l) as { key: string }).key),
        );
        assert.equal(new Set(members).size, 248);
        for (const k of members) assert.ok(journaled.has(k), k);
        const done = r.out.split('\n').map(parseRunEvent).find((e): e is DoneEvent => e?.event === 'done');
        assert.equal(done?.stopReason, 'exhausted');
    });

    test('the human summary of an exhausted search names the unspent budget', async () => {
        const dir = join(tmp, 'rea400h');
        const r = await run('search', example, '--search', 'REA', '--budget', '400', '--out', dir);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /stopped: space exhausted \(every member already evaluated\); 71 of the budget 400 left unspent/);
    });
});

describe('a total budget the policy may overrun is refused before anything is spent', () => {
    test('--budget 200 < the Lissnas bound 300 (6 iterations x 50): refused, no run directory', async () => {
        const dir = join(tmp, 'rea200');
        const r = await run('search', example, '--search', 'REA', '--budget', '200', '--out', dir);
        assert.notEqual(r.code, 0);
        assert.match(r.err, /search REA: policy Lissnas may spend up to 300 queries \(max_iterations 6 x sample 50\), more than the total budget 200; give --budget >= 300 or lower sample\/max_iterations/);
        assert.equal(existsSync(dir), false, 'no half-made run directory');
    });

    test('the bound itself fits: --budget 300 runs (checked above); RS in the full space needs no bound', async () => {
        const dir = join(tmp, 'rs10');
        const r = await run('search', example, '--search', 'RS', '--budget', '10', '--out', dir);
        assert.equal(r.code, 0, r.err);
        assert.equal(resultOf(dir).queries, 10);
        assert.equal(resultOf(dir).stopReason, 'budget');
    });
});
