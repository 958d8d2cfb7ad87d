/**
 * A limit on bracket nesting, checked before parsing. Langium's parser descends one JavaScript call chain per
 * nesting level: about 175 nested `(` in a `when` condition, 250 nested `[` or 200 nested calls overflowed
 * the stack, the exception escaped the build, and the language server stopped answering for every document.
 * Nothing real nests deeper than a handful of levels, so beyond `MAX_NESTING` the too-deep bracket and
 * everything up to its matching close are blanked (spaces, newlines kept, so every other position stays
 * exact) and one located syntax error says why; the rest of the document parses and validates as usual.
 */

/** Deepest nesting of `(`, `[` and `{` together that a document may use. */
export const MAX_NESTING = 32;

export interface TooDeep {
    /** Offset of the first bracket past the limit, and of the end of what it encloses (exclusive). */
    start: number;
    end: number;
    /** The text with [start, end) blanked. */
    blanked: string;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/**
 * Scans `text` (skipping strings and comments as the lexer does) for a bracket nested deeper than `max`.
 * Linear and allocation-free on the usual path: it only builds a string when the limit is crossed.
 */
export function findTooDeep(text: string, max = MAX_NESTING): TooDeep | undefined {
    let depth = 0;
    let start = -1;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"' || c === "'") {
            // A string ends at its quote or at the line's end (the lexer's STRING does not span lines).
            for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
        } else if (c === '/' && text[i + 1] === '/') {
            while (i < text.length && text[i] !== '\n') i++;
        } else if (c === '/' && text[i + 1] === '*') {
            const close = text.indexOf('*/', i + 2);
            i = close < 0 ? text.length : close + 1;
        } else if (OPEN.has(c)) {
            depth++;
            if (depth > max && start < 0) start = i;
        } else if (CLOSE.has(c) && depth > 0) {
            depth--;
            if (start >= 0 && depth === max) return blank(text, start, i + 1);
        }
    }
    return start >= 0 ? blank(text, start, text.length) : undefined;
}

function blank(text: string, start: number, end: number): TooDeep {
    const middle = text.slice(start, end).replace(/[^\r\n]/g, ' ');
    return { start, end, blanked: text.slice(0, start) + middle + text.slice(end) };
}

export function nestingMessage(max = MAX_NESTING): string {
    return `brackets nested deeper than ${max} levels: this part was not read; flatten it (split the condition or list)`;
}
