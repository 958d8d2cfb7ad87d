/**
 * One document never stops the others, and typos cannot stall or kill the server (issue 7): the real
 * server over stdio, documents on disk. Each case used to stop diagnostics and hovers for every document
 * (an import of an existing non-.nas file, deep nesting) or to run the process out of memory (`nodes 1000`
 * plus the hover and code lens an editor sends by itself, `nodes 2147483648` with no request at all).
 * The limits below are generous timeouts for a loaded machine, not performance assertions: what is checked
 * is the located error on the broken document and the normal answers on the healthy one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CodeLensRequest,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    CancellationTokenSource,
    HoverRequest,
    LSPErrorCodes,
    InitializedNotification,
    InitializeRequest,
    PublishDiagnosticsNotification,
    type Diagnostic,
    type MarkupContent,
    type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { SpaceSizesRequest } from '../../protocol/lsp.js';
import { startServer, within, type ServerProcess } from './server-process.js';

const TIMEOUT = 60_000;

function entry(d: Diagnostic): string {
    return `[${d.range.start.line + 1}:${d.range.start.character + 1}] ${d.message}`;
}

describe('one document cannot stall or kill the server', () => {
    let server: ServerProcess;
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-isolation-'));
    const published = new Map<string, PublishDiagnosticsParams[]>();
    const waiting: Array<{ uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
    let version = 0;

    /** Opens (or replaces the text of) a document and waits for its diagnostics of that version. */
    async function show(name: string, text: string): Promise<{ uri: string; errors: string[] }> {
        const uri = pathToFileURL(join(dir, name)).toString();
        const v = ++version;
        const result = within(TIMEOUT, `diagnostics of ${name}`, Promise.race([new Promise<PublishDiagnosticsParams>((resolve) => waiting.push({ uri, version: v, resolve })), server.died]));
        if (published.has(uri)) {
            await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text }] });
        } else {
            published.set(uri, []);
            await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nas', version: v, text } });
        }
        const params = await result;
        return { uri, errors: params.diagnostics.filter((d) => d.severity === 1).map(entry) };
    }

    const healthy = 'space Healthy {\n  x choice [1, 2, 3]\n  y choice [1, 1]\n}\n';

    /** The healthy document still gets its diagnostics and its hover. */
    async function healthyStillServed(): Promise<void> {
        const { uri, errors } = await show('healthy.nas', healthy + `// edit ${version}\n`);
        assert.deepEqual(errors, ['[3:16] duplicate choice value 1']);
        const hover = await within(TIMEOUT, 'hover', Promise.race([server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 8 } }), server.died]));
        assert.match((hover?.contents as MarkupContent).value, /Healthy/);
    }

    before(async () => {
        server = startServer();
        server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
            published.get(params.uri)?.push(params);
            for (const w of waiting.filter((x) => x.uri === params.uri && (params.version === undefined || params.version >= x.version))) {
                waiting.splice(waiting.indexOf(w), 1);
                w.resolve(params);
            }
        });
        server.connection.onRequest(() => null);
        await within(TIMEOUT, 'initialize', server.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {}, workspaceFolders: null }));
        await server.connection.sendNotification(InitializedNotification.type, {});
        writeFileSync(join(dir, 'notes.md'), '# notes\n');
    });

    after(async () => {
        server.connection.dispose();
        if (server.child.exitCode === null) server.child.kill();
        await server.exited;
        rmSync(dir, { recursive: true, force: true });
    });

    test('import of an existing non-.nas file: a located error on the importer; other documents keep working', async () => {
        const { errors } = await show('imports-notes.nas', 'import "notes.md"\nspace A { x choice [1] }\n');
        assert.deepEqual(errors, ["[1:8] only .nas files can be imported: 'notes.md' is not a .nas file"]);
        await healthyStillServed();
    });

    test('deep nesting: a located error on that document; other documents keep working', async () => {
        const text = `space S {\n  a choice [1, 2]\n  b choice [1] when ${'('.repeat(175)}a == 1${')'.repeat(175)}\n}\n`;
        const { errors } = await show('deep.nas', text);
        assert.equal(errors.length, 1, errors.join('\n'));
        assert.match(errors[0], /^\[3:\d+\] brackets nested deeper than 32 levels/);
        await healthyStillServed();
    });

    test('$/cancelRequest stops a long lissnas/spaceSizes between spaces: the request answers "cancelled"', async () => {
        // 48 distinct valid 6- and 7-node cells (op lists in every order, so no two compile alike and no cache
        // answers for another): sizing all of them takes far longer than the cancel takes to arrive.
        const ops = ['none', 'skip_connect', 'nor_conv_3x3', 'avg_pool_3x3'];
        const orders = ops.flatMap((a) => ops.filter((b) => b !== a).flatMap((b) => ops.filter((c) => c !== a && c !== b).map((c) => [a, b, c, ops.find((d) => d !== a && d !== b && d !== c)!])));
        const text = [6, 7].flatMap((nodes) => orders.map((order, i) => `space C${nodes}_${i} { cell { nodes ${nodes} ops [${order.join(', ')}] } }`)).join('\n');
        const { uri } = await show('slow.nas', text);
        const source = new CancellationTokenSource();
        const request = server.connection.sendRequest(SpaceSizesRequest, { textDocument: { uri } }, source.token);
        setTimeout(() => source.cancel(), 200);
        await assert.rejects(
            within(TIMEOUT, 'the cancelled request', Promise.race([request, server.died])),
            (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled,
        );
        await healthyStillServed();
    });

    test('nodes 1000 with hover and code lens, nodes 2147483648 with no request: located errors, no crash', async () => {
        const huge = await show('huge.nas', 'space H { cell { nodes 1000  edges all  ops [none, skip_connect, nor_conv_3x3] } }\n');
        assert.deepEqual(huge.errors, ['[1:24] nodes 1000 is over the limit of 32: write at most 32 (docs/language.md "Limits")']);
        const hover = await within(TIMEOUT, 'hover', Promise.race([server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: huge.uri }, position: { line: 0, character: 6 } }), server.died]));
        assert.match((hover?.contents as MarkupContent).value, /over the limit of 32/);
        await within(TIMEOUT, 'code lens', Promise.race([server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: huge.uri } }), server.died]));
        const sizes = await within(TIMEOUT, 'sizes', Promise.race([server.connection.sendRequest(SpaceSizesRequest, { textDocument: { uri: huge.uri } }), server.died]));
        assert.match(sizes.spaces[0].error ?? '', /nodes 1000 is over the limit of 32/);
        const silent = await show('silent.nas', 'space A { cell { nodes 2147483648; ops [none, skip_connect] } }\n');
        assert.deepEqual(silent.errors, ['[1:24] nodes 2147483648 is over the limit of 32: write at most 32 (docs/language.md "Limits")']);
        await healthyStillServed();
        assert.equal(server.child.exitCode, null, 'still running');
    });
});
