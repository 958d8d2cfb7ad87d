import type { Setting, SettingValue } from '../spec.js';

/**
 * Reading `key values...` settings of evaluators, policies and searches, with messages that say what was expected
 * (`policy Lissnas: \`seeds\` expects \`top N\` or \`top N%\`, got \`top ten\``).
 *
 * Throwing mode (the engine): the first problem throws a `SettingsError`.
 * Collecting mode (the language server): problems accumulate in `problems`, every accessor returns its fallback,
 * and the caller turns each problem into a diagnostic on the setting named by `key`.
 */
export class SettingsError extends Error {
    constructor(
        readonly owner: string,
        /** The offending setting's key, or undefined for a problem with the whole body. */
        readonly key: string | undefined,
        message: string,
    ) {
        super(message);
        this.name = 'SettingsError';
    }
}

/** A count given either as a number (`10`) or as a percentage (`10%`). */
export type CountOrPercent = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

/** `top 10%` of 200 → 20; at least 1 when the percentage is positive. */
export function resolveCount(c: CountOrPercent, total: number): number {
    if (c.kind === 'count') return c.value;
    return Math.max(c.value > 0 ? 1 : 0, Math.round((c.value / 100) * total));
}

export class SettingsReader {
    readonly problems: SettingsError[] = [];
    private readonly byKey = new Map<string, Setting>();

    /**
     * @param owner how messages name the owner, e.g. `policy Lissnas`.
     * @param usage every accepted key and its expected shape, e.g. `{ seeds: '`top N` or `top N%`' }`.
     */
    constructor(
        readonly owner: string,
        settings: readonly Setting[],
        readonly usage: Readonly<Record<string, string>>,
        readonly collect = false,
    ) {
        for (const s of settings) {
            if (!(s.key in usage)) {
                this.report(s.key, `${owner}: unknown setting \`${s.key}\`; known settings: ${Object.keys(usage).join(', ')}`);
                continue;
            }
            if (this.byKey.has(s.key)) {
                this.report(s.key, `${owner}: \`${s.key}\` is set twice`);
                continue;
            }
            this.byKey.set(s.key, s);
        }
    }

    has(key: string): boolean {
        return this.byKey.has(key);
    }

    values(key: string): SettingValue[] | undefined {
        return this.byKey.get(key)?.values;
    }

    /** Records (collecting mode) or throws (engine mode) a problem; returns `fallback` in collecting mode. */
    report<T>(key: string | undefined, message: string, fallback?: T): T {
        const error = new SettingsError(this.owner, key, message);
        if (!this.collect) throw error;
        this.problems.push(error);
        return fallback as T;
    }

    /** "`key` expects <usage>, got `<values>`". */
    expected<T>(key: string, fallback: T, detail?: string): T {
        const got = this.values(key);
        const shown = got === undefined ? '' : `, got \`${[key, ...got.map(formatSettingValue)].join(' ')}\``;
        return this.report(key, `${this.owner}: \`${key}\` expects ${this.usage[key]}${shown}${detail ? ` (${detail})` : ''}`, fallback);
    }

    /** `key N`: one number, optionally an integer within bounds. */
    number(key: string, fallback: number, bounds: { min?: number; max?: number; integer?: boolean } = {}): number {
        const v = this.values(key);
        if (v === undefined) return fallback;
        if (v.length !== 1 || v[0].kind !== 'number') return this.expected(key, fallback);
        return this.checkBounds(key, v[0].value, fallback, bounds);
    }

    checkBounds(key: string, x: number, fallback: number, bounds: { min?: number; max?: number; integer?: boolean }): number {
        if (bounds.integer && !Number.isInteger(x)) return this.expected(key, fallback, 'must be a whole number');
        if (bounds.min !== undefined && x < bounds.min) return this.expected(key, fallback, `must be at least ${bounds.min}`);
        if (bounds.max !== undefined && x > bounds.max) return this.expected(key, fallback, `must be at most ${bounds.max}`);
        return x;
    }

    /** A bare flag (`minimize`), or `key true|false`. */
    flag(key: string): boolean {
        const v = this.values(key);
        if (v === undefined) return false;
        if (v.length === 0) return true;
        if (v.length === 1 && v[0].kind === 'boolean') return v[0].value;
        return this.expected(key, false);
    }

    /** `key word` with the word among `allowed` (a word or a string literal). */
    choice<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
        const v = this.values(key);
        if (v === undefined) return fallback;
        const w = v.length === 1 ? wordOf(v[0]) : undefined;
        if (w === undefined || !allowed.includes(w as T)) return this.expected(key, fallback);
        return w as T;
    }

    /** `key name`: one word or string. */
    name(key: string, fallback: string | undefined): string | undefined {
        const v = this.values(key);
        if (v === undefined) return fallback;
        const w = v.length === 1 ? wordOf(v[0]) : undefined;
        return w ?? this.expected(key, fallback);
    }

    /** A count or a percentage value (`10`, `10%`), e.g. one element of `seeds top 10%`. */
    countOrPercent(key: string, v: SettingValue | undefined, fallback: CountOrPercent): CountOrPercent {
        if (v?.kind === 'number' && Number.isInteger(v.value) && v.value >= 0) return { kind: 'count', value: v.value };
        if (v?.kind === 'quantity' && v.unit === '%' && v.value >= 0 && v.value <= 100) return { kind: 'percent', value: v.value };
        return this.expected(key, fallback);
    }

    /** Throws (collecting mode: does nothing) when problems were collected. For the engine: call after reading. */
    done(): void {
        if (!this.collect && this.problems.length > 0) throw this.problems[0];
    }
}

/** The word or string a value holds, or undefined. */
export function wordOf(v: SettingValue): string | undefined {
    return v.kind === 'word' || v.kind === 'string' ? v.value : undefined;
}

/** A value written back as in the source, for messages. */
export function formatSettingValue(v: SettingValue): string {
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
            return `[${v.items.map(formatSettingValue).join(', ')}]`;
        case 'call':
            return `${v.name}(${v.args.map((a) => (a.name ? `${a.name}: ` : '') + formatSettingValue(a.value)).join(', ')})`;
    }
}
