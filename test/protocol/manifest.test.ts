/**
 * The extension manifest (package.json) against the code: every command the client registers is
 * contributed (and the reverse), every setting the client reads is declared, the entry points and the
 * bundle outputs and the launcher agree, and protocol/ stays free of langium and vscode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
    main: string;
    bin: Record<string, string>;
    activationEvents: string[];
    contributes: {
        commands: Array<{ command: string; title: string }>;
        configuration: { properties: Record<string, { type: string; default: unknown }> };
        languages: Array<{ id: string; configuration: string }>;
        grammars: Array<{ language: string; scopeName: string; path: string }>;
    };
};
/** Every .ts file of client/, subfolders included (client/runs/, client/commands/, ...). */
const clientFiles = (readdirSync('client', { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join('client', f));
const clientSource = clientFiles.map((f) => readFileSync(f, 'utf8')).join('\n');

test('commands registered by the client are exactly the contributed ones', () => {
    const registered = [...clientSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.ok(registered.includes('lissnas.showSpaceSizes'));
    assert.deepEqual(registered, contributed);
    // The status bar item's click target is a real command too.
    for (const [, command] of clientSource.matchAll(/\.command = '([^']+)'/g)) assert.ok(contributed.includes(command), command);
});

test('the run commands (issue 8) are contributed in category LISSNAS and registered by the client', () => {
    const registered = new Set([...clientSource.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]));
    const runCommands = ['lissnas.shrink', 'lissnas.search', 'lissnas.study', 'lissnas.resume', 'lissnas.cancel', 'lissnas.showRuns'];
    for (const id of runCommands) {
        const contributed = manifest.contributes.commands.find((c) => c.command === id) as { category?: string } | undefined;
        assert.equal(contributed?.category, 'LISSNAS', `${id} is contributed in category LISSNAS`);
        assert.ok(registered.has(id), `${id} is registered`);
    }
    // The code lenses of the server run two of them.
    const lenses = readFileSync('server/features/code-lens.ts', 'utf8');
    assert.ok(lenses.includes("'lissnas.shrink'") && lenses.includes("'lissnas.search'"));
    // Runs are the bundled CLI: the path the run manager forks is the bundle the build writes.
    assert.ok(clientSource.includes("asAbsolutePath('out/cli/main.cjs')"));
    assert.ok(readFileSync('scripts/bundle.mjs', 'utf8').includes("out: 'out/cli/main.cjs'"));
});

test('settings the client reads are declared with a default of the right type', () => {
    const config = readFileSync('client/config.ts', 'utf8');
    const section = /SECTION = '([^']+)'/.exec(config)![1];
    const read = [...config.matchAll(/config\.get<(\w+)>\('([^']+)', ([^)]+)\)/g)];
    assert.ok(read.length >= 2);
    for (const [, type, key, fallback] of read) {
        const declared = manifest.contributes.configuration.properties[`${section}.${key}`];
        assert.ok(declared, `${section}.${key} is not declared`);
        assert.equal(declared.type, type);
        // A string fallback is written quoted ('runs'); compare its value.
        const value = fallback.trim().replace(/^'(.*)'$/, '$1');
        assert.equal(String(declared.default), value, `${section}.${key}: the code's fallback matches the declared default`);
    }
    // vscode-languageclient reads `<client id>.trace.server`.
    const clientId = /new LanguageClient\('([^']+)'/.exec(clientSource)![1];
    assert.ok(manifest.contributes.configuration.properties[`${clientId}.trace.server`]);
});

test('entry points agree with the bundle script and the launcher', () => {
    const bundle = readFileSync('scripts/bundle.mjs', 'utf8');
    assert.equal(manifest.main, './out/client/extension.cjs');
    assert.ok(bundle.includes(`out: '${manifest.main.slice(2)}'`), 'the bundle writes the extension entry');
    assert.ok(bundle.includes("out: 'out/server/main.cjs'"));
    assert.ok(clientSource.includes("asAbsolutePath('out/server/main.cjs')"), 'the client starts the bundled server');
    assert.equal(manifest.bin['lissnas-language-server'], './bin/lissnas-language-server.cjs');
    assert.ok(readFileSync('bin/lissnas-language-server.cjs', 'utf8').includes("'out', 'server', 'main.cjs'"));
    assert.ok(manifest.activationEvents.includes('onLanguage:nas'));
    const language = manifest.contributes.languages.find((l) => l.id === 'nas')!;
    assert.equal(language.configuration, './grammars/language-configuration.json');
    const grammar = manifest.contributes.grammars.find((g) => g.language === 'nas')!;
    assert.equal(JSON.parse(readFileSync(grammar.path, 'utf8')).scopeName, grammar.scopeName);
});

test('protocol/ stays bundleable by the client and the webview: no langium, no vscode, no node:*, nothing of the project', () => {
    const files = readdirSync('protocol').filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('lsp.ts') && files.includes('run-events.ts'), files.join(', '));
    for (const file of files) {
        const text = readFileSync(`protocol/${file}`, 'utf8');
        const imports = [...text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from '([^']+)'/gms)].map((m) => m[3]);
        for (const from of imports) {
            assert.ok(!/^(langium|vscode|node:)($|\/)/.test(from) && !/^\.\.\//.test(from), `protocol/${file} imports ${from}`);
        }
    }
});
