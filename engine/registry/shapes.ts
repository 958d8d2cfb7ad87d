/**
 * Value shapes of settings: how the values after a key are read, what the user is told when they do not fit,
 * and sample values (valid and invalid, as written in a .nas file) from which the agreement test builds documents.
 * The engine's readers and the editor's validation both read settings through these shapes, so they cannot
 * disagree on what a value means or whether it is allowed.
 */
import { overLimit } from '../limits.js';
import type { SettingValue } from '../spec.js';
import { didYouMean } from './closest-name.js';

export type ShapeResult<T> = { ok: true; value: T } | { ok: false; message: string; /** The offending value's position among the setting's values. */ index?: number };

export interface Shape<T = unknown> {
    /** What kind of shape (`count`, `duration`, `stop`, ...): completion offers values by it. */
    readonly name: string;
    /** The value as the user writes it, for messages, completion and hover (`top <count>|<percent>`). */
    readonly syntax: string;
    /** Words offered by completion (word-valued shapes). */
    readonly words?: readonly string[];
    /** Inclusive bounds of a number, for documentation and for the tests that generate values. */
    readonly min?: number;
    readonly max?: number;
    read(values: readonly SettingValue[], key: string): ShapeResult<T>;
    /** Values as written after the key in a .nas file: what must be accepted and what must be refused. */
    readonly samples: { valid: readonly string[]; invalid: readonly string[] };
}

export const COUNT_SCALE: Readonly<Record<string, number>> = { K: 1e3, M: 1e6, G: 1e9 };
export const SECONDS_PER: Readonly<Record<string, number>> = { ms: 1e-3, s: 1, m: 60, h: 3600 };
const COUNT_NAMES: Readonly<Record<string, string>> = { K: 'thousand', M: 'million', G: 'billion' };
const TIME_NAMES: Readonly<Record<string, string>> = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours' };

const ok = <T>(value: T): ShapeResult<T> => ({ ok: true, value });
const fail = <T>(message: string, index?: number): ShapeResult<T> => ({ ok: false, message, index });

/** The word or string a value holds, or undefined. */
export function wordOf(v: SettingValue | undefined): string | undefined {
    return v?.kind === 'word' || v?.kind === 'string' ? v.value : undefined;
}

