import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Determinism across processes: the same search with the same seed, run by two separate `lissnas`
 * processes, writes byte-identical result.json files (all randomness comes from the seeded Rng, never from
 * Math.random, iteration order of hash maps, or time). A different seed gives a different run.
 * (The kill-and-resume test covers `shrink` across processes.)
 */
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-determinism-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

function search(out: string, seed: number): string {
    const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'cli/main.ts', 'search', 'examples/nb201.nas', '--search', 'REA', '--seed', String(seed), '--out', out],
        { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    return readFileSync(join(out, 'result.json'), 'utf8');
}

test('the same seed in two processes gives byte-identical results; another seed does not', () => {
    const first = search(join(tmp, 'a'), 7);
    const second = search(join(tmp, 'b'), 7);
    assert.ok(first.length > 100, 'a real result was written');
    assert.equal(second, first);
    assert.notEqual(search(join(tmp, 'c'), 8), first);
});
