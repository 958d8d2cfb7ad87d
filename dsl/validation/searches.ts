/**
 * Searches: the kind must exist, and a warning when evolution's budget cannot cover its population (the
 * tournament must fit the population: the engine's reader says so, through settings.ts).
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean } from '../scoping/closest-name.js';
import { kindDeclaration, kindsOf } from '../../engine/registry/index.js';
import { countOf } from './units.js';

export function searchChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Search: [checkKind, checkTournament],
    };
}

function checkKind(search: ast.Search, accept: ValidationAcceptor): void {
    if (!search.kind || kindDeclaration('search', search.kind)) return; // no kind: the syntax error says so
    const kinds = kindsOf('search');
    accept('error', `unknown search kind '${search.kind}'${didYouMean(search.kind, kinds)}; expected ${kinds.join(', ')}`, { node: search, property: 'kind' });
}

function numberOf(search: ast.Search, key: string): { setting: ast.GenericSetting; value: number } | undefined {
    const setting = search.settings.find((s): s is ast.GenericSetting => ast.isGenericSetting(s) && s.key === key);
    const value = setting?.values[0];
    if (!setting || !value) return undefined;
    const count = countOf(value, key);
    return typeof count === 'number' && Number.isFinite(count) ? { setting, value: count } : undefined;
}

function checkTournament(search: ast.Search, accept: ValidationAcceptor): void {
    if (search.kind !== 'evolution') return;
    const population = numberOf(search, 'population');
    const budget = numberOf(search, 'budget');
    if (population && budget && budget.value < population.value) {
        accept('warning', `budget ${budget.value} is smaller than the population (${population.value}): evolution never starts`, { node: budget.setting, property: 'values', index: 0 });
    }
}
