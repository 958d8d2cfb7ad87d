/**
 * What a count is, in the language and on the command line alike (docs/language.md, docs/cli.md): a whole
 * number >= 1, optionally scaled by K, M or G (`budget 300`, `budget 10K`, `--budget 1.5K`). `budget 0` is an
 * error in a .nas file, so `--budget 0` is one on the command line: the DSL's validator and the CLI's argument
 * parser both read this file.
 */

/** K, M, G: thousand, million, billion (never minutes: those are durations). */
export const COUNT_SCALE: Readonly<Record<string, number>> = { K: 1e3, M: 1e6, G: 1e9 };

/** The smallest count. Seeds are the exception (whole numbers >= 0), and say so with `min = 0`. */
export const COUNT_MIN = 1;

/** Why `value` (written `written`) is not a count >= `min`, or undefined when it is one. */
export function countProblem(value: number, what: string, written: string, min = COUNT_MIN): string | undefined {
    if (!Number.isInteger(value) || value < min) return `${what} must be a whole number >= ${min}, not ${written}`;
    if (!Number.isSafeInteger(value)) return `${what} is too large: ${written}`;
    return undefined;
}

/**
 * A count written as text, in the language's number syntax (`300`, `10K`, `1.5M`, `1e3`), or a sentence saying
 * what is wrong.
 */
export function parseCount(text: string, what: string, min = COUNT_MIN): number | string {
    const match = /^(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)([KMG])?$/.exec(text.trim());
    if (!match) return `${what} must be a whole number >= ${min} (K, M or G allowed: 10K), not '${text}'`;
    const value = Number(match[1]) * (match[2] ? COUNT_SCALE[match[2]] : 1);
    return countProblem(value, what, `'${text}'`, min) ?? value;
}
