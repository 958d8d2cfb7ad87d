// Tests pass from any checkout path: no source, test, script or doc names a machine's absolute path. A hard-coded
// `file:///work/main/examples/...` made the completion tests red in every other checkout. `npm run test:portable`
// (a .ci/run step) runs a subset of the suite from a path with spaces and non-ASCII characters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const ROOMS = ['bench', 'cli', 'client', 'dsl', 'engine', 'scripts', 'server', 'test', 'docs', 'examples', '.ci'];
const SKIPPED = new Set(['node_modules', 'generated', '.artifacts', 'fixtures']);

function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return SKIPPED.has(name) ? [] : files(path);
        return /\.(ts|mts|mjs|cjs|js|md|nas|json|sh)$|^run$/.test(name) ? [path] : [];
    });
}

// Home and work directories of the machines this project has been built on, and drive letters.
const MACHINE_PATH = /(?:file:\/\/)?(?:\/work\/(?:main|wt)\b|\/home\/[a-z]|\/Users\/[A-Za-z]|[A-Z]:\\\\Users)/;

test('no file names an absolute machine path (build paths from import.meta.url instead)', () => {
    const self = relative(root, import.meta.filename);
    const bad = ROOMS.flatMap((room) => {
        try { return files(join(root, room)); } catch { return []; }
    }).flatMap((file) => {
        const rel = relative(root, file);
        if (rel === self) return [];
        return readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (MACHINE_PATH.test(line) ? [`${rel}:${i + 1}: ${line.trim()}`] : []));
    });
    assert.deepEqual(bad, []);
});
