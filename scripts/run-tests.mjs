// Runs every `test/**/*.test.ts` with Node's own test runner (TypeScript through tsx).
// Node 20's `--test` has no glob support, so the files are listed here. Extra arguments filter by path.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : find(path);
        return path.endsWith('.test.ts') ? [path] : [];
    });
}

const filters = process.argv.slice(2);
const files = find('test')
    .filter((f) => !f.startsWith(join('test', 'e2e')))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
if (files.length === 0) {
    console.error('no test files matched');
    process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
