/**
 * The registry of kinds: every evaluator, policy and search kind (and the `network` block), one file each in
 * kinds/. Adding a kind = one file there, its line here, and its implementation.
 */
import { commandKind } from './kinds/command.js';
import { evolutionKind } from './kinds/evolution.js';
import { lissnasKind } from './kinds/lissnas.js';
import { localSearchKind } from './kinds/local-search.js';
import { networkKind } from './kinds/network.js';
import { opPruningKind } from './kinds/op-pruning.js';
import { proxyKind } from './kinds/proxy.js';
import { randomSearchKind } from './kinds/random-search.js';
import { randomShrinkKind } from './kinds/random-shrink.js';
import { tableKind } from './kinds/table.js';
import { trainKind } from './kinds/train.js';
import type { DeclarationCategory, KindDeclaration, SettingDeclaration } from './types.js';

export const KINDS: readonly KindDeclaration[] = [
    tableKind,
    proxyKind,
    trainKind,
    commandKind,
    lissnasKind,
    opPruningKind,
    randomShrinkKind,
    randomSearchKind,
    evolutionKind,
    localSearchKind,
    networkKind,
];

/** The declaration of one kind of a category, if the kind exists. */
export function kindDeclaration(category: DeclarationCategory, kind: string): KindDeclaration | undefined {
    return KINDS.find((k) => k.category === category && k.kind === kind);
}

/** The kinds of a category, in registry order (`table`, `proxy`, `train`, `command` for evaluators). */
export function kindsOf(category: DeclarationCategory): string[] {
    return KINDS.filter((k) => k.category === category).map((k) => k.kind);
}

/** The declaration of one setting of a kind, if the kind accepts it. */
export function settingDeclaration(category: DeclarationCategory, kind: string, key: string): SettingDeclaration | undefined {
    const declaration = kindDeclaration(category, kind);
    return declaration && Object.prototype.hasOwnProperty.call(declaration.settings, key) ? declaration.settings[key] : undefined;
}

/** Every setting key of every kind (for "did you mean" on a misspelt key). */
export function allSettingKeys(): string[] {
    return [...new Set(KINDS.flatMap((k) => Object.keys(k.settings)))];
}

export * from './types.js';
export { KEY_FORMATS } from './shapes.js';
export { PROXY_NAMES } from './kinds/proxy.js';
export { TRAIN_DATASETS } from './kinds/train.js';
