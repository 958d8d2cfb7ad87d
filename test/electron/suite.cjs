// The integration suite test/electron/run.mjs loads into VS Code's extension host (`extensionTestsPath`): real
// editor APIs, the bundled extension, its language server and CLI. Plain CommonJS with node:assert (no test
// framework to install): `run()` resolves when every check passed and rejects with the failures otherwise.
'use strict';
const assert = require('node:assert/strict');
const { join } = require('node:path');
const vscode = require('vscode');

const WORKSPACE = process.env.LISSNAS_TEST_WORKSPACE;
const TIMEOUT_MS = 60_000;

/** Polls `probe` (sync or async) until it returns a truthy value; the value, or an error naming `what`. */
async function waitFor(what, probe) {
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${TIMEOUT_MS / 1000} s waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

function hoverText(hovers) {
    return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

const checks = [
    [
        'opening examples/nb201.nas activates the extension in the nas language',
        async (state) => {
            state.uri = vscode.Uri.file(join(WORKSPACE, 'examples', 'nb201.nas'));
            const document = await vscode.workspace.openTextDocument(state.uri);
            await vscode.window.showTextDocument(document);
            assert.equal(document.languageId, 'nas');
            state.extension = vscode.extensions.getExtension('lissnas.lissnas');
            assert.ok(state.extension, 'lissnas.lissnas is loaded');
            await waitFor('the extension to activate', () => state.extension.isActive);
        },
    ],
    [
        'every command the manifest contributes is registered',
        async (state) => {
            const registered = new Set(await vscode.commands.getCommands(true));
            const contributed = state.extension.packageJSON.contributes.commands.map((c) => c.command);
            assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
        },
    ],
    [
        'hover on the space NB201 shows its size (the language server answers)',
        async (state) => {
            const document = await vscode.workspace.openTextDocument(state.uri);
            const offset = document.getText().indexOf('space NB201') + 'space '.length;
            assert.ok(offset > 5, 'examples/nb201.nas declares space NB201');
            const position = document.positionAt(offset + 1);
            const text = await waitFor('a hover with 15,625', async () => {
                const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', state.uri, position));
                return t.includes('15,625') ? t : undefined;
            });
            assert.match(text, /NB201/);
        },
    ],
    [
        'a syntax error is an error diagnostic, and fixing it clears it',
        async (state) => {
            const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(state.uri));
            const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
            await editor.edit((edit) => edit.insert(end, '\n@@@\n'));
            const errors = () => vscode.languages.getDiagnostics(state.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
            await waitFor('an error diagnostic', () => errors().length > 0);
            await vscode.commands.executeCommand('workbench.action.files.revert');
            await waitFor('no error diagnostic after the revert', () => errors().length === 0);
        },
    ],
];

exports.run = async function run() {
    assert.ok(WORKSPACE, 'LISSNAS_TEST_WORKSPACE is set (test/electron/run.mjs sets it)');
    const state = {};
    const failures = [];
    for (const [name, check] of checks) {
        try {
            await check(state);
            console.log(`PASS ${name}`);
        } catch (error) {
            failures.push(name);
            console.log(`FAIL ${name}: ${error instanceof Error ? error.stack : String(error)}`);
        }
    }
    console.log(`${checks.length - failures.length} passed, ${failures.length} failed`);
    if (failures.length > 0) throw new Error(`${failures.length} check(s) failed: ${failures.join('; ')}`);
};
