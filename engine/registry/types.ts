/**
 * What a kind of evaluator, policy or search (or a space's `network` block) is: its documentation, its
 * positional arguments and its settings (key, value shape, default, documentation). One declaration per kind,
 * in engine/registry/kinds/; the engine's readers, the editor's validation, completion, hover and signature help
 * all read it.
 */
import type { Shape } from './shapes.js';

export type DeclarationCategory = 'evaluator' | 'policy' | 'search' | 'network';

export interface SettingDeclaration<T = unknown> {
    key: string;
    shape: Shape<T>;
    doc: string;
    /** The value the engine uses when the setting is left out (documented in hover and docs/language.md). */
    default?: T;
    /** The declaration is unusable without it. */
    required?: boolean;
    /**
     * `network` block keys that only some kinds of network read: `cell` (NAS-Bench-201-style cell networks), `chain`
     * (layer chains), `darts` (DARTS cell networks), `graph` (NAS-Bench-101 graph networks). Written for another kind, the key is an error
     * (engine/space/network-keys.ts); absent: every kind reads it.
     */
    architectures?: readonly NetworkArchitecture[];
}

/** The kinds of network a `network` block shapes: around an NB201-style `cell`, a `layers N { ... }` chain, DARTS cells, or an NB101-style `graph`. */
export type NetworkArchitecture = 'cell' | 'chain' | 'darts' | 'graph';

export interface ArgumentDeclaration {
    /** How the argument is written (`"path.csv"`). */
    syntax: string;
    shape: 'string' | 'word';
    /** What the argument is, for messages (`dataset`). */
    noun: string;
    /** For `word`: the accepted words. */
    words?: readonly string[];
    doc: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SettingTable = Readonly<Record<string, SettingDeclaration<any>>>;

export interface KindDeclaration<S extends SettingTable = SettingTable> {
    category: DeclarationCategory;
    kind: string;
    doc: string;
    /** Positional arguments of an evaluator kind (policies and searches take the space/policy reference). */
    args: readonly ArgumentDeclaration[];
    /** The settings by key, in the order completion and documentation list them. */
    settings: S;
    /** False for a kind the language knows but this version cannot run yet: the editor warns, the engine refuses. */
    implemented: boolean;
}

/** A setting declaration (keeps the value type for the engine's typed reads). */
export function setting<T>(key: string, shape: Shape<T>, doc: string, extra: { default?: T; required?: boolean; architectures?: readonly NetworkArchitecture[] } = {}): SettingDeclaration<T> {
    return { key, shape, doc, ...extra };
}

export function declareKind<S extends SettingTable>(declaration: KindDeclaration<S>): KindDeclaration<S> {
    for (const [name, s] of Object.entries(declaration.settings)) {
        if (name !== s.key) throw new Error(`registry: ${declaration.kind} lists setting '${s.key}' under '${name}'`);
    }
    return declaration;
}

/** The settings of a kind, in declaration order. */
export function settingsOf(kind: KindDeclaration): SettingDeclaration[] {
    return Object.values(kind.settings);
}

/** How messages name a declaration of this kind: `a command evaluator`, `the network block`. */
export function describeKind(kind: KindDeclaration): string {
    return kind.category === 'network' ? 'the network block' : `${/^[aeiou]/.test(kind.kind) ? 'an' : 'a'} ${kind.kind} ${kind.category}`;
}
