/**
 * Policies: the kind must exist, and their numbers must fit their space: no more samples than architectures,
 * no more seeds than samples, no more ops kept per edge than there are.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean } from '../scoping/closest-name.js';
import { kindDeclaration, kindsOf } from '../../engine/registry/index.js';
import { opsPerEdge, spaceSizeOf, spaceSpecOf } from './space-size.js';
import { countOf, percentOf } from './units.js';

export function policyChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Policy: [checkKind, checkNumbersFitSpace, checkShrinkTarget],
    };
}

function checkKind(policy: ast.Policy, accept: ValidationAcceptor): void {
    // No kind: the syntax error says so; never `unknown policy kind 'undefined'`.
    if (!policy.kind || kindDeclaration('policy', policy.kind)) return;
    const kinds = kindsOf('policy');
    accept('error', `unknown policy kind '${policy.kind}'${didYouMean(policy.kind, kinds)}; expected ${kinds.join(', ')}`, { node: policy, property: 'kind' });
}

function generic(policy: ast.Policy, key: string): ast.GenericSetting | undefined {
    return policy.settings.find((s): s is ast.GenericSetting => ast.isGenericSetting(s) && s.key === key);
}

/** The whole count a setting holds at `index`, or undefined when it holds something else (reported elsewhere). */
function countAt(setting: ast.GenericSetting | undefined, index: number): number | undefined {
    const value = setting?.values[index];
    if (!value || percentOf(value) !== undefined) return undefined;
    const count = countOf(value, setting.key);
    return typeof count === 'number' && Number.isInteger(count) ? count : undefined;
}

function checkNumbersFitSpace(policy: ast.Policy, accept: ValidationAcceptor): void {
    if (!kindDeclaration('policy', policy.kind)) return;
    const sample = generic(policy, 'sample');
    const sampled = countAt(sample, 0);
    const seeds = generic(policy, 'seeds');
    const seedIndex = seeds?.values[0] && ast.isWordValue(seeds.values[0]) && seeds.values[0].word === 'top' ? 1 : 0;
    const seedCount = countAt(seeds, seedIndex);
    if (seeds && sampled !== undefined && seedCount !== undefined && seedCount > sampled) {
        accept('error', `seeds top ${seedCount} is more than the ${sampled} sampled architectures`, { node: seeds, property: 'values', index: seedIndex });
    }
    const space = policy.space?.ref;
    if (!space) return;
    if (sample && sampled !== undefined) {
        const size = spaceSizeOf(space, policy);
        if (typeof size === 'bigint' && BigInt(sampled) > size) {
            accept('error', `sample ${sampled} is larger than space '${space.name}', which has ${size} architectures`, { node: sample, property: 'values', index: 0 });
        }
    }
    const keep = generic(policy, 'keep');
    if (keep && keep.values.length === 3) {
        const kept = countAt(keep, 0);
        const spec = spaceSpecOf(space, policy);
        const available = spec ? opsPerEdge(spec) : undefined;
        if (kept !== undefined && available !== undefined && kept > available) {
            accept('error', `keep ${kept} per edge is more than the ${available} ops on each edge of space '${space.name}'`, { node: keep, property: 'values', index: 0 });
        }
    }
}

/**
 * `match` must name another policy of the same space. (`keep` or `match`, exactly one: the engine's reader
 * says so, through settings.ts.)
 */
function checkShrinkTarget(policy: ast.Policy, accept: ValidationAcceptor): void {
    if (policy.kind !== 'random_shrink') return;
    const match = policy.settings.find(ast.isMatchSetting);
    const matched = match?.policy?.ref;
    if (matched === policy) accept('error', 'a policy cannot match itself', { node: match!, property: 'policy' });
    else if (matched && matched.space?.ref && policy.space?.ref && matched.space.ref !== policy.space.ref) {
        // A baseline is only comparable when it shrinks the same space to the same size.
        accept('warning', `'${matched.name}' shrinks space '${matched.space.ref.name}', not '${policy.space.ref.name}': the sizes are not comparable`, { node: match!, property: 'policy' });
    }
}
