/**
 * Runtime checks of decoded messages. A message crossing a process boundary is `unknown` until checked:
 * TypeScript types vanish at the wire, and a peer of another version (an old CLI, a newer server) can send
 * anything. Each check answers the first problem it finds, located by a path (`params.position.line`), or
 * undefined when the value is well formed. Problems name the expected shape and the kind of value found,
 * never the value itself (a 100 KB string must not be echoed back into a log or a status bar).
 *
 * Extra fields are allowed everywhere (forward compatibility: adding an optional field is not a breaking change).
 */

/** The first problem of `value` (at `path`), or undefined when it is well formed. */
export type Check = (value: unknown, path: string) => string | undefined;

/** What kind of value was found, in words, without echoing it. */
function kindOf(value: unknown): string {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'an array';
    if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Number.isInteger(value) ? 'an integer' : 'a number';
    if (typeof value === 'object') return 'an object';
    return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

function expect(ok: (value: unknown) => boolean, what: string): Check {
    return (value, path) => (ok(value) ? undefined : `${path}: expected ${what}, got ${kindOf(value)}`);
}

export const str: Check = expect((v) => typeof v === 'string', 'a string');
export const num: Check = expect((v) => typeof v === 'number' && !Number.isNaN(v), 'a number');
export const int: Check = expect((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0, 'a non-negative integer');
export const positiveInt: Check = expect((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, 'an integer >= 1');
export const bool: Check = expect((v) => typeof v === 'boolean', 'true or false');

/** An optional field: absent (undefined) or well formed. */
export const opt = (check: Check): Check => (value, path) => (value === undefined ? undefined : check(value, path));

/** `null` or well formed. */
export const nullable = (check: Check): Check => (value, path) => (value === null ? undefined : check(value, path));

export const oneOf = (...values: string[]): Check => expect((v) => typeof v === 'string' && values.includes(v), `one of ${values.join(', ')}`);

export const arrayOf = (check: Check): Check => (value, path) => {
    if (!Array.isArray(value)) return `${path}: expected an array, got ${kindOf(value)}`;
    for (let i = 0; i < value.length; i++) {
        const problem = check(value[i], `${path}[${i}]`);
        if (problem) return problem;
    }
    return undefined;
};

/** An array with at least one element, each passing `check`. */
export const nonEmptyArrayOf = (check: Check): Check => (value, path) =>
    Array.isArray(value) && value.length === 0 ? `${path}: expected a non-empty array, got an empty one` : arrayOf(check)(value, path);

/** A plain object whose listed fields pass their checks. */
export const shape = (fields: Record<string, Check>): Check => (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object, got ${kindOf(value)}`;
    for (const [key, check] of Object.entries(fields)) {
        const problem = check((value as Record<string, unknown>)[key], `${path}.${key}`);
        if (problem) return problem;
    }
    return undefined;
};

/** An object whose every value passes `check` (a metric table: `{ meanReport: 92.1, ... }`). */
export const recordOf = (check: Check): Check => (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object, got ${kindOf(value)}`;
    for (const [key, v] of Object.entries(value)) {
        const problem = check(v, `${path}.${key}`);
        if (problem) return problem;
    }
    return undefined;
};

/** A message type's runtime validator: `is` narrows, `problem` says what is wrong (for an error reply or a log line). */
export interface Validator<T> {
    is(value: unknown): value is T;
    problem(value: unknown): string | undefined;
}

/** The validator of `T` from its check; `root` names the value in problems (`params`, `result`). */
export function validator<T>(check: Check, root: string): Validator<T> {
    return {
        is: (value): value is T => check(value, root) === undefined,
        problem: (value) => check(value, root),
    };
}
