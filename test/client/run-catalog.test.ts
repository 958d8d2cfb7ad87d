/**
 * The Runs view's reader (client/views/run-catalog.ts) on directories made by the bundled CLI
 * (out/cli/main.cjs, `npm run bundle`), spawned for real: a finished shrink, search and study; a run caught
 * while its process holds the lock; the same run after a SIGKILL (stale lock, no result); a graceful interrupt
 * (SIGTERM: lock released); and damaged copies of real files, which must be reported, not thrown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatElapsed, readRunDir, scanRuns, type CatalogEntry } from '../../client/views/run-catalog.js';
import { runDirOf } from '../../client/views/run-arg.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'out/cli/main.cjs');
const NAS = join(ROOT, 'examples/nb201.nas');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-catalog-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const runs = join(tmp, 'runs');

function cli(args: string[]) {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: tmp, encoding: 'utf8' });
    assert.equal(result.status, 0, `lissnas ${args.join(' ')}: ${result.stderr}`);
}

function json(path: string): Record<string, unknown> {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function evalLines(dir: string): number {
    const path = join(dir, 'journal.jsonl');
    if (!existsSync(path)) return 0;
    const text = readFileSync(path, 'utf8');
    return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((line) => line.startsWith('{"type":"eval"')).length;
}

function find(dir: string): CatalogEntry {
    const entry = scanRuns(runs).entries.find((e) => e.dir === dir);
    assert.ok(entry, `${dir} is in the catalog`);
    return entry;
}

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

/** A slow shrink (LISSNAS_EVAL_DELAY_MS per evaluation), caught once its lock is taken and evaluations are journaled. */
async function slowShrink(out: string) {
    const child = spawn(process.execPath, [CLI, 'shrink', NAS, '--policy', 'Lissnas', '--out', out], {
        cwd: tmp,
        env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '30' },
        stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
    await until('a lock and 5 journaled evaluations', () => existsSync(join(out, 'run.lock')) && evalLines(out) >= 5);
    return { child, exited };
}

test.before(() => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run bundle\``);
    mkdirSync(runs);
});

test('finished shrink, search and study: state, kind, name, best and queries come from their files', () => {
    const shrink = join(runs, 'Lissnas-finished');
    const search = join(runs, 'group', 'RS-finished'); // grouped one level down: still found
    const study = join(runs, 'study-finished');
    cli(['shrink', NAS, '--policy', 'Lissnas', '--out', shrink]);
    cli(['search', NAS, '--search', 'RS', '--out', search]);
    cli(['study', NAS, '--policies', 'Lissnas', '--searches', 'RS', '--seeds', '1', '--budgets', '300', '--out', study]);

    const s = find(shrink);
    const result = json(join(shrink, 'result.json')) as { queries: number; best: { arch: string; metric: number }; stopReason: string };
    assert.equal(s.kind, 'shrink');
    assert.equal(s.state, 'finished');
    assert.equal(s.subject, 'Lissnas');
    assert.equal(s.seed, 42);
    assert.equal(s.queries, result.queries);
    assert.equal(s.queries, evalLines(shrink), 'a shrink query is one journaled evaluation');
    assert.deepEqual([s.best?.arch, s.best?.metric], [result.best.arch, result.best.metric]);
    assert.equal(s.stopReason, result.stopReason);
    assert.equal(s.hasReport, true);
    assert.equal(s.lock, undefined, 'the lock was released at the end');
    assert.deepEqual(s.problems, []);
    // created (run.json) -> result.json's mtime: positive, and not "until now".
    const created = Date.parse(json(join(shrink, 'run.json')).created as string);
    assert.equal(s.created, created);
    assert.ok(s.elapsedMs !== undefined && s.elapsedMs > 0 && s.elapsedMs < Date.now() - created + 1, String(s.elapsedMs));

    const r = find(search);
    const searchResult = json(join(search, 'result.json')) as { queries: number; shrinkQueries: number; budget: number; best: { metric: number } };
    assert.deepEqual([r.kind, r.state, r.subject], ['search', 'finished', 'RS']);
    assert.equal(r.queries, searchResult.queries + searchResult.shrinkQueries);
    assert.equal(r.budget, searchResult.budget);
    assert.equal(r.best?.metric, searchResult.best.metric);

    const st = find(study);
    assert.deepEqual([st.kind, st.state], ['study', 'finished']);
    assert.deepEqual([st.policies, st.searches], [['Lissnas'], ['RS']]);
    assert.equal(st.subject, NAS);
    assert.equal(st.cells, (json(join(study, 'study.json')).runs as unknown[]).length);
    assert.equal(st.hasReport, true);

    // Newest first; nothing else under runs/ is taken for a run.
    const entries = scanRuns(runs).entries;
    assert.deepEqual(entries.map((e) => e.dir), [...entries].sort((a, b) => b.created - a.created).map((e) => e.dir));
});

