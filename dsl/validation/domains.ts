/**
 * Parameter domains: choices must hold distinct values; distributions need their arguments and sensible
 * bounds (NNI / Ray Tune / hyperopt semantics: randint's high is exclusive unless `inclusive: true`).
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { DISTRIBUTION_PARAMETERS, scalarOf } from '../compile.js';
import { didYouMean } from '../scoping/closest-name.js';
import { DiagnosticCode } from './codes.js';

export function domainChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Choice: checkChoice,
        Distribution: checkDistribution,
    };
}

function checkChoice(choice: ast.Choice, accept: ValidationAcceptor): void {
    if (choice.values.length === 0) {
        accept('error', 'empty choice: give at least one value', { node: choice, keyword: 'choice' });
        return;
    }
    const seen = new Set<string>();
    choice.values.forEach((value) => {
        const scalar = scalarOf(value);
        if (scalar === undefined) {
            // Anchored on the value node itself: `property + index` searches the whole CST per diagnostic,
            // which made 3,000 duplicates take seconds (quadratic).
            accept('error', 'a choice holds numbers, strings, booleans or names', { node: value });
            return;
        }
        // 1 and 1.0 are the same number; "1" (a string) is a different value.
        const key = `${typeof scalar}:${String(scalar)}`;
        if (seen.has(key)) accept('error', `duplicate choice value ${value.$cstNode?.text ?? String(scalar)}`, { node: value, code: DiagnosticCode.DuplicateChoice });
        seen.add(key);
    });
}

/** Arguments by parameter name (positional or named), with precise errors for bad ones. */
function argumentsOf(distribution: ast.Distribution, accept: ValidationAcceptor): Map<string, { value: number | boolean; arg: ast.Arg }> | undefined {
    const names = DISTRIBUTION_PARAMETERS[distribution.kind];
    const values = new Map<string, { value: number | boolean; arg: ast.Arg }>();
    let ok = true;
    distribution.args.forEach((arg, index) => {
        const name = arg.name ?? names[index];
        if (arg.name && !names.includes(arg.name)) {
            accept('error', `${distribution.kind} has no argument '${arg.name}'${didYouMean(arg.name, names)}; it takes ${names.join(', ')}`, { node: arg, property: 'name' });
            ok = false;
            return;
        }
        if (!name) {
            accept('error', `${distribution.kind} takes at most ${names.length} arguments (${names.join(', ')})`, { node: distribution, property: 'args', index });
            ok = false;
            return;
        }
        if (values.has(name)) {
            accept('error', `argument '${name}' is given twice`, { node: distribution, property: 'args', index });
            ok = false;
            return;
        }
        const value = arg.value;
        if (name === 'inclusive') {
            if (ast.isBooleanValue(value)) values.set(name, { value: value.value, arg });
            else {
                accept('error', '`inclusive` expects true or false', { node: arg, property: 'value' });
                ok = false;
            }
        } else if (ast.isNumberValue(value)) {
            values.set(name, { value: value.value, arg });
        } else {
            accept('error', `argument '${name}' of ${distribution.kind} must be a plain number`, { node: arg, property: 'value' });
            ok = false;
        }
    });
    const required = distribution.kind === 'randint' ? ['low', 'high'] : names;
    const missing = required.filter((n) => !values.has(n));
    if (missing.length > 0 && ok) {
        accept('error', `${distribution.kind} needs ${missing.join(' and ')} (${distribution.kind}(${required.join(', ')}))`, { node: distribution, property: 'kind' });
        ok = false;
    }
    return ok ? values : undefined;
}

function checkDistribution(distribution: ast.Distribution, accept: ValidationAcceptor): void {
    const args = argumentsOf(distribution, accept);
    if (!args) return;
    const num = (name: string): number | undefined => {
        const v = args.get(name)?.value;
        return typeof v === 'number' ? v : undefined;
    };
    const at = (name: string) => ({ node: args.get(name)!.arg, property: 'value' as const });
    const kind = distribution.kind;
    const low = num('low');
    const high = num('high');
    if (low !== undefined && high !== undefined && low >= high) {
        accept('error', `${kind}: low (${low}) must be less than high (${high})`, { ...at('high'), code: DiagnosticCode.InvertedBounds });
    }
    if ((kind === 'loguniform' || kind === 'qloguniform') && low !== undefined && low <= 0) {
        accept('error', `${kind}: low must be > 0 (a logarithm is taken), not ${low}`, at('low'));
    }
    if (kind === 'randint') {
        for (const name of ['low', 'high', 'step']) {
            const v = num(name);
            if (v !== undefined && !Number.isInteger(v)) accept('error', `randint: ${name} must be a whole number, not ${v}`, at(name));
        }
        const step = num('step');
        if (step !== undefined && step <= 0) accept('error', `randint: step must be > 0, not ${step}`, at('step'));
    }
    const q = num('q');
    if (q !== undefined && q <= 0) accept('error', `${kind}: q must be > 0, not ${q}`, at('q'));
    const sigma = num('sigma');
    if (sigma !== undefined && sigma <= 0) accept('error', `${kind}: sigma must be > 0, not ${sigma}`, at('sigma'));
}
