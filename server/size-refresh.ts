/**
 * Inlay hints and code lenses show only the sizes known when the client asks (server/features/inlay-hints.ts,
 * code-lens.ts); the rest are computed by the size worker in the background. When such an answer arrives, the
 * server asks the client to ask again (`workspace/inlayHint/refresh`, `workspace/codeLens/refresh`), but
 * only a client that said it supports it (`capabilities.workspace.inlayHint.refreshSupport`,
 * `...codeLens.refreshSupport`, read from `initialize`). Answers arriving together cause one refresh.
 */
import type { LangiumSharedServices } from 'langium/lsp';
import { CodeLensRefreshRequest, type Connection } from 'vscode-languageserver';
import { sizeJobs } from './features/size-jobs.js';

const DEBOUNCE_MS = 100;

export function registerSizeRefresh(connection: Connection, shared: LangiumSharedServices): void {
    let inlayHints = false;
    let codeLens = false;
    shared.lsp.LanguageServer.onInitialize((params) => {
        inlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
        codeLens = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    sizeJobs.onBackgroundAnswer(() => {
        if ((!inlayHints && !codeLens) || timer) return;
        timer = setTimeout(() => {
            timer = undefined;
            // A client that fails a refresh loses nothing but the refresh: never let it reject unhandled.
            if (inlayHints) connection.languages.inlayHint.refresh().catch(() => undefined);
            if (codeLens) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
        }, DEBOUNCE_MS);
    });
}
