// The rooms of the architecture, enforced: the engine is pure domain code (usable from the CLI, tests and
// other front ends), the webview is browser code, and the client talks to the server only through the protocol.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
    const abs = join(root, dir);
    if (!existsSync(abs)) return [];
    return readdirSync(abs).flatMap((name) => {
        const path = join(abs, name);
        if (statSync(path).isDirectory()) return sources(relative(root, path));
        return /\.(ts|mts|cts)$/.test(name) ? [path] : [];
    });
}

function imports(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function offenders(dir: string, forbidden: (specifier: string) => boolean): string[] {
    return sources(dir).flatMap((file) => imports(file).filter(forbidden).map((s) => `${relative(root, file)} imports ${s}`));
}

test('engine/ imports neither vscode, langium, nor the language/editor rooms', () => {
    const bad = offenders('engine', (s) => s === 'vscode' || s.startsWith('langium') || /(^|\/)(dsl|server|client|webview)\//.test(s));
    assert.deepEqual(bad, []);
});

test('client/ reaches the server only through server/protocol.ts', () => {
    const bad = offenders('client', (s) => /\/server\//.test(s) && !s.endsWith('server/protocol.js') || s.startsWith('langium'));
    assert.deepEqual(bad, []);
});

test('the engine really is checked (the scan sees its files)', () => {
    assert.ok(sources('engine').length >= 5, 'engine sources found');
});

test('evaluators do not borrow from the policies (the settings reader lives in engine/registry/)', () => {
    const bad = offenders('engine/evaluate', (s) => /(^|\/)policy\//.test(s));
    assert.deepEqual(bad, []);
});

test('setting keys are declared only in engine/registry/: no `*_SETTINGS` key tables elsewhere', () => {
    const bad = ['engine', 'dsl', 'server', 'cli'].flatMap((dir) =>
        sources(dir)
            .filter((file) => !relative(root, file).startsWith(join('engine', 'registry')) && !relative(root, file).includes('generated'))
            .filter((file) => /\b[A-Z_]+_SETTINGS\s*[:=]/.test(readFileSync(file, 'utf8')))
            .map((file) => relative(root, file)),
    );
    assert.deepEqual(bad, []);
});
