// The rooms of the architecture, enforced: the engine is pure domain code (usable from the CLI, tests and
// other front ends), the webview is browser code, and the client talks to the server only through protocol/,
// the neutral folder of every message that crosses a process or webview boundary.
import { test } from 'node:test';
import { root, sources } from './sources.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

function imports(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

function offenders(dir: string, forbidden: (specifier: string) => boolean): string[] {
    return sources(dir).flatMap((file) => imports(file).filter(forbidden).map((s) => `${relative(root, file)} imports ${s}`));
}

/**
 * Like `offenders`, but a relative specifier is first resolved to the project folder it lands in
 * (`engine/report/x.ts` importing `../run/result.js` lands in `engine/run/result.js`), so a rule about folders
 * cannot be dodged by spelling the path differently. Bare specifiers (`vscode`, `node:fs`) stay as written.
 */
function landing(file: string, specifier: string): string {
    if (!specifier.startsWith('.')) return specifier;
    return relative(root, resolve(dirname(file), specifier)).split(sep).join('/');
}

function offendersByTarget(dir: string, forbidden: (target: string) => boolean): string[] {
    return sources(dir).flatMap((file) =>
        imports(file)
            .filter((s) => forbidden(landing(file, s)))
            .map((s) => `${relative(root, file)} imports ${s}`),
    );
}

const PROJECT_FOLDERS = ['engine', 'dsl', 'server', 'client', 'webview', 'cli', 'protocol', 'bench', 'scripts', 'test'];
const inFolder = (target: string, ...folders: string[]) => folders.some((f) => target === f || target.startsWith(`${f}/`));

test('engine/ imports neither vscode, langium, nor dsl/ server/ client/ webview/ cli/', () => {
    const bad = offendersByTarget('engine', (t) => t === 'vscode' || t.startsWith('langium') || inFolder(t, 'dsl', 'server', 'client', 'webview', 'cli'));
    assert.deepEqual(bad, []);
});

test('protocol/ imports no other project folder (nor vscode, langium, node:*): both sides of every boundary can bundle it', () => {
    const bad = offendersByTarget(
        'protocol',
        (t) => t === 'vscode' || t.startsWith('langium') || t.startsWith('node:') || inFolder(t, ...PROJECT_FOLDERS.filter((f) => f !== 'protocol')),
    );
    assert.deepEqual(bad, []);
});

test('client/ reaches the server only through protocol/: no import of server/, dsl/, engine/ or langium', () => {
    const bad = offendersByTarget('client', (t) => t.startsWith('langium') || inFolder(t, 'server', 'dsl', 'engine', 'cli'));
    assert.deepEqual(bad, []);
});

test('webview/ is browser code: no node:*, no vscode, no Node-only packages; of the project only protocol/ and engine/report/', () => {
    const bad = offendersByTarget(
        'webview',
        (t) =>
            t.startsWith('node:') ||
            ['vscode', 'fs', 'path', 'child_process', 'os', 'crypto'].includes(t) ||
            t.startsWith('langium') ||
            t.startsWith('vscode-languageclient') ||
            inFolder(t, ...PROJECT_FOLDERS.filter((f) => f !== 'webview' && f !== 'protocol' && f !== 'engine')) ||
            (inFolder(t, 'engine') && !inFolder(t, 'engine/report')),
    );
    assert.deepEqual(bad, []);
});

test('engine/report/ (shared by the HTML reports and the webview panels) imports neither engine/run/ nor node:*', () => {
    const bad = offendersByTarget('engine/report', (t) => t.startsWith('node:') || inFolder(t, 'engine/run'));
    assert.deepEqual(bad, []);
});

test('the rooms really are checked (the scan sees their files, and resolves relative imports)', () => {
    assert.ok(sources('engine').length >= 5, 'engine sources found');
    assert.ok(sources('engine/report').length >= 3, 'engine/report sources found');
    assert.ok(sources('protocol').length >= 2, 'protocol sources found');
    assert.ok(sources('client').length >= 3, 'client sources found');
    assert.ok(sources('webview').length >= 5, 'webview sources found');
    const file = join(root, 'engine', 'report', 'x.ts');
    assert.equal(landing(file, '../run/result.js'), 'engine/run/result.js');
    assert.equal(landing(join(root, 'client', 'x.ts'), '../server/main.js'), 'server/main.js');
    assert.equal(landing(file, 'node:fs'), 'node:fs');
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
