/**
 * The language server as an editor other than VS Code sees it: a child process speaking LSP over stdio
 * (`lissnas-language-server --stdio`). Initialize, open documents, receive diagnostics, hover, the custom
 * size requests, requests that fail (the server must answer and keep serving), shutdown and exit.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    DidOpenTextDocumentNotification,
    ExitNotification,
    HoverRequest,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    ShutdownRequest,
    type Diagnostic,
    type Hover,
    type InitializeResult,
    type MarkupContent,
    type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { DeclarationsRequest, DeclarationsResult, SpaceSizeAtRequest, SpaceSizeAtResult, SpaceSizesRequest, SpaceSizesResult } from '../../protocol/lsp.js';
import { hoverUntilSized, startServer, within, type ServerProcess } from './server-process.js';

const TIMEOUT = 30_000;
const tourPath = resolve('examples/tour.nas');
const tourUri = pathToFileURL(tourPath).toString();
const tour = readFileSync(tourPath, 'utf8');
const brokenUri = pathToFileURL(resolve('examples/stdio-test-broken.nas')).toString();
// Line numbers (1-based) matter: the expected diagnostics below point into this text.
const broken = [
    'space A {', //           1
    '  cell {', //            2
    '    nodes', //           3: `nodes` needs a number
    '  }', //                 4
    '}', //                   5
    'space B {', //           6
    '  arch Missing', //      7: no space named Missing
    '}', //                   8
].join('\n');

/** `[line:col] message`, 1-based, the way a terminal or an editor's list shows a diagnostic. */
function entry(diagnostic: Diagnostic): string {
    return `[${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}] ${diagnostic.message}`;
}

function codeOf(diagnostic: Diagnostic): string | undefined {
    return (diagnostic.data as { code?: string } | undefined)?.code;
}

/** A position (0-based) of the first occurrence of `needle` in `text`, plus `shift` characters. */
function positionOf(text: string, needle: string, shift = 0): { line: number; character: number } {
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, `'${needle}' not in the text`);
    const before = text.slice(0, offset + shift).split('\n');
    return { line: before.length - 1, character: before.at(-1)!.length };
}

