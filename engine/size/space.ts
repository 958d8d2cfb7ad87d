/**
 * Size of a whole space: the product of its components' sizes, with conditional parameters summed over the
 * branches in which they exist, and constraints delegated to `countConstrained` (engine/size/constrained.ts).
 *
 * Conditionals (`p ... when q == v`): a parameter or subspace with `when` exists only in the branch where
 * its condition holds. The conditioning parameters Q (every top-level parameter named in some condition)
 * are enumerated jointly; for each assignment a of Q in which every q ∈ Q exists exactly when its own
 * condition holds, the branch contributes Π_{conditional x} (x exists under a ? size(x) : 1). The space size
 * is Σ_branches × Π_{unconditional components outside Q} size. A condition on a parameter that does not
 * exist in the branch is false, whatever its operator (==, !=, in, not in).
 */
import { opRolesFor } from '../canonical/cell.js';
import { assertWithinLimits, componentLimitProblem, LimitError } from '../limits.js';
import type { ComponentSpec, Condition, ParamSpec, Scalar, SpaceSpec, SubspaceSpec } from '../spec.js';
import { log10Big, log10Of } from './bigmath.js';
import { cellSize } from './cells.js';
import { countConstrained, type ConstrainedCount } from './constrained.js';
import { dartsSize } from './darts.js';
import { savedSpaceSize } from './saved.js';
import { graphSize } from './graphs.js';
import { chainSize, domainSize, domainValues } from './params.js';
import type { SizeOptions, SpaceSize } from './types.js';

/** One line of a size breakdown (for hovers and the CLI). */
export interface ComponentSize {
    name: string;
    kind: ComponentSpec['kind'];
    size: SpaceSize;
    /** How the number is made, e.g. `5^6 (6 edges, 5 ops)`. */
    formula: string;
    /** Exists only in some branches (`when ...`): its size is not a plain factor of the space. */
    conditional?: boolean;
}

/** Throws `LimitError` (engine/limits.ts) before computing anything when a number of the space is absurd. */
export function sizeOfSpace(space: SpaceSpec, options: SizeOptions = {}): SpaceSize {
    assertWithinLimits(space);
    return sizeOf(space, options);
}

/**
 * Sizes per spec object and options: a space composed into many others (a chain of 2,000 composed spaces)
 * is sized once, not once per space above it. Specs are never mutated after compiling.
 */
const sizedSpecs = new WeakMap<SpaceSpec, Map<string, SpaceSize>>();

function sizeOf(space: SpaceSpec, options: SizeOptions): SpaceSize {
    let perOptions = sizedSpecs.get(space);
    if (!perOptions) sizedSpecs.set(space, (perOptions = new Map()));
    const key = JSON.stringify(options);
    let size = perOptions.get(key);
    if (!size) {
        size = space.saved ? savedSpaceSize(space) : hasConstraints(space) ? constrainedSize(space, options) : unconstrainedSize(space, options);
        perOptions.set(key, size);
    }
    return size;
}

/** Sizes of each component on its own (conditional ones flagged), in declaration order. */
export function sizeBreakdown(space: SpaceSpec, options: SizeOptions = {}): ComponentSize[] {
    assertWithinLimits(space);
    return space.components.map((component) => ({
        name: component.name,
        kind: component.kind,
        size: sizeOfComponent(component, options),
        formula: formulaOf(component),
        ...('when' in component && component.when ? { conditional: true } : {}),
    }));
}

/** Size of one component alone (a subspace includes its own constraints). */
export function componentSize(component: ComponentSpec, options: SizeOptions = {}): SpaceSize {
    const problem = componentLimitProblem(component);
    if (problem) throw new LimitError(`${component.name}: ${problem}`);
    return sizeOfComponent(component, options);
}

function sizeOfComponent(component: ComponentSpec, options: SizeOptions): SpaceSize {
    switch (component.kind) {
        case 'cell':
            return cellSize(component, component.ops.length, opRolesFor(component.ops), options);
        case 'darts':
            return dartsSize(component.inputs, component.nodes, component.pick, component.ops.length, options);
        case 'graph':
            return graphSize(component.maxNodes, component.maxEdges, component.ops.length, options.graphWork);
        case 'chain':
            return plain(chainSize(component));
        case 'param':
            return plain(domainSize(component.domain));
        case 'subspace':
            return sizeOf(component.space, options);
    }
}

