/**
 * The editor features of the `.nas` language server, as a Langium module: pass it to
 * `createNasServices(context, NasLspModule)`. Every provider is wrapped by `guarded()` so that a bug in
 * one feature logs an error and answers "nothing here" instead of killing the server.
 * The feature logic itself lives in `server/features/`, one file per feature.
 */
import type { Module } from 'langium';
import type { PartialLangiumServices } from 'langium/lsp';
import type { NasServices } from '../dsl/nas-module.js';
import { guarded } from './features/guard.js';
import { NasFormatter } from './features/formatter.js';
import { NasDocumentSymbolProvider } from './features/symbols.js';
import { NasFoldingRangeProvider } from './features/folding.js';
import { NasSemanticTokenProvider } from './features/semantic-tokens.js';
import { NasRenameProvider } from './features/rename.js';
import { NasHoverProvider } from './features/hover.js';
import { NasInlayHintProvider } from './features/inlay-hints.js';
import { NasCodeLensProvider } from './features/code-lens.js';
import { NasCompletionProvider } from './features/completion.js';
import { NasCodeActionProvider } from './features/code-actions.js';
import { NasSignatureHelpProvider } from './features/signature-help.js';

const none = () => [];
const noTokens = () => ({ data: [] });

export const NasLspModule: Module<NasServices, PartialLangiumServices> = {
    lsp: {
        Formatter: (services) => guarded('formatter', new NasFormatter(services.parser.Lexer), {
            formatDocument: none,
            formatDocumentRange: none,
            formatDocumentOnType: none,
        }),
        DocumentSymbolProvider: () => guarded('documentSymbols', new NasDocumentSymbolProvider(), { getSymbols: none }),
        FoldingRangeProvider: (services) => guarded('folding', new NasFoldingRangeProvider(services), { getFoldingRanges: none }),
        SemanticTokenProvider: (services) => guarded('semanticTokens', new NasSemanticTokenProvider(services), {
            semanticHighlight: noTokens,
            semanticHighlightRange: noTokens,
            semanticHighlightDelta: noTokens,
        }),
        RenameProvider: (services) => guarded('rename', new NasRenameProvider(services)),
        HoverProvider: (services) => guarded('hover', new NasHoverProvider(services)),
        InlayHintProvider: () => guarded('inlayHints', new NasInlayHintProvider(), { getInlayHints: none }),
        CodeLensProvider: () => guarded('codeLens', new NasCodeLensProvider(), { provideCodeLens: none }),
        CompletionProvider: (services) => guarded('completion', new NasCompletionProvider(services), {
            getCompletion: () => ({ isIncomplete: false, items: [] }),
        }),
        CodeActionProvider: (services) => guarded('codeActions', new NasCodeActionProvider(services), { getCodeActions: none }),
        SignatureHelp: () => guarded('signatureHelp', new NasSignatureHelpProvider()),
    },
};
