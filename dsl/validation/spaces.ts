/**
 * Spaces as a whole: constraint metrics and units, constraints that no architecture satisfies (decided by
 * the engine's cost model), spaces that contain themselves, layer chains.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { constraintsSatisfiable } from '../../engine/size/constrained.js';
import { didYouMean } from '../scoping/closest-name.js';
import { countOf } from './units.js';
import { spaceSpecOf } from './space-size.js';

const CONSTRAINT_METRICS = ['flops', 'params'];

export function spaceChecks(): ValidationChecks<ast.NasAstType> {
    return {
        Constraint: checkConstraint,
        Space: [checkSelfContainment, checkSatisfiable],
        Layers: checkLayers,
    };
}

function checkConstraint(constraint: ast.Constraint, accept: ValidationAcceptor): void {
    if (!CONSTRAINT_METRICS.includes(constraint.metric)) {
        accept('error', `unknown constraint metric '${constraint.metric}'${didYouMean(constraint.metric, CONSTRAINT_METRICS)}; expected flops or params`, { node: constraint, property: 'metric' });
        return;
    }
    if (!constraint.value) return;
    const value = countOf(constraint.value, constraint.metric);
    if (typeof value === 'string') {
        accept('error', value, { node: constraint, property: 'value' });
    } else if (value < 0) {
        accept('error', `${constraint.metric} cannot be negative`, { node: constraint, property: 'value' });
    }
}

/** `space A { x A }` or `A { x B }` with `B { y A }`: a space cannot contain itself. */
function checkSelfContainment(space: ast.Space, accept: ValidationAcceptor): void {
    for (const member of space.members) {
        if (!ast.isDimension(member) || !member.space) continue;
        const path = cycleThrough(member.space.ref, space, [space.name]);
        if (path) accept('error', `space '${space.name}' contains itself: ${path.join(' -> ')}`, { node: member, property: 'space' });
    }
}

/**
 * The path from `current` back to `start`, if any. Iterative with one shared path (push/pop): a copied
 * path per level and the call stack per level made a chain of 2,000 composed spaces cubic and deep.
 */
function cycleThrough(first: ast.Space | undefined, start: ast.Space, path: string[]): string[] | undefined {
    const seen = new Set<ast.Space>();
    const stack: Array<{ space: ast.Space; next: number }> = [];
    const enter = (space: ast.Space | undefined): string[] | undefined => {
        if (!space) return undefined;
        if (space === start) return [...path, ...stack.map((f) => f.space.name), space.name];
        if (!seen.has(space)) {
            seen.add(space);
            stack.push({ space, next: 0 });
        }
        return undefined;
    };
    const found = enter(first);
    if (found) return found;
    while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        const member = frame.space.members[frame.next++];
        if (member === undefined) {
            stack.pop();
            continue;
        }
        if (ast.isDimension(member) && member.space) {
            const cycle = enter(member.space.ref);
            if (cycle) return cycle;
        }
    }
    return undefined;
}

/** Constraints that no architecture satisfies, reported on the space's last constraint. */
function checkSatisfiable(space: ast.Space, accept: ValidationAcceptor): void {
    const constraints = space.members.filter(ast.isConstraint);
    if (constraints.length === 0) return;
    // Only judge spaces that compile cleanly: otherwise the other diagnostics explain the problem.
    const spec = spaceSpecOf(space);
    if (!spec || spec.constraints.length !== constraints.length) return;
    let satisfiable: boolean | undefined;
    try {
        satisfiable = constraintsSatisfiable(spec);
    } catch {
        return;
    }
    if (satisfiable === false) {
        const last = constraints[constraints.length - 1];
        const written = constraints.map((c) => c.$cstNode?.text.replace(/^constraint\s+/, '').replace(/;$/, '')).join(', ');
        accept('error', `no architecture of space '${space.name}' satisfies ${written}`, { node: last, property: 'value' });
    }
}

function checkLayers(layers: ast.Layers, accept: ValidationAcceptor): void {
    if (layers.count !== undefined && Number.isFinite(layers.count) && (!Number.isInteger(layers.count) || layers.count < 1)) {
        accept('error', `a layer chain needs a whole number of layers >= 1, not ${layers.count}`, { node: layers, property: 'count' });
    }
    layers.params.forEach((param) => {
        if (param.space) accept('error', 'a layer chain holds hyperparameters (choice, uniform, ...), not spaces', { node: param, property: 'space' });
    });
}
