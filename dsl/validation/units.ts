/**
 * Numbers with units. `K`, `M`, `G` scale counts (thousand, million, billion); `ms`, `s`, `m`, `h` are
 * times (`m` is minutes, never millions); `%` is a percentage. Each reader returns the value in base units
 * or a sentence saying what is wrong, phrased for the common slips (`params <= 30m`, `timeout 30M`).
 */
import { clip } from '../messages.js';
import * as ast from '../generated/ast.js';
import { parseQuantity } from '../compile.js';

import { COUNT_MIN, COUNT_SCALE, countProblem } from '../../engine/count.js';

/** K, M, G: shared with the command line's counts (engine/count.ts). */
export { COUNT_SCALE };
export const SECONDS_PER: Readonly<Record<string, number>> = { ms: 1e-3, s: 1, m: 60, h: 3600 };

const COUNT_NAMES: Readonly<Record<string, string>> = { K: 'thousand', M: 'million', G: 'billion' };
const TIME_NAMES: Readonly<Record<string, string>> = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours' };

/** The written text of a value, for messages. */
export function textOf(value: ast.Value): string {
    return clip(value.$cstNode?.text ?? '?');
}

/**
 * A count (`100`, `100M`, `1.5G`) in base units. `what` names the quantity for messages (`flops`, `sample`).
 * Fractions are allowed here (`1.0M`); callers that need whole numbers check `Number.isInteger`.
 */
export function countOf(value: ast.Value, what: string): number | string {
    if (ast.isNumberValue(value)) return value.value;
    if (ast.isQuantityValue(value)) {
        const quantity = parseQuantity(value.value);
        if (!quantity) return `'${value.value}' is not a number`;
        if (quantity.unit in COUNT_SCALE) return quantity.value * COUNT_SCALE[quantity.unit];
        if (quantity.unit === '%') return `'${value.value}' is a percentage: ${what} needs a count (a number, optionally with K, M or G)`;
        const millions = quantity.unit === 'm' ? ` (for millions write ${quantity.value}M)` : '';
        return `'${value.value}' is a time in ${TIME_NAMES[quantity.unit]}: ${what} is a count; use K, M or G${millions}`;
    }
    return `${what} needs a number, not '${textOf(value)}'`;
}

/** A duration in seconds: `30m`, `2h`, `500ms`, `45s`, or a plain number of seconds. */
export function durationOf(value: ast.Value, what: string): number | string {
    if (ast.isNumberValue(value)) return value.value;
    if (ast.isQuantityValue(value)) {
        const quantity = parseQuantity(value.value);
        if (!quantity) return `'${value.value}' is not a number`;
        if (quantity.unit in SECONDS_PER) return quantity.value * SECONDS_PER[quantity.unit];
        if (quantity.unit === '%') return `'${value.value}' is a percentage: ${what} needs a duration (ms, s, m or h)`;
        const minutes = quantity.unit === 'M' ? `; for ${quantity.value} minutes write ${quantity.value}m` : '';
        return `'${value.value}' is a count (${quantity.unit} = ${COUNT_NAMES[quantity.unit]}): ${what} needs a duration in ms, s, m (minutes) or h${minutes}`;
    }
    return `${what} needs a duration such as 30m, not '${textOf(value)}'`;
}

/** A percentage (`5%`) as a number of percent, or undefined when the value is not one. */
export function percentOf(value: ast.Value): number | undefined {
    if (!ast.isQuantityValue(value)) return undefined;
    const quantity = parseQuantity(value.value);
    return quantity?.unit === '%' ? quantity.value : undefined;
}

/** A whole count >= `min`, or a message. */
export function wholeCountOf(value: ast.Value, what: string, min = COUNT_MIN): number | string {
    const count = countOf(value, what);
    if (typeof count === 'string') return count;
    return countProblem(count, what, textOf(value), min) ?? count;
}
