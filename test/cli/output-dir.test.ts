// No overwrite, ever: `--out` takes only a new or empty directory (engine/run/output-dir.ts), for shrink, search,
// study and demo alike; a study never writes into a run directory; the defaults never collide.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/io.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nb201 = join(root, 'examples', 'nb201.nas');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-out-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd };
    const code = await runCli(argv, io);
    return { code, out, err };
}

/** Every file under `dir` with its bytes, to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
        const path = join(dir, f);
        files[f] = statSync(path).isDirectory() ? '<dir>' : readFileSync(path, 'base64');
    }
    return files;
}

describe('--out: only a new or empty directory', () => {
    const userDir = join(tmp, 'user');
    mkdirSync(userDir);
    writeFileSync(join(userDir, 'result.json'), '{"my": "precious results"}\n');

    test("shrink and search refuse a directory holding a user's result.json, and leave it untouched", async () => {
        const before = snapshot(userDir);
        for (const argv of [
            ['shrink', nb201, '--policy', 'ABS', '--out', userDir],
            ['search', nb201, '--search', 'RS', '--budget', '50', '--out', userDir],
        ]) {
            const r = await run(argv);
            assert.equal(r.code, 3, r.err);
            assert.match(r.err, /user holds files lissnas did not create \(result\.json\); choose a new --out or empty it/);
        }
        assert.deepEqual(snapshot(userDir), before);
    });

    test('a run into an empty directory works; a second run into it is refused and points to resume', async () => {
        const dir = join(tmp, 'run');
        mkdirSync(dir);
        const first = await run(['shrink', nb201, '--policy', 'ABS', '--out', dir, '--json']);
        assert.equal(first.code, 0, first.err);
        const before = snapshot(dir);
        const second = await run(['shrink', nb201, '--policy', 'ABS', '--out', dir]);
        assert.equal(second.code, 3);
        assert.match(second.err, new RegExp(`${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} already holds a run: continue it with \`lissnas resume ${dir.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}\``));
        // A study never writes into a run directory: the run's report.html and result.json stay byte-identical.
        const study = await run(['study', nb201, '--policies', 'ABS', '--seeds', '1', '--out', dir]);
        assert.equal(study.code, 3, study.err);
        assert.match(study.err, /already holds a run/);
        const demo = await run(['demo', '--seeds', '1', '--out', dir]);
        assert.equal(demo.code, 3, demo.err);
        assert.deepEqual(snapshot(dir), before);
        // `report` on the same run is allowed: it rewrites only its own report.html.
        const rep = await run(['report', dir]);
        assert.equal(rep.code, 0, rep.err);
    });

    test('a study refuses an existing study directory (continue it with resume) and a file', async () => {
        const dir = join(tmp, 'study');
        const first = await run(['study', nb201, '--policies', 'ABS', '--seeds', '1', '--out', dir]);
        assert.equal(first.code, 0, first.err);
        const before = snapshot(dir);
        const again = await run(['study', nb201, '--policies', 'ABS', '--seeds', '1', '--out', dir]);
        assert.equal(again.code, 3);
        assert.match(again.err, /already holds a study: continue it with `lissnas resume .*study`/);
        const shrink = await run(['shrink', nb201, '--policy', 'ABS', '--out', dir]);
        assert.equal(shrink.code, 3);
        assert.match(shrink.err, /already holds a study/);
        assert.deepEqual(snapshot(dir), before);
        const file = join(tmp, 'a-file');
        writeFileSync(file, 'x');
        const onFile = await run(['study', nb201, '--policies', 'ABS', '--out', file]);
        assert.equal(onFile.code, 3);
        assert.match(onFile.err, /a-file is a file, not a directory; choose a new --out/);
        assert.doesNotMatch(onFile.err, /EEXIST|ENOTDIR/);
        assert.equal(readFileSync(file, 'utf8'), 'x');
    });

    test('two real processes racing for one empty --out: exactly one runs, the other is refused', async () => {
        const dir = join(tmp, 'race');
        mkdirSync(dir);
        const start = () =>
            new Promise<{ code: number | null; err: string }>((done) => {
                const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli', 'main.ts'), 'shrink', nb201, '--policy', 'ABS', '--out', dir], { cwd: root });
                let err = '';
                child.stderr.on('data', (d: Buffer) => (err += d.toString()));
                child.on('close', (code) => done({ code, err }));
            });
        const results = await Promise.all([start(), start()]);
        const codes = results.map((r) => r.code).sort();
        assert.deepEqual(codes, [0, 3], results.map((r) => r.err).join('\n---\n'));
        assert.match(results.find((r) => r.code === 3)!.err, /already holds a run: continue it with `lissnas resume/);
        // The winner's run is whole: its result is there and the loser wrote nothing into it.
        assert.equal((JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as { policy: string }).policy, 'op_pruning');
    });

    test('the demo with its defaults runs twice in a row, each time into a fresh directory', async () => {
        const cwd = join(tmp, 'clone');
        mkdirSync(cwd);
        const a = await run(['demo', '--seeds', '1'], cwd);
        assert.equal(a.code, 0, a.err);
        const b = await run(['demo', '--seeds', '1'], cwd);
        assert.equal(b.code, 0, b.err);
        const dirs = readdirSync(join(cwd, 'runs')).sort();
        assert.equal(dirs.length, 2, dirs.join(', '));
        for (const d of dirs) {
            assert.match(d, /^demo-\d{8}-\d{6}(-\d+)?$/);
            assert.ok(existsSync(join(cwd, 'runs', d, 'report.html')), d);
        }
    });
});
