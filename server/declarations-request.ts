/**
 * Handler of `lissnas/declarations` (protocol/lsp.ts): the document's spaces, policies and searches once it is
 * linked (the command evaluators a declaration reaches need resolved references).
 */
import { DocumentState } from 'langium';
import { createRequestHandler, type LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { DeclarationsParams, DeclarationsRequest } from '../protocol/lsp.js';
import { declarationsOf } from './features/declarations.js';
import { checkedParams } from './size-requests.js';

export function registerDeclarationsRequest(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(
        DeclarationsRequest,
        checkedParams(
            DeclarationsRequest.method,
            DeclarationsParams,
            createRequestHandler((_services, document) => ({ declarations: declarationsOf(document) }), shared, DocumentState.Linked),
        ),
    );
}
