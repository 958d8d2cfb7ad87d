// One file-naming convention (issue 7): every source, test, bench and script file name is kebab-case
// (`run-lock.ts`, `study-resume.test.ts`), the convention of Langium's own layout and of most of this repository.
// Generated files (dsl/generated/) and installed packages are not ours to name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

test('every tracked source file name is kebab-case', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    const sources = tracked.filter((f) => /\.(ts|mts|cts|mjs|cjs)$/.test(f) && !f.startsWith('dsl/generated/') && !f.includes('node_modules/'));
    assert.ok(sources.length > 100, `the scan sees the sources (${sources.length})`);
    const bad = sources.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(basename(f)));
    assert.deepEqual(bad, []);
});

// Python files (the torch worker, workers/torch/) follow Python's convention instead: snake_case, since a module
// name with a hyphen cannot be imported.
test('every tracked Python file name is snake_case', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    const python = tracked.filter((f) => f.endsWith('.py'));
    assert.ok(python.length >= 5, `the scan sees the worker (${python.length})`);
    assert.deepEqual(python.filter((f) => !/^[a-z0-9]+(_[a-z0-9]+)*\.py$/.test(basename(f))), []);
});