function unconstrainedSize(space: SpaceSpec, options: SizeOptions): SpaceSize {
    const conditioning = conditioningParams(space);
    const factors: SpaceSize[] = [];
    for (const component of space.components) {
        const inGroup = conditioning.has(component.name) || ('when' in component && component.when !== undefined);
        if (!inGroup) factors.push(sizeOfComponent(component, options));
    }
    if (conditioning.size > 0 || space.components.some((c) => 'when' in c && c.when)) {
        factors.push(conditionalGroupSize(space, conditioning, options));
    }
    return productOf(factors);
}

/** Names of top-level parameters that some `when` refers to. */
function conditioningParams(space: SpaceSpec): Map<string, ParamSpec> {
    const params = new Map(space.components.filter((c): c is ParamSpec => c.kind === 'param').map((p) => [p.name, p]));
    const used = new Map<string, ParamSpec>();
    const visit = (condition: Condition): void => {
        if (!('param' in condition)) {
            visit(condition.left);
            visit(condition.right);
            return;
        }
        const param = params.get(condition.param);
        if (!param) throw new RangeError(`space '${space.name}': condition on unknown parameter '${condition.param}'`);
        used.set(param.name, param);
    };
    for (const component of space.components) if ((component.kind === 'param' || component.kind === 'subspace') && component.when) visit(component.when);
    return used;
}

const ABSENT: unique symbol = Symbol('absent');
type Assignment = Map<string, Scalar | typeof ABSENT>;

function conditionalGroupSize(space: SpaceSpec, conditioning: Map<string, ParamSpec>, options: SizeOptions): SpaceSize {
    const members = [...conditioning.values()];
    const choices = members.map((param) => {
        const values = domainValues(param.domain);
        if (!values) throw new RangeError(`space '${space.name}': condition on '${param.name}', which is not a finite discrete parameter`);
        const options: Array<Scalar | typeof ABSENT> = [...values];
        if (param.when) options.push(ABSENT);
        return options;
    });
    const branchCount = choices.reduce((n, list) => n * list.length, 1);
    if (branchCount > 1_000_000) throw new RangeError(`space '${space.name}': ${branchCount} branches of conditions, too many to enumerate`);
    const dependents = space.components.filter(
        (c): c is ParamSpec | SubspaceSpec => (c.kind === 'param' || c.kind === 'subspace') && c.when !== undefined && !conditioning.has(c.name),
    );
    const dependentSizes = dependents.map((c) => sizeOfComponent(c, options));
    const branches: SpaceSize[] = [];
    const assignment: Assignment = new Map();
    const visit = (i: number): void => {
        if (i === members.length) {
            // Each conditioning parameter exists exactly when its own condition holds.
            for (const param of members) {
                const exists = !param.when || holds(param.when, assignment);
                if (exists !== (assignment.get(param.name) !== ABSENT)) return;
            }
            branches.push(productOf(dependents.map((c, k) => (holds(c.when!, assignment) ? dependentSizes[k] : plain(1n)))));
            return;
        }
        for (const value of choices[i]) {
            assignment.set(members[i].name, value);
            visit(i + 1);
        }
    };
    visit(0);
    return sumOf(branches);
}

function holds(condition: Condition, assignment: Assignment): boolean {
    switch (condition.op) {
        case 'and':
            return holds(condition.left, assignment) && holds(condition.right, assignment);
        case 'or':
            return holds(condition.left, assignment) || holds(condition.right, assignment);
        default: {
            const value = assignment.get(condition.param);
            if (value === undefined || value === ABSENT) return false;
            if ('value' in condition) return condition.op === '==' ? value === condition.value : value !== condition.value;
            const inList = condition.values.includes(value);
            return condition.op === 'in' ? inList : !inList;
        }
    }
}

/** Memoized per spec: sizing walks down a chain of sub-spaces and asks at every level (cubic for 2,000 levels). */
const constrainedSpecs = new WeakMap<SpaceSpec, boolean>();

function hasConstraints(space: SpaceSpec): boolean {
    let known = constrainedSpecs.get(space);
    if (known === undefined) {
        known = space.constraints.length > 0 || space.components.some((c) => c.kind === 'subspace' && hasConstraints(c.space));
        constrainedSpecs.set(space, known);
    }
    return known;
}

function constrainedSize(space: SpaceSpec, options: SizeOptions): SpaceSize {
    let counted: ConstrainedCount;
    try {
        counted = countConstrained(space, {
            ...(options.workLimit !== undefined ? { workLimit: options.workLimit } : {}),
            ...(options.samples !== undefined ? { samples: options.samples } : {}),
            ...(typeof options.seed === 'number' ? { seed: options.seed } : {}),
        });
    } catch (e) {
        const free = unconstrainedSize(space, options);
        return { ...free, exact: false, note: `constraints not evaluated (${(e as Error).message}): size before constraints` };
    }
    return fromConstrained(counted);
}

