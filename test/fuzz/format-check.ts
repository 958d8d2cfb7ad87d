/**
 * The formatting property, checked on one document: formatting never changes meaning. Shared by
 * test/fuzz/formatting.test.ts (thousands of documents) and bench/formatFuzz.ts (more, timed, with memory).
 *
 * - on a document with syntax errors, full and range formatting decline (no edits);
 * - otherwise every edit is a valid range of the document, edits do not overlap, and applying them leaves the
 *   same tokens and comments (the text is equal to the original modulo whitespace, and no token is glued or split);
 * - full formatting is idempotent: formatting its result changes nothing;
 * - range edits lie inside the requested range, and formatting the range-formatted text fully gives the same
 *   text as formatting the original fully (range formatting is full formatting restricted to the range).
 */
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NasServices } from '../../dsl/nas-module.js';
import type { Rng } from '../../engine/rng.js';
import { rangeProblem } from './driver.js';
import { tokensOf } from './mutate.js';

const OPTIONS = { tabSize: 2, insertSpaces: true };
const WHITESPACE = [' ', ' ', '  ', '\n', '\n', '\n\n', '\n\n\n', '\t', ' \n    ', '\n  ', '\r\n', '   \n\t '];

/** `text` with every whitespace run replaced by a random one, and random whitespace added between tokens. */
export function scrambleWhitespace(rng: Rng, text: string): string {
    return tokensOf(text).map((token) => {
        if (token.trim() === '') return rng.pick(WHITESPACE);
        return rng.next() < 0.15 ? token + rng.pick(WHITESPACE) : token;
    }).join('');
}

let counter = 0;

export interface FormatCheck {
    problems: string[];
    /** Whether the document parsed (so the formatter had to format rather than decline). */
    formatted: boolean;
    edits: number;
    /** Slowest single formatter call on this document, in ms. */
    slowestMs: number;
}

export async function checkFormatting(services: NasServices, text: string, rng: Rng): Promise<FormatCheck> {
    const formatter = services.lsp.Formatter!;
    const lexer = services.parser.Lexer;
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const open = (content: string): LangiumDocument => factory.fromString(content, URI.parse(`file:///format-fuzz/doc-${counter++}.nas`));
    const tokens = (content: string) => {
        const result = lexer.tokenize(content);
        return [...result.tokens, ...result.hidden].sort((a, b) => a.startOffset - b.startOffset).map((t) => `${t.tokenType.name}:${t.image}`).join('\u0000');
    };
    const check: FormatCheck = { problems: [], formatted: false, edits: 0, slowestMs: 0 };
    const timed = async <T>(work: () => T | Promise<T>): Promise<T> => {
        const start = performance.now();
        const result = await work();
        check.slowestMs = Math.max(check.slowestMs, performance.now() - start);
        return result;
    };

    const document = open(text);
    const textDocument = { uri: document.uri.toString() };
    const broken = document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0;
    const full = await timed(() => formatter.formatDocument(document, { textDocument, options: OPTIONS }));
    const range = randomRange(rng, document);
    const partial = await timed(() => formatter.formatDocumentRange(document, { textDocument, range, options: OPTIONS }));
    check.edits = full.length + partial.length;
    if (broken) {
        if (full.length > 0) check.problems.push(`full formatting of a document with syntax errors gave ${full.length} edits`);
        if (partial.length > 0) check.problems.push(`range formatting of a document with syntax errors gave ${partial.length} edits`);
        return check;
    }
    check.formatted = true;
    const original = tokens(text);

    const afterFull = applied(document, full, check.problems, 'full');
    if (afterFull === undefined) return check;
    if (tokens(afterFull) !== original) check.problems.push(`full formatting changed the tokens: ${diffAt(text, afterFull)}`);
    const again = open(afterFull);
    const second = await timed(() => formatter.formatDocument(again, { textDocument: { uri: again.uri.toString() }, options: OPTIONS }));
    if (second.length > 0) check.problems.push(`full formatting is not idempotent: ${diffAt(afterFull, applied(again, second, [], 'second') ?? afterFull)}`);

    const afterRange = applied(document, partial, check.problems, 'range');
    if (afterRange === undefined) return check;
    for (const edit of partial) {
        if (before(edit.range.start, range.start) || before(range.end, edit.range.end)) {
            check.problems.push(`range edit ${JSON.stringify(edit.range)} outside the requested range ${JSON.stringify(range)}`);
        }
    }
    if (tokens(afterRange) !== original) check.problems.push(`range formatting changed the tokens: ${diffAt(text, afterRange)}`);
    const ranged = open(afterRange);
    const fullOfRanged = await timed(() => formatter.formatDocument(ranged, { textDocument: { uri: ranged.uri.toString() }, options: OPTIONS }));
    const canonical = applied(ranged, fullOfRanged, [], 'full of ranged') ?? afterRange;
    if (canonical !== afterFull) check.problems.push(`full formatting after range formatting differs from full formatting: ${diffAt(afterFull, canonical)}`);
    return check;
}

/** A random range: whole lines half of the time (what editors send for a selection of lines), else any offsets. */
function randomRange(rng: Rng, document: LangiumDocument): Range {
    const text = document.textDocument;
    const length = text.getText().length;
    let a = rng.int(length + 1);
    let b = rng.int(length + 1);
    if (a > b) [a, b] = [b, a];
    if (rng.next() < 0.5) {
        const start = text.positionAt(a);
        const end = text.positionAt(b);
        return { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } };
    }
    return { start: text.positionAt(a), end: text.positionAt(b) };
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
    return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The text after `edits`, or undefined (with a problem) when an edit is invalid or edits overlap. */
function applied(document: LangiumDocument, edits: TextEdit[], problems: string[], what: string): string | undefined {
    const text = document.textDocument.getText();
    const lengths = text.split(/\r\n|\r|\n/).map((line) => line.length);
    const offsets: Array<[number, number]> = [];
    for (const edit of edits) {
        const problem = rangeProblem(lengths, edit.range);
        if (problem) {
            problems.push(`${what} edit invalid: ${problem}`);
            return undefined;
        }
        offsets.push([document.textDocument.offsetAt(edit.range.start), document.textDocument.offsetAt(edit.range.end)]);
    }
    offsets.sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < offsets.length; i++) {
        if (offsets[i][0] < offsets[i - 1][1]) {
            problems.push(`${what} edits overlap: ${offsets[i - 1]} and ${offsets[i]}`);
            return undefined;
        }
    }
    return TextDocument.applyEdits(TextDocument.create('', 'nas', 0, text), edits);
}

/** Where two texts first differ, for a readable failure. */
function diffAt(a: string, b: string): string {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return `at offset ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 20), i + 30))} vs ${JSON.stringify(b.slice(Math.max(0, i - 20), i + 30))}`;
}
