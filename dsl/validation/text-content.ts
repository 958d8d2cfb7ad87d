/**
 * Whole-file checks that come before (or instead of) the language's own: a file that is not UTF-8 text gets
 * ONE error instead of one per stray byte (200 KB of random bytes gave 36,107 lexer and parser errors, with raw
 * control bytes in their messages); a file that declares nothing gets a warning; no file reports more than
 * MAX_DIAGNOSTICS diagnostics, the rest summed up in one more. The CLI (dsl/load.ts) and the language server both
 * validate through NasDocumentValidator, which calls these.
 */
import type { Diagnostic } from 'vscode-languageserver';

/** Most diagnostics of one file; one summary diagnostic follows when there are more. */
export const MAX_DIAGNOSTICS = 100;

export const NOT_TEXT_CODE = 'not-text';
export const EMPTY_FILE_CODE = 'empty-file';
export const TOO_MANY_CODE = 'too-many-diagnostics';

/**
 * The first character showing that `text` is not UTF-8 text, or undefined: U+FFFD (what a decoder makes of a
 * byte sequence that is not UTF-8), NUL, or another control character (C0, DEL, C1) than tab, line feed, form
 * feed and carriage return. Described by code point, never echoed raw.
 */
export function firstNonText(text: string): { offset: number; what: string } | undefined {
    // eslint-disable-next-line no-control-regex
    const match = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFFFD]/.exec(text);
    if (!match) return undefined;
    const code = match[0].codePointAt(0)!;
    const what = code === 0xfffd ? 'a byte sequence that is not UTF-8' : code === 0 ? 'a NUL byte' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return { offset: match.index, what };
}

export function notTextDiagnostic(text: string, found: { offset: number; what: string }): Diagnostic {
    const before = text.slice(0, found.offset);
    const line = before.split('\n').length - 1;
    const character = found.offset - (before.lastIndexOf('\n') + 1);
    return {
        severity: 1,
        range: { start: { line, character }, end: { line, character: character + 1 } },
        message: `this is not a UTF-8 text file (${found.what} at line ${line + 1}, column ${character + 1}); a .nas file is UTF-8 text: is it the right file? (other checks skipped)`,
        data: { code: NOT_TEXT_CODE },
        source: 'nas',
    };
}

export function emptyFileDiagnostic(): Diagnostic {
    return {
        severity: 2,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: 'this file declares nothing (no import, space, evaluator, policy or search); is it the right file?',
        data: { code: EMPTY_FILE_CODE },
        source: 'nas',
    };
}

/** The first MAX_DIAGNOSTICS diagnostics in document order, then one summing up the rest (counted by severity). */
export function capDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
    if (diagnostics.length <= MAX_DIAGNOSTICS) return diagnostics;
    const sorted = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    const kept = sorted.slice(0, MAX_DIAGNOSTICS);
    const rest = sorted.slice(MAX_DIAGNOSTICS);
    const errors = rest.filter((d) => (d.severity ?? 1) === 1).length;
    const at = rest[0].range.start;
    kept.push({
        severity: errors > 0 ? 1 : 2,
        range: { start: at, end: at },
        message: `... and ${rest.length} more (${errors} error(s), ${rest.length - errors} other); fix the ones above first`,
        data: { code: TOO_MANY_CODE, omitted: rest.length, omittedErrors: errors },
        source: 'nas',
    });
    return kept;
}
