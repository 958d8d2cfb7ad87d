/**
 * Settings of evaluators, policies, searches and `network` blocks. The editor does not judge them itself: it
 * hands the declaration's body to the engine's own reader (engine/registry: keys, value shapes, units, required
 * settings, and the engine's checks across settings) and reports each problem where it lies. So `lissnas check`
 * accepts exactly what `lissnas shrink` runs. Checks that need more than the declaration (table columns,
 * numbers that must fit a space) live in evaluators.ts and policies.ts.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { settingOf, settingValueOf } from '../compile.js';
import { validateEvaluatorSettings } from '../../engine/evaluate/evaluator-settings.js';
import { readNetworkSettings } from '../../engine/cost/network-settings.js';
import { validatePolicySettings } from '../../engine/policy/run.js';
import { validateSearchSettings } from '../../engine/search/run.js';
import type { SettingsError } from '../../engine/registry/settings-reader.js';
import type { DeclarationCategory } from '../../engine/registry/types.js';

export type SettingOwner = ast.Evaluator | ast.Policy | ast.Search | ast.Network;

export function settingChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Evaluator: checkSettings,
        Policy: checkSettings,
        Search: checkSettings,
        Network: checkSettings,
    };
}

/** The registry category of a declaration that holds settings (the one definition; server features use it too). */
export function categoryOf(owner: SettingOwner): DeclarationCategory {
    if (ast.isEvaluator(owner)) return 'evaluator';
    if (ast.isPolicy(owner)) return 'policy';
    if (ast.isSearch(owner)) return 'search';
    return 'network';
}

/** The engine's settings problems of one declaration (collecting mode: nothing runs, nothing is read from disk). */
export function settingsProblems(owner: SettingOwner): SettingsError[] {
    const settings = owner.settings.map(settingOf);
    if (ast.isNetwork(owner)) return readNetworkSettings('network', settings, true).reader.problems;
    const name = owner.name ?? '?';
    const kind = owner.kind ?? '';
    if (ast.isEvaluator(owner)) {
        const args = owner.args.map((arg) => ({ name: arg.name, value: settingValueOf(arg.value) }));
        return validateEvaluatorSettings({ name, kind, args, settings });
    }
    if (ast.isPolicy(owner)) return validatePolicySettings({ name, kind, space: { name: '?', components: [], constraints: [] }, settings });
    return validateSearchSettings({ name, kind, target: { kind: 'policy', policy: '?' }, settings });
}

function checkSettings(owner: SettingOwner, accept: ValidationAcceptor): void {
    for (const problem of settingsProblems(owner)) {
        if (problem.where.argument) continue; // evaluators.ts says it, at the argument
        const setting = problem.where.position !== undefined ? owner.settings[problem.where.position] : undefined;
        if (setting && !problem.where.missing) {
            const index = problem.where.index;
            if (index !== undefined && ast.isGenericSetting(setting) && setting.values[index]) accept('error', problem.detail, { node: setting, property: 'values', index });
            else accept('error', problem.detail, { node: setting, property: 'key' });
        } else if (ast.isNetwork(owner)) accept('error', problem.detail, { node: owner, keyword: 'network' });
        else accept('error', problem.detail, { node: owner, property: 'name' });
    }
}
