import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalKeys } from '../../journal-keys.js';

/**
 * The resume guarantee, end to end with real processes: `lissnas shrink` is SIGKILLed while evaluations are
 * being journaled (LISSNAS_EVAL_DELAY_MS slows each evaluation so the kill lands mid-run), `lissnas resume`
 * finishes it, and the result equals an uninterrupted run's, with no key evaluated twice.
 */
const CLI = ['--import', 'tsx', 'cli/main.ts'];
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-kill-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('SIGKILL mid-run, then resume: same result.json as an uninterrupted run, no key evaluated twice', async () => {
    const killed = join(tmp, 'killed');
    const child = spawn(process.execPath, [...CLI, 'shrink', 'examples/nb201.nas', '--policy', 'Lissnas', '--out', killed], {
        env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '15' },
        stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Poll the journal; kill once a good part of the first sample is journaled.
    const deadline = Date.now() + 60_000; // generous: the child starts slowly on a loaded machine
    let atKill = 0;
    while (Date.now() < deadline) {
        atKill = evalKeys(killed).length;
        if (atKill >= 25) break;
        await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const journaledAtKill = evalKeys(killed).length;
    assert.ok(journaledAtKill >= 25, `evaluations journaled before the kill: ${journaledAtKill}`);
    assert.ok(!existsSync(join(killed, 'result.json')), 'the kill landed before the end');

    const resumed = cli(['resume', killed]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`${journaledAtKill} evaluations reused from the journal`));

    const clean = join(tmp, 'clean');
    const uninterrupted = cli(['shrink', 'examples/nb201.nas', '--policy', 'Lissnas', '--out', clean]);
    assert.equal(uninterrupted.status, 0, uninterrupted.stderr);

    const expected = readFileSync(join(clean, 'result.json'), 'utf8');
    assert.equal(readFileSync(join(killed, 'result.json'), 'utf8'), expected);

    const keys = evalKeys(killed);
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no journaled key was evaluated twice');
    assert.equal(keys.length, (JSON.parse(expected) as { queries: number }).queries, 'every query journaled exactly once');
    assert.ok(keys.length > journaledAtKill, 'the resume evaluated the rest');
    const done = readFileSync(join(killed, 'journal.jsonl'), 'utf8').trim().split('\n').pop()!;
    assert.deepEqual(
        { ...JSON.parse(done), time: 0 },
        { type: 'done', time: 0, evaluated: keys.length - journaledAtKill, reused: journaledAtKill },
    );
});