test('a run whose process holds the lock is running; after SIGKILL (stale lock, no result) it is interrupted', async () => {
    const dir = join(runs, 'Lissnas-killed');
    const { child, exited } = await slowShrink(dir);
    const live = find(dir);
    assert.equal(live.state, 'running');
    assert.equal(live.lock?.pid, child.pid);
    assert.equal(live.lock?.live, true);
    assert.equal(live.lock?.hostname, hostname());
    assert.ok((live.queries ?? 0) >= 5, `journaled so far: ${live.queries}`);
    assert.ok(live.elapsedMs !== undefined && live.elapsedMs >= 0);
    assert.match(live.reason, new RegExp(`process ${child.pid}`));

    child.kill('SIGKILL');
    assert.equal((await exited).signal, 'SIGKILL');
    assert.ok(existsSync(join(dir, 'run.lock')), 'SIGKILL leaves the lock behind');
    assert.ok(!existsSync(join(dir, 'result.json')));
    const dead = find(dir);
    assert.equal(dead.state, 'interrupted');
    assert.equal(dead.lock?.live, false);
    assert.match(dead.reason, /stale lock/);
    assert.equal(dead.queries, evalLines(dir));

    // The same lock seen from another host cannot be checked: shown as running, like the engine refuses it.
    const elsewhere = readRunDir(dir, { host: 'another-host' });
    assert.equal(elsewhere?.state, 'running');
    assert.equal(elsewhere?.lock?.live, 'other-host');

    // resume takes the stale lock over and finishes: the entry turns finished.
    cli(['resume', dir]);
    assert.equal(find(dir).state, 'finished');
    assert.equal(find(dir).lock, undefined);
});

test('SIGTERM interrupts gracefully: lock released, no result, interrupted without a lock', async () => {
    const dir = join(runs, 'Lissnas-terminated');
    const { child, exited } = await slowShrink(dir);
    assert.equal(find(dir).state, 'running');
    child.kill('SIGTERM');
    assert.equal((await exited).code, 143);
    const entry = find(dir);
    assert.equal(entry.state, 'interrupted');
    assert.equal(entry.lock, undefined);
    assert.doesNotMatch(entry.reason, /stale/);
});

