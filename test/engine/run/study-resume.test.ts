import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Studies resume like runs, end to end with real processes and real signals: a small NB201 study is stopped
 * with SIGINT (exit 130 and the resume hint), its resume is SIGKILLed, and a last `lissnas resume` finishes it.
 * study.json must equal an uninterrupted study's byte for byte, and no finished cell is computed twice: every
 * cell appears once in cells.jsonl, the lines written before each kill are kept unchanged, and the last resume
 * reports exactly the journaled cells as reused. LISSNAS_EVAL_DELAY_MS slows evaluations so the kills land mid-way.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = ['--import', 'tsx', join(ROOT, 'cli', 'main.ts')];
const STUDY = ['study', 'examples/nb201.nas', '--policies', 'Lissnas,Random', '--searches', 'RS,REA', '--seeds', '2', '--budgets', '200,400'];
/** 2 seeds x (2 full-space searches x 2 budgets + 2 policies x (1 shrinkage + 2 searches x 2 budgets)). */
const CELLS = 2 * (2 * 2 + 2 * (1 + 2 * 2));
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-study-kill-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cellLines(dir: string): string[] {
    const path = join(dir, 'cells.jsonl');
    if (!existsSync(path)) return [];
    const text = readFileSync(path, 'utf8');
    return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean);
}

function cli(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
}

function start(args: string[]): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '2' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { child, exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))) };
}

async function waitForCells(dir: string, atLeast: number): Promise<number> {
    const deadline = Date.now() + 90_000; // generous: the child starts slowly on a loaded machine
    while (Date.now() < deadline) {
        const n = cellLines(dir).length;
        if (n >= atLeast) return n;
        await new Promise((r) => setTimeout(r, 20));
    }
    return cellLines(dir).length;
}

test('study: SIGINT, then a SIGKILLed resume, then resume: the uninterrupted study.json, no cell computed twice', async () => {
    const clean = join(tmp, 'clean');
    const uninterrupted = cli([...STUDY, '--out', clean]);
    assert.equal(uninterrupted.status, 0, uninterrupted.stderr);
    assert.equal(cellLines(clean).length, CELLS);

    const dir = join(tmp, 'killed');
    const first = start([...STUDY, '--out', dir]);
    assert.ok((await waitForCells(dir, 3)) >= 3, 'cells journaled before the SIGINT');
    first.child.kill('SIGINT');
    const stopped = await first.exited;
    assert.equal(stopped.code, 130, stopped.stderr);
    assert.ok(stopped.stderr.includes(`interrupted; continue with: lissnas resume ${dir}`), stopped.stderr);
    assert.ok(!existsSync(join(dir, 'study.json')), 'the SIGINT landed before the end');
    const afterInt = cellLines(dir);

    const second = start(['resume', dir]);
    assert.ok((await waitForCells(dir, afterInt.length + 3)) >= afterInt.length + 3, 'the resume journaled more cells');
    second.child.kill('SIGKILL');
    assert.equal((await second.exited).signal, 'SIGKILL');
    assert.ok(!existsSync(join(dir, 'study.json')), 'the SIGKILL landed before the end');
    const afterKill = cellLines(dir);
    assert.ok(afterKill.length < CELLS);
    assert.deepEqual(afterKill.slice(0, afterInt.length), afterInt, 'the resume kept the cells of the first process');

    const last = cli(['resume', dir]);
    assert.equal(last.status, 0, last.stderr);
    assert.match(last.stderr, new RegExp(`${afterKill.length} finished cell\\(s\\) reused from cells.jsonl, ${CELLS - afterKill.length} computed`));
    assert.match(last.stdout, /best report found by each search/);
    assert.equal(readFileSync(join(dir, 'study.json'), 'utf8'), readFileSync(join(clean, 'study.json'), 'utf8'));
    const lines = cellLines(dir);
    assert.deepEqual(lines.slice(0, afterKill.length), afterKill, 'finished cells are never rewritten');
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    assert.equal(new Set(ids).size, ids.length, 'no cell computed twice');
    assert.equal(ids.length, CELLS);
    assert.deepEqual(lines, cellLines(clean), 'each cell as the uninterrupted study computed it');

    const study = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as { search: Array<{ feasible: number; stops?: Record<string, number> }> };
    for (const row of study.search) {
        const counted = Object.values(row.stops ?? {}).reduce((a, b) => a + b, 0);
        assert.equal(counted, row.feasible, `every feasible search cell has a stop reason: ${JSON.stringify(row)}`);
    }
});

test('demo: SIGTERM exits 143 with the resume hint; resume finishes it as a demo', async () => {
    const dir = join(tmp, 'demo');
    const run = start(['demo', '--seeds', '1', '--out', dir]);
    assert.ok((await waitForCells(dir, 2)) >= 2);
    run.child.kill('SIGTERM');
    const stopped = await run.exited;
    assert.equal(stopped.code, 143, stopped.stderr);
    assert.match(stopped.stderr, /interrupted; continue with: lissnas resume \S*demo/);
    const before = cellLines(dir).length;
    const resumed = cli(['resume', dir]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`${before} finished cell\\(s\\) reused`));
    assert.match(resumed.stdout, /^LISSNAS on NAS-Bench-201/);
    assert.ok(existsSync(join(dir, 'study.json')));
});