function fromConstrained(counted: ConstrainedCount): SpaceSize {
    const notes: string[] = [];
    if (counted.assumedNetwork) notes.push("constraints evaluated on NB201's CIFAR-10 skeleton (no `network` declared)");
    if (!counted.exact) notes.push('count of members satisfying the constraints is a Monte Carlo estimate (interval: 95% Wilson)');
    if (counted.unique === undefined) notes.push('unique not computed under constraints: shows raw');
    if (counted.continuous) {
        notes.push(`a continuous parameter: ${counted.raw.toString()} architectures satisfy the constraints`);
        return { raw: 'continuous', unique: 'continuous', exact: counted.exact, log10Raw: Infinity, log10Unique: Infinity, note: notes.join('; ') };
    }
    const unique = counted.unique ?? counted.raw;
    return {
        raw: counted.raw,
        unique,
        exact: counted.exact,
        log10Raw: log10Big(counted.raw),
        log10Unique: log10Big(unique),
        ...(counted.interval ? { interval: counted.interval } : {}),
        ...(notes.length ? { note: notes.join('; ') } : {}),
    };
}

/** An exact size whose unique count equals its raw count. */
export function plain(count: bigint | 'continuous'): SpaceSize {
    const log = log10Of(count);
    return { raw: count, unique: count, exact: true, log10Raw: log, log10Unique: log };
}

/** Product of independent sizes; intervals multiply (exact factors count as [v, v]). */
export function productOf(sizes: SpaceSize[]): SpaceSize {
    return combine(sizes, (a, b) => a * b, 1n, (a, b) => a * b);
}

/** Sum of sizes of disjoint branches; intervals add. */
export function sumOf(sizes: SpaceSize[]): SpaceSize {
    return combine(sizes, (a, b) => a + b, 0n, (a, b) => a + b);
}

function combine(sizes: SpaceSize[], op: (a: bigint, b: bigint) => bigint, unit: bigint, opNumber: (a: number, b: number) => number): SpaceSize {
    let raw: bigint | 'continuous' = unit;
    let unique: bigint | 'continuous' = unit;
    let exact = true;
    let low = Number(unit);
    let high = Number(unit);
    const notes: string[] = [];
    const isProduct = unit === 1n;
    for (const size of sizes) {
        // A zero factor empties a product even when another factor is continuous.
        raw = raw === 'continuous' || size.raw === 'continuous' ? (isProduct && (raw === 0n || size.raw === 0n) ? 0n : 'continuous') : op(raw, size.raw);
        unique = unique === 'continuous' || size.unique === 'continuous' ? (isProduct && (unique === 0n || size.unique === 0n) ? 0n : 'continuous') : op(unique, size.unique);
        exact &&= size.exact;
        const [l, h] = size.interval ?? (size.unique === 'continuous' ? [Infinity, Infinity] : [Number(size.unique), Number(size.unique)]);
        low = opNumber(low, l);
        high = opNumber(high, h);
        if (size.note) notes.push(size.note);
    }
    return {
        raw,
        unique,
        exact,
        log10Raw: log10Of(raw),
        log10Unique: log10Of(unique),
        ...(!exact && unique !== 'continuous' ? { interval: [low, high] as [number, number] } : {}),
        ...(notes.length ? { note: [...new Set(notes)].join('; ') } : {}),
    };
}

function formulaOf(component: ComponentSpec): string {
    switch (component.kind) {
        case 'cell':
            return `${component.ops.length}^${component.edges.length} (${component.edges.length} edges, ${component.ops.length} ops)`;
        case 'darts': {
            const parts = Array.from({ length: component.nodes }, (_, i) => `C(${component.inputs + i},${component.pick})`);
            return `${parts.join('·')} · ${component.ops.length}^${component.pick * component.nodes}`;
        }
        case 'graph':
            return `2^${(component.maxNodes * (component.maxNodes - 1)) / 2} · ${component.ops.length}^${component.maxNodes - 2} encodings; unique: graphs up to ${component.maxNodes} nodes, ${component.maxEdges} edges`;
        case 'chain':
            return `(${component.params.map((p) => domainText(p)).join('·') || '1'})^${component.layers}`;
        case 'param':
            return domainText(component);
        case 'subspace':
            return `space ${component.space.name}`;
    }
}

function domainText(param: ParamSpec): string {
    const size = domainSize(param.domain);
    return size === 'continuous' ? `${param.name}: continuous` : size.toString();
}