describe('language server over stdio', () => {
    let server: ServerProcess;
    const diagnostics = new Map<string, PublishDiagnosticsParams>();
    const waiting = new Map<string, (params: PublishDiagnosticsParams) => void>();
    const logs: string[] = [];

    function diagnosticsFor(uri: string): Promise<PublishDiagnosticsParams> {
        const known = diagnostics.get(uri);
        if (known) return Promise.resolve(known);
        return within(TIMEOUT, `diagnostics of ${uri}`, new Promise((resolve) => waiting.set(uri, resolve)));
    }

    before(() => {
        server = startServer();
        server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            diagnostics.set(params.uri, params);
            waiting.get(params.uri)?.(params);
        });
        server.connection.onNotification('window/logMessage', (params: { message: string }) => logs.push(params.message));
        // Requests from the server (configuration, capability registration): answer "nothing".
        server.connection.onRequest(() => null);
    });

    after(async () => {
        server.connection.dispose();
        if (server.child.exitCode === null) server.child.kill();
        await server.exited;
    });

    test('initialize announces the features the editor relies on', async () => {
        const result: InitializeResult = await within(
            TIMEOUT,
            `initialize (${server.kind})`,
            Promise.race([server.died, server.connection.sendRequest(InitializeRequest.type, {
                processId: process.pid,
                rootUri: null,
                workspaceFolders: null,
                capabilities: {
                    textDocument: {
                        publishDiagnostics: { relatedInformation: true },
                        hover: { contentFormat: ['markdown', 'plaintext'] },
                    },
                },
            })]),
        );
        const capabilities = result.capabilities;
        assert.ok(capabilities.hoverProvider, 'hover');
        assert.ok(capabilities.completionProvider, 'completion');
        assert.ok(capabilities.documentFormattingProvider, 'formatting');
        assert.ok(capabilities.definitionProvider, 'definition');
        assert.ok(capabilities.textDocumentSync, 'document sync');
        await server.connection.sendNotification(InitializedNotification.type, {});
    });

    test('the tour has no errors', async () => {
        await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: tourUri, languageId: 'nas', version: 1, text: tour },
        });
        const published = await diagnosticsFor(tourUri);
        const errors = published.diagnostics.filter((d) => d.severity === 1).map(entry);
        assert.deepEqual(errors, []);
    });

    test('a broken document gets located parse and link errors', async () => {
        await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri: brokenUri, languageId: 'nas', version: 1, text: broken },
        });
        const published = await diagnosticsFor(brokenUri);
        const builtIn = published.diagnostics.filter((d) => ['parsing-error', 'linking-error'].includes(codeOf(d) ?? '')).map(entry);
        assert.deepEqual(builtIn, [
            "[4:3] Expecting token of type 'NUMBER' but found `}`.",
            "[7:8] unknown space 'Missing'",
        ]);
        for (const diagnostic of published.diagnostics) {
            assert.equal(diagnostic.severity !== undefined, true, `${entry(diagnostic)} has a severity`);
            assert.ok(diagnostic.range.start.line < 8 && diagnostic.range.end.line < 8, `${entry(diagnostic)} lies inside the document`);
        }
    });

    test('hover on a space name shows its size', async () => {
        const value = await hoverUntilSized(TIMEOUT, async () => {
            const hover: Hover | null = await within(
                TIMEOUT,
                'hover',
                server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: tourUri }, position: positionOf(tour, 'space NB201 {', 7) }),
            );
            assert.ok(hover, 'a hover');
            return (hover.contents as MarkupContent).value;
        });
        assert.match(value, /NB201/);
        assert.match(value, /15,625/);
    });

    test('lissnas/spaceSizes lists every space of the document with its size', async () => {
        const result = await within(TIMEOUT, 'spaceSizes', server.connection.sendRequest(SpaceSizesRequest, { textDocument: { uri: tourUri } }));
        // What the server sends is what the client's runtime check accepts.
        assert.equal(SpaceSizesResult.problem(result), undefined);
        assert.deepEqual(
            result.spaces.map((s) => s.name),
            ['NB201', 'NB101', 'DARTS', 'Mobile', 'Training', 'Joint', 'Small'],
        );
        const nb201 = result.spaces[0];
        assert.equal(nb201.exact, '15625');
        assert.equal(nb201.label, '15,625');
        assert.ok(Math.abs((nb201.log10 ?? 0) - Math.log10(15625)) < 1e-9);
        assert.deepEqual(nb201.nameRange, { start: positionOf(tour, 'NB201 {'), end: positionOf(tour, 'NB201 {', 5) });
        const training = result.spaces.find((s) => s.name === 'Training')!;
        assert.equal(training.log10, null, 'Training has continuous dimensions');
        assert.equal(training.exact, undefined);
    });

    test('lissnas/spaceSizeAt answers the space under the cursor, null outside', async () => {
        const inside = await server.connection.sendRequest(SpaceSizeAtRequest, { textDocument: { uri: tourUri }, position: positionOf(tour, 'max_edges 9') });
        assert.equal(inside?.name, 'NB101');
        const outside = await server.connection.sendRequest(SpaceSizeAtRequest, { textDocument: { uri: tourUri }, position: { line: 0, character: 3 } });
        assert.equal(outside, null);
        const brokenSpace = await server.connection.sendRequest(SpaceSizeAtRequest, { textDocument: { uri: brokenUri }, position: { line: 6, character: 3 } });
        assert.equal(brokenSpace?.name, 'B');
        for (const answer of [inside, outside, brokenSpace]) assert.equal(SpaceSizeAtResult.problem(answer), undefined);
    });

    test('malformed size requests get InvalidParams naming the bad field, and the server keeps serving', async () => {
        const invalid = async (method: string, params: unknown, field: RegExp) => {
            const error = await within(TIMEOUT, method, server.connection.sendRequest(method, params).then(
                () => assert.fail(`${method} accepted malformed params`),
                (e: { code?: number; message: string }) => e,
            ));
            assert.equal(error.code, -32602, `${method}: ${error.message}`);
            assert.match(error.message, field);
        };
        await invalid(SpaceSizeAtRequest.method, { textDocument: { uri: tourUri }, position: { line: -1, character: 0 } }, /params\.position\.line: expected a non-negative integer/);
        await invalid(SpaceSizeAtRequest.method, { textDocument: { uri: tourUri } }, /params\.position: expected an object, got nothing/);
        await invalid(SpaceSizesRequest.method, { textDocument: { uri: 42 } }, /params\.textDocument\.uri: expected a string, got an integer/);
        const again = await server.connection.sendRequest(SpaceSizesRequest, { textDocument: { uri: tourUri } });
        assert.equal(again.spaces.length, 7);
        assert.deepEqual(logs.filter((l) => /uncaught exception|unhandled rejection/.test(l)), []);
    });

    test('lissnas/declarations lists the spaces, policies and searches the run commands offer; malformed params get InvalidParams', async () => {
        const result = await within(TIMEOUT, 'declarations', server.connection.sendRequest(DeclarationsRequest, { textDocument: { uri: tourUri } }));
        assert.equal(DeclarationsResult.problem(result), undefined);
        assert.deepEqual(result.declarations.filter((d) => d.kind === 'policy').map((d) => d.name), ['Lissnas', 'ABS', 'Random']);
        assert.deepEqual(result.declarations.filter((d) => d.kind === 'search').map((d) => `${d.name} ${d.detail}`), ['REA evolution(Lissnas)', 'REA_full evolution(NB201)', 'RS random(NB201)']);
        assert.ok(result.declarations.every((d) => d.commandEvaluators.length === 0), 'tour.nas runs table evaluators only');
        const error = await server.connection.sendRequest(DeclarationsRequest.method, { textDocument: {} }).then(
            () => assert.fail('accepted malformed params'),
            (e: { code?: number; message: string }) => e,
        );
        assert.equal(error.code, -32602);
        assert.match(error.message, /params\.textDocument\.uri: expected a string/);
    });

    test('failing requests get an answer and the server keeps serving', async () => {
        await assert.rejects(server.connection.sendRequest('lissnas/noSuchMethod', {}), /Unhandled method|not found/i);
        // A size request for a document the server never saw: an error response, not a crash.
        await assert.rejects(
            within(TIMEOUT, 'spaceSizes of an unknown document', server.connection.sendRequest(SpaceSizesRequest, { textDocument: { uri: 'file:///nowhere/unknown.nas' } })),
            (error: Error) => !/timed out/.test(error.message),
        );
        const again = await server.connection.sendRequest(SpaceSizesRequest, { textDocument: { uri: tourUri } });
        assert.equal(again.spaces.length, 7);
        assert.equal(server.child.exitCode, null, 'still running');
        assert.deepEqual(logs.filter((l) => /uncaught exception|unhandled rejection/.test(l)), []);
    });

    test('shutdown then exit ends the process with code 0', async () => {
        const result = await within(TIMEOUT, 'shutdown', server.connection.sendRequest(ShutdownRequest.type));
        assert.equal(result, null);
        await server.connection.sendNotification(ExitNotification.type);
        assert.equal(await within(TIMEOUT, 'exit', server.exited), 0);
    });
});