/** A value written back as in the source, for messages (long values are cut: messages never echo a whole file). */
export function formatSettingValue(v: SettingValue): string {
    const text = formatFull(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function formatFull(v: SettingValue): string {
    switch (v.kind) {
        case 'number':
            return String(v.value);
        case 'quantity':
            return `${v.value}${v.unit}`;
        case 'string':
            return JSON.stringify(v.value);
        case 'boolean':
            return String(v.value);
        case 'word':
            return v.value;
        case 'list':
            return `[${v.items.map(formatFull).join(', ')}]`;
        case 'call':
            return `${v.name}(${v.args.map((a) => (a.name ? `${a.name}: ` : '') + formatFull(a.value)).join(', ')})`;
    }
}

/** A count (`100`, `10K`) in base units, or a sentence for the common slips (`30m` is minutes, `5%` a share). */
export function countValue(v: SettingValue, what: string): number | string {
    if (v.kind === 'number') return v.value;
    if (v.kind === 'quantity') {
        if (v.unit in COUNT_SCALE) return v.value * COUNT_SCALE[v.unit];
        if (v.unit === '%') return `'${formatSettingValue(v)}' is a percentage: ${what} needs a count (a number, optionally with K, M or G)`;
        const millions = v.unit === 'm' ? ` (for millions write ${v.value}M)` : '';
        return `'${formatSettingValue(v)}' is a time in ${TIME_NAMES[v.unit] ?? v.unit}: ${what} is a count; use K, M or G${millions}`;
    }
    return `${what} needs a number, not '${formatSettingValue(v)}'`;
}

/** A whole count within bounds, or a message. */
export function wholeCount(v: SettingValue, what: string, min: number, max?: number): number | string {
    const count = countValue(v, what);
    if (typeof count === 'string') return count;
    if (!Number.isInteger(count) || count < min) return `${what} must be a whole number >= ${min}, not ${formatSettingValue(v)}`;
    // Upper bounds are the limits of engine/limits.ts: the same words as every other limit error.
    if (max !== undefined && count > max) return overLimit(what, count, max)!;
    return count;
}

/** A duration in seconds: `30m`, `2h`, `500ms`, `45s`, or a plain number of seconds. */
export function durationValue(v: SettingValue, what: string): number | string {
    if (v.kind === 'number') return v.value;
    if (v.kind === 'quantity') {
        if (v.unit in SECONDS_PER) return v.value * SECONDS_PER[v.unit];
        if (v.unit === '%') return `'${formatSettingValue(v)}' is a percentage: ${what} needs a duration (ms, s, m or h)`;
        const minutes = v.unit === 'M' ? `; for ${v.value} minutes write ${v.value}m` : '';
        return `'${formatSettingValue(v)}' is a count (${v.unit} = ${COUNT_NAMES[v.unit] ?? v.unit}): ${what} needs a duration in ms, s, m (minutes) or h${minutes}`;
    }
    return `${what} needs a duration such as 30m, not '${formatSettingValue(v)}'`;
}

/** Exactly `n` values, or the message saying how many the key takes. */
function arity(values: readonly SettingValue[], n: number, key: string, syntax: string): ShapeResult<never> | undefined {
    const usage = syntax ? `\`${key} ${syntax}\`` : `\`${key}\``;
    if (values.length > n) return fail(`${key} takes ${n === 0 ? 'no value' : n === 1 ? 'one value' : `${n} values`}: ${usage}`, n);
    if (values.length < n) return fail(`${key} needs a value: ${usage}`);
    return undefined;
}

function withArity<T>(n: number, syntax: string, read: (values: readonly SettingValue[], key: string) => ShapeResult<T>) {
    return (values: readonly SettingValue[], key: string): ShapeResult<T> => arity(values, n, key, syntax) ?? read(values, key);
}

/** No value: `minimize`. */
export function flag(): Shape<boolean> {
    return { name: 'flag', syntax: '', read: withArity(0, '', () => ok(true)), samples: { valid: [''], invalid: ['1', 'true'] } };
}

/** A whole number within [min, max]; K/M/G suffixes allowed (`budget 10K`). */
export function count(bounds: { min?: number; max?: number } = {}): Shape<number> {
    const min = bounds.min ?? 1;
    const max = bounds.max;
    const syntax = min === 0 ? '<integer>' : '<count>';
    return {
        name: min === 0 ? 'integer' : 'count',
        syntax,
        min,
        max,
        read: withArity(1, syntax, (values, key) => {
            const result = wholeCount(values[0], key, min, max);
            return typeof result === 'string' ? fail(result, 0) : ok(result);
        }),
        samples: {
            valid: [String(min), String(min + 2), ...(max === undefined ? ['2K'] : [String(max)])],
            invalid: [String(min - 1), `${min + 1}.5`, '5%', '30m', 'many', '', `${min + 1} ${min + 1}`, ...(max === undefined ? [] : [String(max + 1)])],
        },
    };
}

/** A plain number, optionally > `above` (exclusive lower bound). */
export function number(bounds: { above?: number; atLeast?: number } = {}): Shape<number> {
    const { above, atLeast } = bounds;
    return {
        name: 'number',
        syntax: '<number>',
        min: above ?? atLeast,
        read: withArity(1, '<number>', (values, key) => {
            const v = values[0];
            if (v.kind !== 'number') return fail(`${key} needs a plain number, not ${formatSettingValue(v)}`, 0);
            if (above !== undefined && !(v.value > above)) return fail(`${key} must be greater than ${above}, not ${v.value}`, 0);
            if (atLeast !== undefined && !(v.value >= atLeast)) return fail(`${key} must be at least ${atLeast}, not ${v.value}`, 0);
            return ok(v.value);
        }),
        samples: {
            valid: ['0.1', '1e-3', ...(atLeast === undefined ? [] : [String(atLeast)])],
            invalid: ['fast', '10%', '', ...(above === undefined ? [] : [String(above)]), ...(atLeast === undefined ? [] : [String(atLeast - 1)])],
        },
    };
}

/** A count or a percentage of something. */
export type CountOrPercent = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

/** `top 10%` of 200 → 20; at least 1 when the percentage is positive. */
export function resolveCount(c: CountOrPercent, total: number): number {
    if (c.kind === 'count') return c.value;
    return Math.max(c.value > 0 ? 1 : 0, Math.round((c.value / 100) * total));
}

function readCountOrPercent(v: SettingValue, what: string, index: number): ShapeResult<CountOrPercent> {
    if (v.kind === 'quantity' && v.unit === '%') {
        if (!(v.value > 0 && v.value <= 100)) return fail(`${what} ${formatSettingValue(v)} is outside (0%, 100%]`, index);
        return ok({ kind: 'percent', value: v.value });
    }
    const count = wholeCount(v, what, 1);
    return typeof count === 'string' ? fail(count, index) : ok({ kind: 'count', value: count });
}

/** `500` or `5%` (a share in (0, 100]). */
export function countOrPercent(): Shape<CountOrPercent> {
    const syntax = '<count>|<percent>';
    return {
        name: 'count-or-percent',
        syntax,
        read: withArity(1, syntax, (values, key) => readCountOrPercent(values[0], key, 0)),
        samples: { valid: ['500', '5%', '100%'], invalid: ['0', '0%', '120%', '2.5', 'half', ''] },
    };
}

/**
 * A sample size: a fixed count, or a share of the space with bounds, `<percent> [min <count>] max <count>`.
 * The share is resolved once against the full space (see resolveSampleSize); `max` is required so that a huge or
 * continuous space cannot ask for an unbounded sample and the policy's query bound stays known from its settings.
 */
export type SampleSize = number | { percent: number; min: number; max: number };

/** `1% min 20 max 200` of a 15,625-member space: 156; of 10^20 members or a continuous space: 200. */
export function resolveSampleSize(size: SampleSize, spaceSize: bigint | 'continuous'): number {
    if (typeof size === 'number') return size;
    // Number() of a huge bigint is a huge float (or Infinity): the max bound then applies, as it should.
    const members = typeof spaceSize === 'bigint' ? Number(spaceSize) : Infinity;
    return Math.min(size.max, Math.max(size.min, Math.round((size.percent / 100) * members)));
}

/** `100`, or `1% max 200`, `1% min 20 max 200` (bounds in either order). */
export function sampleSize(): Shape<SampleSize> {
    const syntax = '<count>|<percent> [min <count>] max <count>';
    const takes = (key: string) => `${key} takes \`${syntax}\`, e.g. \`${key} 1% min 20 max 200\``;
    return {
        name: 'sample-size',
        syntax,
        read(values, key) {
            if (values.length === 0) return fail(`${key} needs a value: \`${key} ${syntax}\``);
            const first = values[0];
            if (!(first.kind === 'quantity' && first.unit === '%')) {
                if (values.length > 1) return fail(`${key} takes one count, or a percentage with bounds: \`${key} ${syntax}\``, 1);
                const n = wholeCount(first, key, 1);
                return typeof n === 'string' ? fail(n, 0) : ok(n);
            }
            if (!(first.value > 0 && first.value <= 100)) return fail(`${key} ${formatSettingValue(first)} is outside (0%, 100%]`, 0);
            const bounds: { min?: number; max?: number } = {};
            for (let i = 1; i < values.length; i += 2) {
                const bound = values[i].kind === 'word' ? wordOf(values[i]) : undefined;
                if (bound !== 'min' && bound !== 'max') return fail(takes(key), i);
                if (bounds[bound] !== undefined) return fail(`${key}: ${bound} is given twice`, i);
                if (values[i + 1] === undefined) return fail(`${key} needs a count after ${bound}: \`${key} ${syntax}\``, i);
                const n = wholeCount(values[i + 1], `${key} ${bound}`, 1);
                if (typeof n === 'string') return fail(n, i + 1);
                bounds[bound] = n;
            }
            if (bounds.max === undefined) {
                return fail(`${key} ${formatSettingValue(first)} needs an upper bound, \`max <count>\`: a share of a huge or continuous space is unbounded (e.g. \`${key} ${formatSettingValue(first)} min 20 max 200\`)`, 0);
            }
            const min = bounds.min ?? 1;
            if (min > bounds.max) return fail(`${key}: min ${min} is above max ${bounds.max}`, values.findIndex((v) => wordOf(v) === 'min'));
            return ok({ percent: first.value, min, max: bounds.max });
        },
        samples: {
            valid: ['100', '2K', '1% max 200', '1% min 20 max 200', '0.5% max 50 min 10'],
            invalid: ['0', '2.5', '1%', '1% min 20', '0% max 10', '120% max 10', '1% max 0', '1% min 30 max 20', '1% max 10 max 20', '1% at_most 20', '1% max', '100 200', ''],
        },
    };
}

/** A positive duration in seconds: `500ms`, `30s`, `10m` (minutes), `2h`, or a plain number of seconds. */
export function duration(): Shape<number> {
    return {
        name: 'duration',
        syntax: '<duration>',
        read: withArity(1, '<duration>', (values, key) => {
            const seconds = durationValue(values[0], key);
            if (typeof seconds === 'string') return fail(seconds, 0);
            if (!(seconds > 0)) return fail(`${key} must be positive`, 0);
            return ok(seconds);
        }),
        samples: { valid: ['500ms', '30s', '10m', '2h', '600'], invalid: ['0', '30M', '5%', 'soon', ''] },
    };
}

/** One of `words` (a name or a string). */
export function word<W extends string>(words: readonly W[]): Shape<W> {
    const syntax = words.join('|');
    return {
        name: 'word',
        syntax,
        words,
        read: withArity(1, syntax, (values, key) => {
            const w = wordOf(values[0]);
            if (w === undefined || !(words as readonly string[]).includes(w)) {
                return fail(`${key} expects ${words.join(' or ')}, not ${formatSettingValue(values[0])}${w ? didYouMean(w, words) : ''}`, 0);
            }
            return ok(w as W);
        }),
        samples: { valid: [...words], invalid: ['nothing_like_it', '3', ''] },
    };
}

/** A name or a string (a column of the evaluator's table, a reference). */
export function name(what = '<column>'): Shape<string> {
    return {
        name: 'name',
        syntax: what,
        read: withArity(1, what, (values, key) => {
            const w = wordOf(values[0]);
            return w === undefined ? fail(`${key} needs a name or a string: \`${key} ${what}\``, 0) : ok(w);
        }),
        samples: { valid: ['acc', '"acc"'], invalid: ['3', '', 'a b'] },
    };
}

export const KEY_FORMATS = ['nb201', 'digits'] as const;
export type KeyFormat = (typeof KEY_FORMATS)[number];

/** `<column> as nb201|digits`. */
export function keyColumn(): Shape<{ column: string; format: KeyFormat }> {
    const syntax = '<column> as nb201|digits';
    const usage = `\`key ${syntax}\``;
    return {
        name: 'key-column',
        syntax,
        read(values) {
            if (values.length === 0) return fail(`key needs a column: ${usage}`);
            const column = wordOf(values[0]);
            if (column === undefined) return fail(`key needs a column name: ${usage}`, 0);
            if (values.length === 1) return fail('say how the key names architectures: `as nb201` or `as digits`', 0);
            if (wordOf(values[1]) !== 'as' || values[1].kind !== 'word') return fail('expected `as nb201` or `as digits` after the key column', 1);
            if (values.length < 3) return fail('say how the key names architectures: `as nb201` or `as digits`', 1);
            const format = values[2].kind === 'word' ? values[2].value : undefined;
            if (!format || !(KEY_FORMATS as readonly string[]).includes(format)) {
                return fail(`unknown key format ${formatSettingValue(values[2])}${format ? didYouMean(format, KEY_FORMATS) : ''}: expected nb201 (|op~0|+... strings) or digits (one op index per edge)`, 2);
            }
            if (values.length > 3) return fail(`key takes ${usage}`, 3);
            return ok({ column, format: format as KeyFormat });
        },
        samples: { valid: ['arch as nb201', 'arch as digits'], invalid: ['arch', 'arch as json', 'arch nb201', '', 'arch as nb201 x'] },
    };
}

/** Which of the sample become seeds: the best `top` of it, optionally at least `apart` from each other. */
export type SeedChoice = CountOrPercent & {
    /** Minimum structural distance between any two seeds (absent: no minimum, the plain top k). */
    apart?: number;
};

/** `top <count>` or `top <percent>` (of the sample), optionally `apart <count>` (minimum distance between seeds). */
export function seeds(): Shape<SeedChoice> {
    const syntax = 'top <count>|<percent> [apart <count>]';
    return {
        name: 'seeds',
        syntax,
        read(values, key) {
            if (values.length === 0) return fail(`${key} needs a value: \`${key} ${syntax}\``);
            if (values[0].kind !== 'word' || values[0].value !== 'top') {
                const hint = values.length === 1 && values[0].kind === 'number' ? ` (write \`${key} top ${values[0].value}\`)` : '';
                return fail(`${key} takes \`${syntax}\`: the best of the sample${hint}`, 0);
            }
            if (values.length === 1) return fail(`${key} needs a count after top: \`${key} ${syntax}\``, 0);
            const top = readCountOrPercent(values[1], `${key} top`, 1);
            if (!top.ok || values.length === 2) return top;
            if (values[2].kind !== 'word' || values[2].value !== 'apart') return fail(`${key} takes \`${syntax}\``, 2);
            if (values.length === 3) return fail(`${key} needs a distance after apart: \`${key} top 10 apart 3\``, 2);
            if (values.length > 4) return fail(`${key} takes \`${syntax}\``, 4);
            const apart = wholeCount(values[3], `${key} apart`, 1);
            return typeof apart === 'string' ? fail(apart, 3) : ok({ ...top.value, apart });
        },
        samples: {
            valid: ['top 10', 'top 5%', 'top 10 apart 3', 'top 5% apart 2'],
            invalid: ['3', 'top', 'top 0', 'top 0%', 'best 10', 'top 2.5', 'top 10 20', '', 'top 10 apart', 'top 10 apart 0', 'top 10 apart 1.5', 'top 10 apart 3 4', 'top 10 away 3', 'top 10 apart 3%'],
        },
    };
}

export interface Neighbourhood {
    /** Every neighbour within this structural distance (the radius form, `distance <count>`). */
    distance: number;
    /** With `options` only: instead of a radius, the `count` nearest neighbours (`count <count>`). */
    count?: number;
    within?: 'current' | 'full';
    filter?: 'none' | 'median' | 'mean' | 'seed';
}

/**
 * `[distance] <count>`, and with `options`: `count <count>` instead of a radius, then
 * `[in current|full] [filter [better_than] median|mean|seed|none]`.
 */
export function neighbors(options: boolean): Shape<Neighbourhood> {
    const syntax = options ? '(distance <count>|count <count>) [in current|full] [filter better_than median|mean|seed|none]' : 'distance <count>';
    const takes = `neighbors takes \`${syntax}\``;
    return {
        name: options ? 'lissnas-neighbors' : 'neighbors',
        syntax,
        read(values) {
            const isWord = (i: number, w: string) => values[i]?.kind === 'word' && wordOf(values[i]) === w;
            const byCount = options && isWord(0, 'count');
            let i = isWord(0, 'distance') || byCount ? 1 : 0;
            if (values[i] === undefined) return fail(`${takes}, e.g. \`neighbors distance 1\``, values.length > 0 ? 0 : undefined);
            if (values[i].kind === 'word') return fail(`${takes}, e.g. \`neighbors distance 1\``, i);
            const n = wholeCount(values[i], byCount ? 'the neighbour count' : 'the neighbourhood distance', 1);
            if (typeof n === 'string') return fail(n, i);
            // The count form keeps the default radius in `distance` (unused): readers that only know radii still type-check.
            const result: Neighbourhood = byCount ? { distance: 1, count: n } : { distance: n };
            i++;
            while (i < values.length) {
                if (options && isWord(i, 'in') && (isWord(i + 1, 'current') || isWord(i + 1, 'full'))) {
                    result.within = wordOf(values[i + 1]) as 'current' | 'full';
                    i += 2;
                } else if (options && isWord(i, 'filter')) {
                    const j = isWord(i + 1, 'better_than') ? i + 2 : i + 1;
                    const what = values[j]?.kind === 'word' ? wordOf(values[j]) : undefined;
                    if (what !== 'median' && what !== 'mean' && what !== 'seed' && what !== 'none') return fail(takes, Math.min(j, values.length - 1));
                    result.filter = what;
                    i = j + 1;
                } else return fail(takes, i);
            }
            return ok(result);
        },
        samples: {
            valid: options
                ? ['distance 1', '2', 'distance 1 in current', 'distance 2 filter better_than median', 'distance 1 in full filter seed', 'count 20', 'count 50 in current filter median']
                : ['distance 1', '2'],
            invalid: options
                ? ['distance 0', 'radius 2', '', 'distance 1 filter best', 'distance 1 in somewhere', 'count 0', 'count', 'count 2.5', 'count 20 distance 2']
                : ['distance 0', 'radius 2', '', 'distance 1 in current', 'distance 1.5', 'count 20'],
        },
    };
}

export interface Plateau {
    patience?: number;
    /** A fixed gain in metric units, or `noise`/`noise(k)`: k standard errors of the current sample's mean. */
    delta?: number | { noise: number };
}

/**
 * `plateau(patience: <count>, delta: <number>|noise|noise(<number>))` (arguments by name or in that order). A fixed
 * number of iterations is `max_iterations`, not a form of `stop`: one way to say one thing.
 */
export function stop(): Shape<Plateau> {
    const syntax = 'plateau(patience: <count>, delta: <number>|noise|noise(<number>))';
    const parameters = ['patience', 'delta'] as const;
    const deltaMessage = 'delta must be a number >= 0, `noise` (one standard error of the sample mean) or `noise(<number>)` (that many)';
    return {
        name: 'stop',
        syntax,
        read: withArity(1, syntax, (values, key) => {
            const v = values[0];
            if (v.kind !== 'call' || v.name !== 'plateau') {
                const called = v.kind === 'call' ? v.name : wordOf(v);
                const hint = called === 'iterations' ? '; for a fixed number of iterations write `max_iterations <count>`' : called ? didYouMean(called, ['plateau']) : '';
                return fail(`${key} expects ${syntax}, not ${formatSettingValue(v)}${hint}`, 0);
            }
            const result: Plateau = {};
            for (const [index, arg] of v.args.entries()) {
                const parameter = arg.name ?? parameters[index];
                if (parameter !== 'patience' && parameter !== 'delta') return fail(`plateau takes ${parameters.join(', ')}`, 0);
                if (result[parameter] !== undefined) return fail(`plateau: ${parameter} is given twice`, 0);
                const x = arg.value.kind === 'number' ? arg.value.value : undefined;
                if (parameter === 'patience') {
                    if (x === undefined || !Number.isInteger(x) || x < 1) return fail('patience must be a whole number >= 1', 0);
                    result.patience = x;
                    continue;
                }
                const noise = noiseMultiple(arg.value);
                if (noise === 'invalid') return fail(deltaMessage, 0);
                if (noise !== undefined) result.delta = { noise };
                else if (x === undefined || x < 0) return fail(deltaMessage, 0);
                else result.delta = x;
            }
            return ok(result);
        }),
        samples: {
            valid: ['plateau(patience: 2, delta: 0.01)', 'plateau(3, 0.5)', 'plateau(patience: 1)', 'plateau(patience: 1, delta: noise)', 'plateau(2, noise(1.5))'],
            invalid: [
                'iterations(3)', 'never', 'plateau(patience: 0)', 'plateau(patience: 1.5)', 'plateau(delta: -1)', 'plateau(speed: 1)', '',
                'plateau(delta: noisy)', 'plateau(delta: noise(0))', 'plateau(delta: noise(1, 2))', 'plateau(delta: noise(k: 2))', 'plateau(delta: sigma(2))',
            ],
        },
    };
}

/** `noise` → 1, `noise(k)` → k (> 0); undefined for anything that is not a noise form; 'invalid' for a malformed one. */
function noiseMultiple(v: SettingValue): number | undefined | 'invalid' {
    if (v.kind === 'word') return v.value === 'noise' ? 1 : 'invalid';
    if (v.kind !== 'call') return undefined;
    if (v.name !== 'noise' || v.args.length !== 1 || v.args[0].name !== undefined) return 'invalid';
    const k = v.args[0].value;
    return k.kind === 'number' && k.value > 0 ? k.value : 'invalid';
}

/** `<count> per edge`. */
export function perEdge(): Shape<number> {
    const syntax = '<count> per edge';
    return {
        name: 'per-edge',
        syntax,
        read(values, key) {
            if (values.length === 3 && values[1].kind === 'word' && values[1].value === 'per' && values[2].kind === 'word' && values[2].value === 'edge') {
                const kept = wholeCount(values[0], 'ops kept per edge', 1);
                return typeof kept === 'string' ? fail(kept, 0) : ok(kept);
            }
            return fail(`${key} takes \`${syntax}\``, values.length > 0 ? 0 : undefined);
        },
        samples: { valid: ['2 per edge', '1 per edge'], invalid: ['2', '5%', '0 per edge', '2 per node', ''] },
    };
}

/** A non-empty list (at most `maxItems` long), each item read by `item` (a number, or the message). */
function listOf(syntax: string, noun: string, maxItems: number | undefined, item: (v: SettingValue, key: string) => number | string) {
    return withArity(1, syntax, (values, key): ShapeResult<number[]> => {
        const list = values[0];
        if (list.kind !== 'list' || list.items.length === 0) return fail(`${key} needs a list of ${noun}: \`${key} ${syntax}\``, 0);
        if (maxItems !== undefined && list.items.length > maxItems) return fail(`${key} has ${list.items.length} items; at most ${maxItems}`, 0);
        const out: number[] = [];
        for (const v of list.items) {
            const n = item(v, key);
            if (typeof n === 'string') return fail(n, 0);
            out.push(n);
        }
        return ok(out);
    });
}

/** A non-empty list of counts: `[16, 32, 64]`. */
export function counts(bounds: { max?: number; maxItems?: number } = {}): Shape<number[]> {
    const syntax = '[<count>, ...]';
    return {
        name: 'counts',
        syntax,
        read: listOf(syntax, 'counts', bounds.maxItems, (v, key) => wholeCount(v, `each of ${key}`, 1, bounds.max)),
        samples: { valid: ['[16, 32, 64]', '[8]'], invalid: ['[]', '[16, 0]', '16', '[1.5]', ''] },
    };
}

/**
 * A non-empty list of strides, each 1 or 2: `[1, 2, 2]`. The valid samples have seven items: a layer chain's
 * `strides` without `stages` gives MobileNetV2's seven stages theirs (engine/space/network-keys.ts).
 */
export function strides(bounds: { maxItems?: number } = {}): Shape<number[]> {
    const syntax = '[1|2, ...]';
    return {
        name: 'strides',
        syntax,
        read: listOf(syntax, 'strides (1 or 2)', bounds.maxItems, (v, key) => (v.kind === 'number' && (v.value === 1 || v.value === 2) ? v.value : `each of ${key} must be 1 or 2, not ${formatSettingValue(v)}`)),
        samples: { valid: ['[1, 1, 2, 2, 1, 2, 1]', '[2, 1, 1, 2, 1, 2, 1]'], invalid: ['[]', '[1, 3]', '[0]', '2', '[1.5]', '[2K]', ''] },
    };
}

/** A reference to another declaration (`evaluate E`, `match P`): the grammar links it; the engine reads the name. */
export function reference(what: '<evaluator>' | '<policy>'): Shape<string> {
    return {
        name: what === '<evaluator>' ? 'evaluator' : 'policy',
        syntax: what,
        read: withArity(1, what, (values, key) => {
            const w = wordOf(values[0]);
            return w === undefined ? fail(`${key} needs a name: \`${key} ${what}\``, 0) : ok(w);
        }),
        samples: { valid: [], invalid: [] },
    };
}
