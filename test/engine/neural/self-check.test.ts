/**
 * The tfjs worker's start-up gradient self-check (workers/tfjs/self-check.ts) passes on a correct engine and
 * catches a kernel that is wrong for gradients only. Run on tfjs's CPU back-end (always installed: a dependency of
 * tfjs-backend-webgpu) from a bundle of test/fixtures/neural/self-check-probe.ts (tfjs-core's ESM files import
 * directories, which only a bundler resolves).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from '../../cli-bundle.js';

test('the gradient self-check passes on a sound engine and names the input gradient when a gradient-only kernel is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-self-check-'));
    try {
        const out = join(dir, 'probe.cjs');
        buildSync({ absWorkingDir: ROOT, entryPoints: [join(ROOT, 'test', 'fixtures', 'neural', 'self-check-probe.ts')], outfile: out, bundle: true, format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' });
        const r = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(r.status, 0, r.stderr);
        const answer = JSON.parse(r.stdout.trim().split('\n').pop()!) as { sound: string | null; broken: string | null };
        assert.equal(answer.sound, null);
        assert.match(answer.broken ?? '', /^input gradient -?[\d.e+-]+ against finite differences -?[\d.e+-]+$/);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
