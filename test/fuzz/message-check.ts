/**
 * What a message shown to the user (a diagnostic, a hover) must never carry (issue 7, "Internal text reaches
 * the user"): JavaScript's values (`undefined`, `NaN`, `Infinity`, `[object Object]`), its error texts, the
 * sanitiser's own "internal error" stand-in, or more than dsl/messages.ts's MESSAGE_LIMIT characters.
 * `undefined`, `NaN` and `Infinity` count as words only: `NaNs` or `is_undefined` is a user's identifier, and
 * so is the bare word when the document itself contains it (a mutant may name a space `undefined`); a word in
 * backticks quotes a user's value (a CSV cell `NaN`), as in the sanitiser.
 */
import { MESSAGE_LIMIT } from '../../dsl/messages.js';

const JS_VALUE = /(?<![`\w])(undefined|NaN|-?Infinity)(?![`\w])/g;
const OBJECT = /\[object \w+\]/;
const JS_ERROR = /Cannot read propert|is not a function|is not iterable|is not a constructor|undefined is not|Maximum call stack|internal error in lissnas/;

/** The words of `text` (identifiers, as the lexer sees them roughly), to tell a user's word from a leaked value. */
export function wordsOf(text: string): Set<string> {
    return new Set(text.match(/[A-Za-z_][\w]*/g) ?? []);
}

/** Why `message` must not reach the user, or undefined when it may. `limit`: the longest it may be. */
export function messageProblem(message: string, documentWords: Set<string>, limit = MESSAGE_LIMIT): string | undefined {
    if (OBJECT.test(message)) return 'shows an object as [object ...]';
    const error = JS_ERROR.exec(message);
    if (error) return `shows JavaScript's error text '${error[0]}'`;
    for (const [, word] of message.matchAll(JS_VALUE)) {
        if (!documentWords.has(word.replace(/^-/, ''))) return `shows the JavaScript value '${word}'`;
    }
    if (message.length > limit) return `is ${message.length} characters long (limit ${limit})`;
    return undefined;
}
