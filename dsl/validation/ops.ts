/**
 * Operations: implementation kinds and their arguments in `ops` blocks, bare op names that nothing defines.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import type { NasServices } from '../nas-module.js';
import { didYouMean } from '../scoping/closest-name.js';
import { findKnownOp, findOpImplementation, KNOWN_OPS, opImplementationNames } from './op-catalogue.js';
import { visibleModels } from './visible.js';
import { DiagnosticCode } from './codes.js';
import { passMemo } from './pass-memo.js';

export function opChecks(services: NasServices): ValidationChecks<ast.NasAstType> {
    return {
        OpImpl: checkImplementation,
        OpDef: checkBareOpDef,
        OpsSetting: (setting, accept) => checkInlineOps(services, setting, accept),
    };
}

function checkImplementation(impl: ast.OpImpl, accept: ValidationAcceptor): void {
    const known = findOpImplementation(impl.kind);
    if (!known) {
        accept('error', `unknown op implementation '${impl.kind}'${didYouMean(impl.kind, opImplementationNames())}; known: ${opImplementationNames().join(', ')}`, { node: impl, property: 'kind' });
        return;
    }
    const given = new Set<string>();
    impl.args.forEach((arg, index) => {
        const parameter = arg.name ? known.args.find((a) => a.name === arg.name) : known.args[index];
        if (!parameter) {
            const takes = known.args.length === 0 ? 'takes no arguments' : `takes ${known.args.map((a) => a.name).join(', ')}`;
            const what = arg.name ? `has no argument '${arg.name}'` : 'has too many arguments';
            accept('error', `${known.kind} ${what}; it ${takes}`, { node: impl, property: 'args', index });
            return;
        }
        if (given.has(parameter.name)) {
            accept('error', `argument '${parameter.name}' is given twice`, { node: impl, property: 'args', index });
            return;
        }
        given.add(parameter.name);
        const value = arg.value;
        if (!ast.isNumberValue(value) || !Number.isInteger(value.value) || value.value < 1) {
            accept('error', `${parameter.name} must be a positive whole number`, { node: arg, property: 'value' });
        }
    });
    for (const parameter of known.args) {
        if (parameter.required && !given.has(parameter.name)) {
            accept('error', `${known.kind} needs ${parameter.name} (e.g. ${known.kind}(${parameter.name}: 3))`, { node: impl, property: 'kind' });
        }
    }
}

/** A bare op in an op set must be a known name: otherwise nothing says what it computes. */
function checkBareOpDef(op: ast.OpDef, accept: ValidationAcceptor): void {
    if (op.impl || !op.name || findKnownOp(op.name)) return;
    accept('warning', `op '${op.name}' is not a known op name: say what it computes, e.g. \`${op.name} = relu_conv_bn(kernel: 3)\``, { node: op, property: 'name' });
}

function checkInlineOps(services: NasServices, setting: ast.OpsSetting, accept: ValidationAcceptor): void {
    if (setting.opSet) {
        const opSet = setting.opSet.ref;
        if (opSet && opSet.ops.length === 0) accept('error', `op set '${opSet.name}' is empty: a cell needs at least one op`, { node: setting, property: 'opSet' });
        return;
    }
    if (setting.inline.length === 0) {
        accept('error', 'the op list is empty: a cell needs at least one op', { node: setting, keyword: 'ops' });
        return;
    }
    // Names defined by any visible op set count as known (the same for every list of the document).
    const defined = passMemo(setting, 'visibleOpNames', undefined, () => {
        const names = new Set<string>();
        for (const model of visibleModels(services, setting)) {
            for (const declaration of model.declarations) if (ast.isOpSet(declaration)) declaration.ops.forEach((op) => names.add(op.name));
        }
        return names;
    });
    const seen = new Set<string>();
    setting.inline.forEach((op, index) => {
        if (seen.has(op.name)) {
            accept('error', `duplicate op '${op.name}' in the list`, { node: setting, property: 'inline', index, code: DiagnosticCode.DuplicateOp });
            return;
        }
        seen.add(op.name);
        if (findKnownOp(op.name) || defined.has(op.name)) return;
        const candidates = [...KNOWN_OPS.map((k) => k.name), ...defined];
        accept('warning', `unknown op '${op.name}': define it in an ops block${didYouMean(op.name, candidates)}`, { node: op, property: 'name' });
    });
}
