/**
 * Stale validation is cancelled by the next edit (issue 7: "an edit typed during a 17 s validation gets its
 * diagnostics 12 s later after a stale publish"). The real server over stdio: a 20,000-line document with one
 * unresolved reference is opened, and while its first build is still under way an edit removes the error.
 * The first build must stop before it publishes: no diagnostics carrying the old error ever reach the
 * editor, and the diagnostics of the edited text have no error.
 *
 * "Under way" is made certain, not timed: the edit is sent once a hover has been answered, and a hover waits
 * until the document is linked (Langium's state for hover), so the first build has parsed the old text and
 * still has to index references and validate 20,000 lines. Sent any earlier, the edit could reach the server
 * before the first build parsed, and that build would parse the new text: the test could not fail.
 * The end is known without a timer either: a documentSymbol request is answered only after the diagnostics
 * of the editor's current version are published (dsl/scoping/nas-document-builder.ts, awaitDocumentState).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    DocumentSymbolRequest,
    HoverRequest,
    PublishDiagnosticsNotification,
    type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { generateDocument } from '../../bench/lsp.js';
import { shutdownServer, startInitialized, within, type ServerProcess } from './server-process.js';

// A liveness bound for a loaded machine, not a performance assertion.
const TIMEOUT = 120_000;
const uri = pathToFileURL(resolve('examples/stale-validation-test.nas')).toString();
const valid = generateDocument(20_000);
const lines = valid.split('\n');
// The last cell's op set becomes a name nothing declares: one located error, far down the file.
const line = lines.reduce((last, l, i) => (/^ {4}ops Ops\d+$/.test(l) ? i : last), -1);
const opsName = lines[line].trim().slice('ops '.length);
const character = lines[line].indexOf(opsName);
const broken = [...lines.slice(0, line), lines[line].replace(opsName, 'UnknownOps'), ...lines.slice(line + 1)].join('\n');
let server: ServerProcess;

before(async () => {
    server = await startInitialized(TIMEOUT);
});

after(() => shutdownServer(server));

test('an edit during the first build of a 20,000-line document cancels it: its stale diagnostics are never published', async () => {
    const published: PublishDiagnosticsParams[] = [];
    server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        if (params.uri === uri) published.push(params);
    });
    const textDocument = { uri };
    server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nas', version: 1, text: broken } });
    // Answered once version 1 is linked: the first build is past parsing and not yet validated.
    await within(TIMEOUT, 'hover (the document linked)', Promise.race([server.connection.sendRequest(HoverRequest.type, { textDocument, position: { line: 0, character: 0 } }), server.died]));
    server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 'UnknownOps'.length } }, text: opsName }],
    });
    await within(TIMEOUT, 'document symbols of version 2', Promise.race([server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }), server.died]));

    const stale = published.filter((p) => p.diagnostics.some((d) => d.message.includes('UnknownOps')));
    assert.deepEqual(stale.map((p) => p.diagnostics.map((d) => `[${d.range.start.line + 1}:${d.range.start.character + 1}] ${d.message}`)), [], 'the first build published the old error');
    assert.ok(published.length > 0, 'no diagnostics published for the edited text');
    const last = published[published.length - 1];
    assert.deepEqual(last.diagnostics.filter((d) => d.severity === 1).map((d) => d.message), []);
});

test('the error of the test document is real: the same text, left alone, gets it, located', async () => {
    // Guards the test above against passing vacuously (an error the server would never report).
    const other = pathToFileURL(resolve('examples/stale-validation-test-2.nas')).toString();
    const params = new Promise<PublishDiagnosticsParams>((done) =>
        server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => p.uri === other && done(p)),
    );
    // The op set and the cell space that uses it (the lines bench/lsp.ts writes for one block).
    const small = broken.split('\n').slice(line - 11, line + 10).join('\n');
    server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'nas', version: 1, text: small } });
    const { diagnostics } = await within(TIMEOUT, 'diagnostics of the small document', Promise.race([params, server.died]));
    const errors = diagnostics.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1, errors.map((d) => d.message).join('\n'));
    assert.match(errors[0].message, /UnknownOps/);
    assert.deepEqual(errors[0].range.start, { line: 11, character });
});
