/**
 * After a keystroke the diagnostics come first: the requests an editor sends after every change to redraw
 * decorations (semantic tokens, document symbols, folding ranges, code lens, inlay hints) each walk the whole
 * file, and when they ran between the build's phases the diagnostics of a 5,000-line file waited for all of
 * them (docs/benchmarks.md, "Keystrokes over stdio"). The real server over stdio, the requests sent right
 * after the change, as VS Code does.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CodeLensRequest,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    DocumentSymbolRequest,
    FoldingRangeRequest,
    InlayHintRequest,
    PublishDiagnosticsNotification,
    SemanticTokensRequest,
} from 'vscode-languageserver-protocol';
import { generateDocument } from '../../bench/lsp.js';
import { shutdownServer, startInitialized, within, type ServerProcess } from './server-process.js';

const TIMEOUT = 60_000;
const uri = pathToFileURL(resolve('examples/keystroke-order-test.nas')).toString();
// Large enough that the build takes several event-loop turns between its phases.
const text = generateDocument(1500);
let server: ServerProcess;

before(async () => {
    server = await startInitialized(TIMEOUT);
});

after(() => shutdownServer(server));

test('the diagnostics of an edit are published before the editor\'s decoration requests are answered', async () => {
    const events: string[] = [];
    let published: () => void = () => undefined;
    server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        if (params.uri !== uri) return;
        events.push('diagnostics');
        published();
    });
    const opened = new Promise<void>((done) => (published = done));
    server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nas', version: 1, text } });
    await within(TIMEOUT, 'diagnostics after open', Promise.race([opened, server.died]));

    const line = text.split('\n').findIndex((l) => /^\s*seed\s+\d+$/.test(l));
    for (let version = 2; version <= 4; version++) {
        events.length = 0;
        const edited = new Promise<void>((done) => (published = done));
        const at = { line, character: text.split('\n')[line].length };
        server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version },
            contentChanges: [{ range: { start: at, end: at }, text: version % 2 === 0 ? '1' : '' }].map((c) =>
                version % 2 === 0 ? c : { ...c, range: { start: at, end: { line, character: at.character + 1 } } },
            ),
        });
        const textDocument = { uri };
        const answered = (name: string) => () => void events.push(name);
        const requests = Promise.all([
            server.connection.sendRequest(SemanticTokensRequest.type, { textDocument }).then(answered('semanticTokens')),
            server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }).then(answered('documentSymbol')),
            server.connection.sendRequest(FoldingRangeRequest.type, { textDocument }).then(answered('foldingRange')),
            server.connection.sendRequest(CodeLensRequest.type, { textDocument }).then(answered('codeLens')),
            server.connection.sendRequest(InlayHintRequest.type, { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } }).then(answered('inlayHint')),
        ]);
        await within(TIMEOUT, 'diagnostics after the edit', Promise.race([edited, server.died]));
        await within(TIMEOUT, 'the decoration requests', Promise.race([requests, server.died]));
        assert.equal(events[0], 'diagnostics', `edit ${version}: ${events.join(', ')}`);
        assert.equal(events.length, 6, events.join(', '));
    }
});
