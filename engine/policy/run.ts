import type { CachedEvaluator } from '../evaluate/cache.js';
import type { SearchSpace } from '../space/types.js';
import type { PolicySpec } from '../spec.js';
import { readLissnasSettings, runLissnas } from './lissnas.js';
import { readOpPruningSettings, runOpPruning } from './op-pruning.js';
import { readRandomShrinkSettings, runRandomShrink } from './random-shrink.js';
import { withReferences, type SettingsError } from '../registry/settings-reader.js';
import type { PolicyIteration, PolicyResult } from './types.js';

export const POLICY_KINDS = ['lissnas', 'op_pruning', 'random_shrink'] as const;

export interface PolicyDeps {
    /** The SearchSpace built from `spec.space`. */
    space: SearchSpace;
    /** Required by lissnas and op_pruning (the cache shared with later searches). */
    evaluator?: CachedEvaluator;
    /** For random_shrink with `match`: the matched policy's result size. */
    matchSize?: number;
    signal?: AbortSignal;
    /** Called with each iteration as soon as it is measured (live progress: the editor's progress panel). */
    onIteration?: (iteration: PolicyIteration) => void;
}

/** Runs the policy a `policy NAME = kind(SPACE) { ... }` declaration describes. */
export async function runPolicy(spec: PolicySpec, deps: PolicyDeps): Promise<PolicyResult> {
    const owner = `policy ${spec.name}`;
    const settings = settingsOf(spec);
    const needEvaluator = (): CachedEvaluator => {
        if (!deps.evaluator) throw new Error(`${owner}: needs an evaluator (\`evaluate NAME\`)`);
        return deps.evaluator;
    };
    switch (spec.kind) {
        case 'lissnas':
            return runLissnas(deps.space, needEvaluator(), readLissnasSettings(owner, settings).config, deps.signal, deps.onIteration);
        case 'op_pruning':
            return runOpPruning(deps.space, spec.space, needEvaluator(), readOpPruningSettings(owner, settings).config, deps.signal);
        case 'random_shrink':
            return runRandomShrink(deps.space, readRandomShrinkSettings(owner, settings, spec.match !== undefined).config, deps.matchSize);
        default:
            throw new Error(`${owner}: unknown policy kind '${spec.kind}' (known: ${POLICY_KINDS.join(', ')})`);
    }
}

/** Every settings problem of a policy declaration, without running it (for the language server). */
export function validatePolicySettings(spec: PolicySpec): SettingsError[] {
    const owner = `policy ${spec.name}`;
    const settings = settingsOf(spec);
    switch (spec.kind) {
        case 'lissnas':
            return readLissnasSettings(owner, settings, true).reader.problems;
        case 'op_pruning':
            return readOpPruningSettings(owner, settings, true).reader.problems;
        case 'random_shrink':
            return readRandomShrinkSettings(owner, settings, spec.match !== undefined, true).reader.problems;
        default:
            return [];
    }
}

/** The settings a policy's reader sees: its `key values` settings and its `evaluate` / `match` references. */
export function settingsOf(spec: PolicySpec) {
    return withReferences(spec.settings, { evaluate: spec.evaluator, match: spec.match });
}
