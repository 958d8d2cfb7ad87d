/**
 * The features through a real connection: a language server started in-process on in-memory streams,
 * driven by a JSON-RPC client the way VS Code drives it. Checks the advertised capabilities and that
 * requests on a broken document still get answers.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { EmptyFileSystem } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { createConnection } from 'vscode-languageserver/node.js';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import type { InitializeResult } from 'vscode-languageserver';
import { createNasServices } from '../../dsl/nas-module.js';
import { NasLspModule } from '../../server/nas-lsp-module.js';
import { setGuardLogger } from '../../server/features/guard.js';
import { examplesUri } from './services.js';

const toServer = new PassThrough();
const toClient = new PassThrough();
const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
const { shared } = createNasServices({ connection: serverConnection, ...EmptyFileSystem }, NasLspModule);
startLanguageServer(shared);
const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
client.listen();
const logged: string[] = [];
const restoreLogger = setGuardLogger((line) => logged.push(line));

after(() => {
    setGuardLogger(restoreLogger);
    client.dispose();
    serverConnection.dispose();
});

const uri = examplesUri('ls-test.nas');

async function open(text: string, version: number): Promise<void> {
    if (version === 1) await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nas', version, text } });
    else await client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

describe('language server', () => {
    let init: InitializeResult;
    test('advertises every feature', async () => {
        init = await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {}, workspaceFolders: null });
        await client.sendNotification('initialized', {});
        const c = init.capabilities;
        assert.ok(c.hoverProvider);
        assert.ok(c.completionProvider);
        assert.ok(c.definitionProvider && c.referencesProvider && c.renameProvider);
        assert.ok(c.documentSymbolProvider && c.foldingRangeProvider);
        assert.ok(c.documentFormattingProvider && c.documentRangeFormattingProvider);
        assert.ok(c.semanticTokensProvider);
        assert.ok(c.inlayHintProvider && c.codeLensProvider && c.codeActionProvider);
        assert.deepEqual(c.signatureHelpProvider?.triggerCharacters, ['(', ',']);
    });

    test('hover and inlay hints over the wire', async () => {
        await open('space S {\n  x choice [1, 2, 3]\n  y choice [true, false]\n}\n', 1);
        const hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } }) as { contents: { value: string } };
        assert.match(hover.contents.value, /^\*\*S\*\* — hyperparameter space, 6 configurations \(10\^0\.78\)/);
        const hints = await client.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } } }) as Array<{ label: string }>;
        assert.deepEqual(hints.map((h) => h.label), [': 6', ': 3', ': 2']);
    });

    test('a broken document still gets answers, and the server keeps serving', async () => {
        await open('space S {\n  x choice [1, 2,\n  y uniform(\n}}} evaluator = (\n', 2);
        for (const [method, position] of [
            ['textDocument/hover', { line: 1, character: 3 }],
            ['textDocument/completion', { line: 2, character: 12 }],
            ['textDocument/signatureHelp', { line: 2, character: 12 }],
        ] as const) {
            await client.sendRequest(method, { textDocument: { uri }, position });
        }
        await client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
        await client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
        await client.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
        await open('space T { z choice [1, 2] }\n', 3);
        const hover = await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 6 } }) as { contents: { value: string } };
        assert.match(hover.contents.value, /^\*\*T\*\* — hyperparameter space, 2 configurations/);
    });

    test('rename refusals reach the client as errors with the message', async () => {
        await assert.rejects(
            client.sendRequest('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 6 }, newName: 'when' }),
            /'when' is a keyword/,
        );
        const edit = await client.sendRequest('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 6 }, newName: 'Tiny' }) as { changes: Record<string, unknown[]> };
        assert.equal(edit.changes[uri].length, 1);
    });
});
