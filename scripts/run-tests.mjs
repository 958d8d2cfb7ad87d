// Runs every `test/**/*.test.ts` with Node's own test runner (TypeScript through tsx).
// Node 20's `--test` has no glob support, so the files are listed here. Extra arguments filter by path.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Not searched: fixtures, installed packages (test/e2e installs a VS Code server with dangling links), and the
// real-editor tests, which .ci/run starts on their own.
const SKIPPED_DIRS = new Set(['fixtures', 'node_modules', 'e2e', '.artifacts']);

function find(dir) {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (lstatSync(path).isDirectory()) return SKIPPED_DIRS.has(name) ? [] : find(path);
        return path.endsWith('.test.ts') ? [path] : [];
    });
}

const filters = process.argv.slice(2);
const files = find('test')
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
if (files.length === 0) {
    console.error('no test files matched');
    process.exit(1);
}
// LISSNAS_NO_SKIPS=1 (set by .ci/run, which installs every tool the tests use): a skipped test fails the run, so
// that a test which quietly stopped running (torch, Slurm or Chromium missing) cannot pass CI. A second reporter
// (TAP, to a file) gives the skips to count.
const noSkips = process.env.LISSNAS_NO_SKIPS === '1';
const tapDir = noSkips ? mkdtempSync(join(tmpdir(), 'lissnas-tests-')) : undefined;
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (tapDir) reporters.push('--test-reporter=tap', `--test-reporter-destination=${join(tapDir, 'tap.txt')}`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], { stdio: 'inherit' });
let status = result.status ?? 1;
if (tapDir) {
    const skipped = readFileSync(join(tapDir, 'tap.txt'), 'utf8').split('\n').filter((line) => /^\s*ok \d+ .*# SKIP/.test(line));
    rmSync(tapDir, { recursive: true, force: true });
    if (skipped.length > 0) {
        console.error(`LISSNAS_NO_SKIPS: ${skipped.length} test(s) skipped:\n${skipped.map((l) => `  ${l.trim()}`).join('\n')}`);
        status = 1;
    }
}
process.exit(status);
