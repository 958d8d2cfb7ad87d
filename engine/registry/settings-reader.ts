import type { Setting } from '../spec.js';
import { didYouMean } from './closest-name.js';
import { formatSettingValue } from './shapes.js';
import { describeKind, settingsOf, type KindDeclaration, type SettingDeclaration } from './types.js';

/**
 * Reading the `key values...` settings of one declaration against its kind's registry entry, with messages that
 * say what was expected. The engine and the editor use this same reader, so they accept the same documents.
 *
 * Throwing mode (the engine): the first problem throws a `SettingsError`.
 * Collecting mode (the language server, `lissnas check`): problems accumulate in `problems`, every read returns
 * its fallback, and the caller turns each problem into a diagnostic on the setting named by `key`
 * (on its value number `index` when given).
 */
export class SettingsError extends Error {
    constructor(
        readonly owner: string,
        /** The offending setting's key, or undefined for a problem with the whole declaration. */
        readonly key: string | undefined,
        /** The message without the owner (`parallel must be a whole number >= 1, not 0`). */
        readonly detail: string,
        readonly where: {
            /** Position of the offending value among the setting's values. */
            index?: number;
            /** Position of the offending setting in the list given to the reader. */
            position?: number;
            /** A required setting is missing (report on the declaration). */
            missing?: boolean;
            /** A positional argument does not fit (the editor's argument check already says so). */
            argument?: boolean;
        } = {},
    ) {
        super(`${owner}: ${detail}`);
        this.name = 'SettingsError';
    }
}

export class SettingsReader {
    readonly problems: SettingsError[] = [];
    private readonly byKey = new Map<string, Setting & { position: number }>();

    /**
     * @param owner how messages name the owner, e.g. `policy Lissnas`.
     * @param kind the registry entry of the declaration's kind: its keys, shapes and required settings.
     */
    constructor(
        readonly owner: string,
        settings: readonly Setting[],
        readonly kind: KindDeclaration,
        readonly collect = false,
    ) {
        const declared = settingsOf(kind);
        const keys = declared.map((s) => s.key);
        settings.forEach((s, position) => {
            if (!keys.includes(s.key)) {
                const accepts = keys.length > 0 ? `; it accepts ${keys.join(', ')}` : '; it accepts none';
                this.report(s.key, `unknown setting '${s.key}' for ${describeKind(kind)}${didYouMean(s.key, keys)}${accepts}`, undefined, { position });
            } else if (this.byKey.has(s.key)) {
                this.report(s.key, `setting '${s.key}' is given twice`, undefined, { position });
            } else this.byKey.set(s.key, { ...s, position });
        });
        for (const s of declared) {
            if (s.required && !this.byKey.has(s.key)) this.report(s.key, `${describeKind(kind)} needs \`${[s.key, s.shape.syntax].filter(Boolean).join(' ')}\``, undefined, { missing: true });
        }
    }

    has(key: string): boolean {
        return this.byKey.has(key);
    }

    values(key: string): Setting['values'] | undefined {
        return this.byKey.get(key)?.values;
    }

    /** Records (collecting mode) or throws (engine mode) a problem; returns `fallback` in collecting mode. */
    report<T>(key: string | undefined, detail: string, fallback?: T, where: SettingsError['where'] = {}): T {
        const position = where.position ?? (key !== undefined ? this.byKey.get(key)?.position : undefined);
        const error = new SettingsError(this.owner, key, detail, { ...where, position });
        if (!this.collect) throw error;
        this.problems.push(error);
        return fallback as T;
    }

    /**
     * The value of a declared setting read through its shape; the declaration's default when the setting is left
     * out; `undefined` when it is left out without a default, or (collecting mode) when it does not fit.
     */
    read<T>(declaration: SettingDeclaration<T>): T | undefined {
        const values = this.byKey.get(declaration.key)?.values;
        if (values === undefined) return declaration.default;
        if (!this.kind.settings[declaration.key]) throw new Error(`${this.owner}: read of '${declaration.key}', which ${describeKind(this.kind)} does not declare`);
        const result = declaration.shape.read(values, declaration.key);
        if (result.ok) return result.value;
        return this.report<T | undefined>(declaration.key, result.message, undefined, { index: result.index });
    }

    /** Reads every declared setting that is present (for a kind whose settings nothing else reads yet). */
    readAll(): void {
        for (const declaration of settingsOf(this.kind)) if (this.has(declaration.key)) this.read(declaration);
    }

    /** `read`, with a fallback for settings without a default. */
    get<T>(declaration: SettingDeclaration<T>, fallback: T): T {
        return this.read(declaration) ?? fallback;
    }

    /** Throws (collecting mode: does nothing) when problems were collected. For the engine: call after reading. */
    done(): void {
        if (!this.collect && this.problems.length > 0) throw this.problems[0];
    }
}

/** The written form of a setting (`seeds top 10`), for messages. */
export function formatSetting(s: Setting): string {
    return [s.key, ...s.values.map(formatSettingValue)].join(' ');
}

/**
 * The settings a reader sees: the declaration's `key values` settings plus its references (`evaluate E`,
 * `match P`), which the compiler keeps in their own fields.
 */
export function withReferences(settings: readonly Setting[], references: Readonly<Record<string, string | undefined>>): Setting[] {
    const out = [...settings];
    for (const [key, name] of Object.entries(references)) {
        if (name !== undefined && !settings.some((s) => s.key === key)) out.push({ key, values: [{ kind: 'word', value: name }] });
    }
    return out;
}
