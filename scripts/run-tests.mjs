// Runs every `test/**/*.test.ts` with Node's own test runner (TypeScript through tsx).
// Node 20's `--test` has no glob support, so the files are listed here. Extra arguments filter by path.
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
