/**
 * The last guard on every message shown to a user (diagnostics, hover errors, size errors): echoed input is
 * clipped and internal values never leak. Before it, a 100 KB token produced 100 KB diagnostics and a bug
 * surfaced as "Cannot read properties of undefined (reading 'push')". The sources of such messages are fixed
 * where they are found; this catches the ones nobody has found yet.
 */

/** Longest run of echoed input (a word, a quoted value) a message keeps. */
export const ECHO_LIMIT = 60;
/** Most lines of a message (a list of expected tokens). */
export const LINE_LIMIT = 10;
/** Longest message. */
export const MESSAGE_LIMIT = 1_000;

/** `text` cut to `max` characters with `…` when longer. */
export function clip(text: string, max = ECHO_LIMIT): string {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** JavaScript's own error texts: a bug, not something the user wrote. */
const INTERNAL = /Cannot read propert|is not a function|is not iterable|undefined is not|Maximum call stack|of undefined|of null\b/;

/** JavaScript's values that mean a bug upstream (`NaN` in backticks quotes a user's value, a CSV cell). */
const INTERNAL_VALUE = /(?<!`)\b(?:undefined|NaN)\b(?!`)|\bInfinity\b|\[object Object\]/;

export type LeakReporter = (message: string) => void;
let reporter: LeakReporter = () => undefined;

/**
 * Who hears of a message that needed an internal value or error replaced: the source is a bug to fix, which
 * the replacement hides from the user. The server logs it to the client's output channel; the fuzz tests
 * (test/fuzz/driver.ts) count it as a failure. Returns the previous reporter.
 */
export function setLeakReporter(next: LeakReporter): LeakReporter {
    const previous = reporter;
    reporter = next;
    return previous;
}

function leaked(message: string): void {
    try {
        reporter(clip(message, MESSAGE_LIMIT));
    } catch {
        // Reporting must never cost the message itself.
    }
}

/**
 * `message` with every run of non-blank characters longer than ECHO_LIMIT clipped (runs of blanks are
 * squeezed), whole-word `undefined`/`NaN` and `[object Object]` replaced by `?`, `Infinity` by `a number too large to represent`,
 * internal JavaScript errors replaced by a sentence saying what to do, and the result at most MESSAGE_LIMIT.
 */
export function sanitizeMessage(message: string): string {
    if (INTERNAL.test(message)) {
        leaked(message);
        return 'internal error in lissnas (not a problem of this document); please report it with the document';
    }
    let text = message.replace(/[ \t]{4,}/g, '   ').replace(/\S{61,}/g, (run) => clip(run));
    if (INTERNAL_VALUE.test(text)) leaked(message);
    text = text
        .replace(/(?<!`)\b(?:undefined|NaN)\b(?!`)/g, '?') // `NaN` in backticks quotes a user's value (a CSV cell)
        .replace(/-Infinity\b/g, 'a negative number too large to represent')
        .replace(/\bInfinity\b/g, 'a number too large to represent')
        .replace(/\[object Object\]/g, '?');
    // The parser lists every token it could accept (44 of them where a name is expected): keep the first ones.
    const lines = text.split('\n');
    if (lines.length > LINE_LIMIT + 2) {
        // Its last line says what was found instead: keep it.
        const omitted = lines.length - LINE_LIMIT - 1;
        text = [...lines.slice(0, LINE_LIMIT), `  … ${omitted} more`, lines[lines.length - 1]].join('\n');
    }
    if (text.length > MESSAGE_LIMIT) text = clip(text, MESSAGE_LIMIT);
    return text;
}
