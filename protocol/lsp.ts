/**
 * Every custom message between the VS Code extension and the `.nas` language server, in one typed file
 * (rust-analyzer's `lsp_ext` style). Both sides import the same `RequestType` constants, so a renamed
 * method or a changed payload is a compile error instead of a silent "unhandled method".
 *
 * Each message also has a runtime validator (protocol/check.ts), used by the side that receives it: the server
 * checks request params (a malformed request gets an `InvalidParams` error naming the bad field, not an
 * internal exception), the client checks results and notifications (a server of another version cannot feed
 * it a shape it would crash on).
 *
 * The client bundles this file: it imports neither `langium` nor `vscode` nor any other project folder, only
 * the protocol package (which both `vscode-languageclient` and `vscode-languageserver` re-export).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Range, TextDocumentIdentifier, Position } from 'vscode-languageserver-protocol';
import { bool, int, nullable, num, oneOf, opt, shape, str, arrayOf, validator, type Check } from './check.js';

const position: Check = shape({ line: int, character: int });
const range: Check = shape({ start: position, end: position });
const textDocument: Check = shape({ uri: str });

// ---------------------------------------------------------------- space sizes

/** The size of one `space` declaration, as shown in the status bar and the sizes quick pick. JSON-safe. */
export interface SpaceSizeInfo {
    /** The space's name (`NB201`). */
    name: string;
    /** The whole declaration, `space` keyword to closing brace. */
    range: Range;
    /** The name token, for "go to" from the quick pick. */
    nameRange: Range;
    /**
     * The exact number of configurations as a decimal string (sizes overflow doubles: DARTS has ~10^18 cells
     * per pair), or undefined when it is not finite (continuous dimension) or could not be computed.
     */
    exact?: string;
    /** log10 of the size; `null` when the space is infinite (a continuous dimension) or not computed. */
    log10: number | null;
    /** Human text: `15,625`, `1.03 × 10^18`, `∞ (continuous)`. */
    label: string;
    /** Set when the size could not be computed (unresolved reference, invalid setting, ...). */
    error?: string;
    /** What kind of space it is, in words: `cell space`, `product of 2 spaces`, ... */
    kind?: string;
    /** Distinct members modulo isomorphism (decimal digits), when known; cells with equivalent wirings count once. */
    unique?: string;
    /** `unique` for humans, like `label`. */
    uniqueLabel?: string;
    /** The count (`exact`/`label`) is a sampling estimate (constrained spaces beyond the enumeration limit). */
    estimated?: boolean;
    /** A remark of the size computation (why an estimate, what was skipped). */
    note?: string;
}

const spaceSizeInfo: Check = shape({
    name: str,
    range,
    nameRange: range,
    exact: opt(str),
    log10: nullable(num),
    label: str,
    error: opt(str),
    kind: opt(str),
    unique: opt(str),
    uniqueLabel: opt(str),
    estimated: opt(bool),
    note: opt(str),
});
export const SpaceSizeInfo = validator<SpaceSizeInfo>(spaceSizeInfo, 'result');
/** The answer of `SpaceSizeAtRequest`: a size, or `null` outside every space. */
export const SpaceSizeAtResult = validator<SpaceSizeInfo | null>(nullable(spaceSizeInfo), 'result');

export interface SpaceSizesParams {
    textDocument: TextDocumentIdentifier;
}
export const SpaceSizesParams = validator<SpaceSizesParams>(shape({ textDocument }), 'params');

export interface SpaceSizesResult {
    /** Every space of the document, in source order. */
    spaces: SpaceSizeInfo[];
}
export const SpaceSizesResult = validator<SpaceSizesResult>(shape({ spaces: arrayOf(spaceSizeInfo) }), 'result');

/** Sizes of every space in a document. */
export const SpaceSizesRequest = new RequestType<SpaceSizesParams, SpaceSizesResult, void>('lissnas/spaceSizes');

export interface SpaceSizeAtParams {
    textDocument: TextDocumentIdentifier;
    position: Position;
}
export const SpaceSizeAtParams = validator<SpaceSizeAtParams>(shape({ textDocument, position }), 'params');

/** The size of the space whose declaration contains the position; `null` outside every space. */
export const SpaceSizeAtRequest = new RequestType<SpaceSizeAtParams, SpaceSizeInfo | null, void>('lissnas/spaceSizeAt');

// ---------------------------------------------------------------- declarations

/** A runnable or sizable declaration of a document, for the run commands' pickers (the client imports no dsl/). */
export interface DeclarationInfo {
    kind: 'space' | 'policy' | 'search';
    name: string;
    /** The whole declaration. */
    range: Range;
    /** The name token. */
    nameRange: Range;
    /** What it is, in words: `lissnas(NB201)`, `evolution(Lissnas)`, `space`. */
    detail: string;
    /**
     * A policy's or search's algorithm as written (`lissnas`, `local`, `evolution`, ...) and the name of what it
     * runs on (a space, or for a search inside a shrunk space the policy); absent for spaces and for declarations
     * the parser recovered without them. Optional so that an older server still validates.
     */
    algorithm?: string;
    target?: string;
    /**
     * Names of the `command` evaluators the declaration reaches through its references (its own `evaluate`,
     * a `match`ed policy's, the policy a search runs in, ...), in source order: running it starts programs
     * from the workspace, which an untrusted workspace must not do. Empty for table-only declarations.
     */
    commandEvaluators: string[];
}
const declarationInfo: Check = shape({
    kind: oneOf('space', 'policy', 'search'),
    name: str,
    range,
    nameRange: range,
    detail: str,
    algorithm: opt(str),
    target: opt(str),
    commandEvaluators: arrayOf(str),
});

export interface DeclarationsParams {
    textDocument: TextDocumentIdentifier;
}
export const DeclarationsParams = validator<DeclarationsParams>(shape({ textDocument }), 'params');

export interface DeclarationsResult {
    /** Spaces, policies and searches of the document (not of its imports), in source order. */
    declarations: DeclarationInfo[];
}
export const DeclarationsResult = validator<DeclarationsResult>(shape({ declarations: arrayOf(declarationInfo) }), 'result');

/** The spaces, policies and searches a document declares, with the command evaluators each would run. */
export const DeclarationsRequest = new RequestType<DeclarationsParams, DeclarationsResult, void>('lissnas/declarations');

// ---------------------------------------------------------------- server status

export interface ServerStatusParams {
    /** `ok` normally; `error` after the server caught an exception it kept running through. */
    health: 'ok' | 'error';
    message?: string;
}
export const ServerStatusParams = validator<ServerStatusParams>(shape({ health: oneOf('ok', 'error'), message: opt(str) }), 'params');

/** Server → client: the server caught an unexpected exception and kept serving (shown in the status bar tooltip). */
export const ServerStatusNotification = new NotificationType<ServerStatusParams>('lissnas/serverStatus');
