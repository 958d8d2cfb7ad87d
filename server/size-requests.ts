/**
 * Handlers of the custom size requests of protocol/lsp.ts. The sizes themselves come from
 * server/features/space-size.ts (shared with hover and inlay hints, cached per document version, computed by
 * the size worker: both requests honour `$/cancelRequest`); this file waits for the document to be linked, converts the position, and trims each answer to the
 * protocol's `SpaceSizeInfo` (the per-member breakdown stays server-side).
 */
import { DocumentState } from 'langium';
import { createRequestHandler } from 'langium/lsp';
import type { LangiumSharedServices } from 'langium/lsp';
import { ErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import { SpaceSizeAtParams, SpaceSizeAtRequest, SpaceSizesParams, SpaceSizesRequest, type SpaceSizeInfo } from '../protocol/lsp.js';
import type { Validator } from '../protocol/check.js';
import { spaceSizeAt, spaceSizesCancellable, type SpaceSizeDetail } from './features/space-size.js';

/** The protocol's fields of a size detail, nothing else: what goes on the wire is what protocol/lsp.ts declares. */
export function toSpaceSizeInfo(detail: SpaceSizeDetail): SpaceSizeInfo {
    const info: SpaceSizeInfo = {
        name: detail.name,
        range: detail.range,
        nameRange: detail.nameRange,
        exact: detail.exact,
        log10: detail.log10 !== null && Number.isFinite(detail.log10) ? detail.log10 : null,
        label: detail.label,
        error: detail.error,
        kind: detail.kind,
        unique: detail.unique,
        uniqueLabel: detail.uniqueLabel,
        estimated: detail.estimated,
        note: detail.note,
    };
    // Drop undefined fields: JSON would drop them anyway, and tests compare objects.
    return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as unknown as SpaceSizeInfo;
}

/**
 * `handler` behind the params' runtime check: a malformed request (another client, another version) gets an
 * `InvalidParams` error naming the bad field instead of an exception inside the handler.
 */
export function checkedParams<P, R>(method: string, params: Validator<P>, handler: (params: P, token: CancellationToken) => R) {
    return (value: P, token: CancellationToken): R | ResponseError<void> => {
        const problem = params.problem(value);
        return problem === undefined ? handler(value, token) : new ResponseError<void>(ErrorCodes.InvalidParams, `${method}: ${problem}`);
    };
}

export function registerSizeRequests(connection: Connection, shared: LangiumSharedServices): void {
    // Sizes need resolved references (`arch NB201`, `ops NB201Ops`), so wait until the document is linked.
    connection.onRequest(
        SpaceSizesRequest,
        checkedParams(
            SpaceSizesRequest.method,
            SpaceSizesParams,
            createRequestHandler(async (_services, document, _params, cancelToken) => ({ spaces: (await spaceSizesCancellable(document, cancelToken)).map(toSpaceSizeInfo) }), shared, DocumentState.Linked),
        ),
    );
    connection.onRequest(
        SpaceSizeAtRequest,
        checkedParams(SpaceSizeAtRequest.method, SpaceSizeAtParams, createRequestHandler(
            async (_services, document, params, cancelToken) => {
                const detail = await spaceSizeAt(document, document.textDocument.offsetAt(params.position), { token: cancelToken });
                return detail ? toSpaceSizeInfo(detail) : null;
            },
            shared,
            DocumentState.Linked,
        )),
    );
}