test('a study killed between cells is interrupted, with the finished cells counted; its resume finishes it', async () => {
    const dir = join(runs, 'study-killed');
    const cells = () => (existsSync(join(dir, 'cells.jsonl')) ? readFileSync(join(dir, 'cells.jsonl'), 'utf8').split('\n').filter(Boolean).length : 0);
    const child = spawn(process.execPath, [CLI, 'study', NAS, '--policies', 'Lissnas', '--searches', 'RS', '--seeds', '3', '--budgets', '300', '--out', dir], {
        cwd: tmp,
        env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '5' },
        stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    await until('a finished cell', () => cells() >= 1);
    const live = find(dir);
    assert.deepEqual([live.kind, live.state, live.lock?.pid], ['study', 'running', child.pid]);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const dead = find(dir);
    assert.equal(dead.state, 'interrupted');
    assert.equal(dead.cells, cells());
    assert.equal(dead.lock?.live, false);
    assert.deepEqual([dead.policies, dead.searches], [['Lissnas'], ['RS']]);
    cli(['resume', dir]);
    const done = find(dir);
    assert.equal(done.state, 'finished');
    assert.equal(done.cells, 9, '3 seeds x (shrink, search in the full space, search in the shrunk space)');
});

test('damaged files are reported on their run, never thrown, and the other runs still show', () => {
    const source = join(runs, 'Lissnas-finished');
    const copy = (name: string) => {
        const dir = join(runs, 'damaged', name);
        cpSync(source, dir, { recursive: true });
        return dir;
    };
    const badResult = copy('bad-result');
    writeFileSync(join(badResult, 'result.json'), readFileSync(join(badResult, 'result.json'), 'utf8').slice(0, 100));
    const badManifest = copy('bad-manifest');
    writeFileSync(join(badManifest, 'run.json'), JSON.stringify({ ...json(join(badManifest, 'run.json')), format: 'lissnas-run/99' }));
    const badLock = copy('bad-lock');
    writeFileSync(join(badLock, 'run.lock'), '{"pid":"twelve"}');
    const badJournal = copy('bad-journal');
    rmSync(join(badJournal, 'result.json'));
    writeFileSync(join(badJournal, 'journal.jsonl'), readFileSync(join(badJournal, 'journal.jsonl'), 'utf8') + '{oops\n');
    const allFailed = copy('all-failed');
    const result = json(join(allFailed, 'result.json'));
    delete result.best;
    result.failures = { count: 143, first: [{ arch: 'x', error: 'exit code 1' }] };
    writeFileSync(join(allFailed, 'result.json'), JSON.stringify(result));
    const badStudy = join(runs, 'damaged', 'bad-study');
    mkdirSync(badStudy);
    writeFileSync(join(badStudy, 'study-run.json'), '[]');

    const catalog = scanRuns(runs);
    const get = (dir: string) => catalog.entries.find((e) => e.dir === dir)!;
    assert.equal(get(badResult).state, 'failed');
    assert.match(get(badResult).reason, /result\.json is damaged/);
    assert.deepEqual(get(badResult).problems, ['result.json: not JSON']);
    assert.equal(get(badManifest).state, 'failed');
    assert.match(get(badManifest).problems[0], /^run\.json\.format: expected one of lissnas-run\/1/);
    assert.equal(get(badLock).state, 'finished', 'an unreadable lock is no lock');
    assert.match(get(badLock).problems[0], /^run\.lock\.pid: expected a non-negative integer, got a string/);
    assert.equal(get(badJournal).state, 'interrupted');
    assert.deepEqual(get(badJournal).problems, ['journal.jsonl: 1 malformed line(s)']);
    assert.equal(get(allFailed).state, 'failed');
    assert.match(get(allFailed).reason, /every evaluation failed \(143 failures\)/);
    assert.equal(get(badStudy).state, 'failed');
    assert.equal(get(badStudy).kind, 'study');
    assert.match(get(badStudy).problems[0], /^study-run\.json: expected an object, got an array/);
    // The healthy runs are all still there.
    const healthy = catalog.entries.filter((e) => !e.dir.includes('damaged')).map((e) => `${e.label} ${e.state}`).sort();
    assert.deepEqual(healthy, ['Lissnas-finished finished', 'Lissnas-killed finished', 'Lissnas-terminated interrupted', 'RS-finished finished', 'study-finished finished', 'study-killed finished']);
});

test('a missing runs directory is an empty catalog; a folder without run files is not an entry', () => {
    assert.deepEqual(scanRuns(join(tmp, 'nowhere')), { entries: [], problems: [] });
    const plain = join(tmp, 'plain');
    mkdirSync(join(plain, 'notes'), { recursive: true });
    writeFileSync(join(plain, 'notes', 'result.json'), '{}');
    assert.deepEqual(scanRuns(plain).entries, []);
    assert.equal(readRunDir(join(plain, 'notes')), undefined);
});

test('command arguments: a tree node, a directory string and a file Uri all name the run directory', () => {
    assert.equal(runDirOf('/r/a'), '/r/a');
    assert.equal(runDirOf({ type: 'entry', runDir: '/r/b' }), '/r/b');
    assert.equal(runDirOf({ scheme: 'file', fsPath: '/r/c' }), '/r/c');
    assert.equal(runDirOf({ scheme: 'untitled', fsPath: '/r/d' }), undefined);
    assert.equal(runDirOf(undefined), undefined);
    assert.equal(runDirOf(''), undefined);
});

test('elapsed times read short', () => {
    assert.equal(formatElapsed(12_400), '12 s');
    assert.equal(formatElapsed(185_000), '3 min 05 s');
    assert.equal(formatElapsed(3_720_000), '1 h 02 min');
});
