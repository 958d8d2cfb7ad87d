/**
 * Keystroke latency over stdio, as an editor sees it: the real language server as a child process
 * (test/protocol/server-process.ts: the bundle when fresh, otherwise the sources through tsx), a generated
 * document of N lines opened, then single-character edits (a digit typed after a number, then deleted:
 * typing and backspace), each followed by the requests VS Code sends after a change (semantic tokens,
 * document symbols, folding ranges, code lens, inlay hints for a screen). An edit's latency is the time
 * from `didChange` to the `publishDiagnostics` it causes; the editor's requests run meanwhile, as in VS Code.
 * Also timed: the first diagnostics after `didOpen` and the first code lens (sent right after `didOpen`).
 * Run by bench/lsp.ts (`--stdio-lines 5000,20000`, `--edits N`); `node --import tsx bench/lsp-edits.ts` alone.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CodeLensRequest,
    DidChangeTextDocumentNotification,
    DidOpenTextDocumentNotification,
    DocumentSymbolRequest,
    ExitNotification,
    FoldingRangeRequest,
    InitializedNotification,
    InitializeRequest,
    InlayHintRequest,
    PublishDiagnosticsNotification,
    SemanticTokensRequest,
    ShutdownRequest,
    type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { startServer, within } from '../test/protocol/server-process.js';
import { Rng } from '../engine/rng.js';

export interface EditTimes {
    lines: number;
    open: number;
    firstCodeLens: number;
    edits: number[];
    /** Time until every editor request sent after an edit had its answer. */
    requests: number[];
    diagnostics: number;
    server: string;
}

const TIMEOUT = 120_000;

export async function benchEdits(text: string, edits: number): Promise<EditTimes> {
    const server = startServer();
    const { connection } = server;
    const uri = pathToFileURL(resolve(`bench/generated-stdio-${text.length}.nas`)).toString();
    let waiting: ((params: PublishDiagnosticsParams) => void) | undefined;
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
        if (params.uri === uri) waiting?.(params);
    });
    connection.onRequest('workspace/configuration', () => []);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    const nextDiagnostics = () =>
        within(TIMEOUT, 'diagnostics', new Promise<PublishDiagnosticsParams>((done) => (waiting = done)));
    await within(TIMEOUT, 'initialize', Promise.race([server.died, connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        workspaceFolders: null,
    })]));
    connection.sendNotification(InitializedNotification.type, {});

    const textDocument = { uri };
    let started = performance.now();
    let published = nextDiagnostics();
    connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nas', version: 1, text } });
    const lens = connection.sendRequest(CodeLensRequest.type, { textDocument }).then(() => performance.now() - started);
    const first = await Promise.race([server.died, published]);
    const open = performance.now() - started;
    const firstCodeLens = await within(TIMEOUT, 'code lens', lens);

    // Digits typed after the numbers of `seed`, `batch` and `budget` settings (valid before and after).
    const lines = text.split('\n');
    const targets = lines.flatMap((line, i) => (/^\s*(seed|batch)\s+\d+\s*$/.test(line) ? [{ line: i, character: line.trimEnd().length }] : []));
    const rng = new Rng('bench-lsp-edits');
    const times: number[] = [];
    const requestTimes: number[] = [];
    let version = 1;
    let last = first;
    let lastTyped: { line: number; character: number } | undefined;
    for (let i = 0; i < edits * 2; i++) {
        const typing = i % 2 === 0;
        const at = typing ? rng.pick(targets) : undefined;
        const position = at ?? lastTyped!;
        if (typing) lastTyped = position;
        const range = typing
            ? { start: position, end: position }
            : { start: position, end: { line: position.line, character: position.character + 1 } };
        started = performance.now();
        published = nextDiagnostics();
        connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: ++version },
            contentChanges: [{ range, text: typing ? '7' : '' }],
        });
        // What VS Code asks after a change (it debounces, but asks all of these).
        const screen = { start: { line: Math.max(0, position.line - 30), character: 0 }, end: { line: position.line + 30, character: 0 } };
        const asked = Promise.all([
            connection.sendRequest(SemanticTokensRequest.type, { textDocument }),
            connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
            connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
            connection.sendRequest(CodeLensRequest.type, { textDocument }),
            connection.sendRequest(InlayHintRequest.type, { textDocument, range: screen }),
        ]).then(() => performance.now() - started);
        last = await Promise.race([server.died, published]);
        times.push(performance.now() - started);
        requestTimes.push(await within(TIMEOUT, 'editor requests', asked));
    }
    await connection.sendRequest(ShutdownRequest.type);
    connection.sendNotification(ExitNotification.type);
    await within(10_000, 'exit', server.exited).catch(() => server.child.kill());
    connection.dispose();
    return { lines: lines.length, open, firstCodeLens, edits: times, requests: requestTimes, diagnostics: last.diagnostics.length, server: server.kind };
}
