/**
 * The size of a space as the validator needs it (does a policy's `sample 100` fit?), through the engine.
 * Returns undefined when the size cannot be known cheaply or the space does not compile cleanly (other
 * diagnostics then explain why).
 */
import type { AstNode } from 'langium';
import type * as ast from '../generated/ast.js';
import { compileSpace as compileSpaceAst, CompileContext } from '../compile.js';
import { sizeOfSpace } from '../../engine/size/index.js';
import { dartsRawSize } from '../../engine/size/darts.js';
import { graphRawSize } from '../../engine/size/graphs.js';
import { chainSize, domainSize } from '../../engine/size/params.js';
import type { SpaceSpec } from '../../engine/spec.js';
import { passMemo } from './pass-memo.js';
import { composesUnresolved } from '../unresolved.js';

/**
 * Work allowed to exact counts (unique cells, constrained members) while validating: enough for
 * NAS-Bench-201-sized spaces; beyond it the engine estimates, and estimates are not used to report errors.
 */
const WORK_LIMIT = 200_000;

/**
 * The space compiled on its own, or undefined when compiling it reports problems or a name in it (or in a space it
 * is composed of) does not resolve. Memoized for the
 * validation pass of `anchor`'s document (the node being validated): several checks ask for it.
 */
export function spaceSpecOf(space: ast.Space, anchor: AstNode = space): SpaceSpec | undefined {
    return passMemo(anchor, 'spaceSpec', space, () => {
        if (composesUnresolved(space)) return undefined;
        const context = new CompileContext();
        const spec = compileSpaceAst(space, context);
        return context.problems.length === 0 ? spec : undefined;
    });
}

/** Number of architectures in the space (constraints applied when they can be counted exactly). */
export function spaceSizeOf(space: ast.Space, anchor: AstNode = space): bigint | 'continuous' | undefined {
    return passMemo(anchor, 'spaceSize', space, () => {
        const spec = spaceSpecOf(space, anchor);
        if (!spec) return undefined;
        try {
            // Unconstrained: only the raw count is needed, and it is a plain product (no unique-cell count,
            // no estimate; those cost up to seconds for a new cell shape).
            const raw = plainRawCount(spec);
            if (raw !== undefined) return raw;
            const size = sizeOfSpace(spec, { workLimit: WORK_LIMIT, graphWork: WORK_LIMIT });
            // Raw counts of unconstrained spaces are always exact; a constrained count may be an estimate.
            return size.exact || !hasConstraints(spec) ? size.raw : undefined;
        } catch {
            return undefined;
        }
    });
}

/**
 * The raw count `sizeOfSpace` reports for a space without constraints and without `when` (anywhere in it),
 * computed without the unique counts: the product of the components' raw counts, with the engine's rule
 * that a zero factor empties a product even next to a continuous one. Undefined where only the engine's
 * full computation knows the answer (constraints, conditions, graphs it refuses to count).
 */
export function plainRawCount(spec: SpaceSpec): bigint | 'continuous' | undefined {
    // A saved space holds listed members, not the product of its base's components.
    if (spec.constraints.length > 0 || spec.saved) return undefined;
    let raw: bigint | 'continuous' = 1n;
    for (const component of spec.components) {
        if ('when' in component && component.when) return undefined;
        let size: bigint | 'continuous' | undefined;
        switch (component.kind) {
            case 'cell':
                size = BigInt(component.ops.length) ** BigInt(component.edges.length);
                break;
            case 'darts':
                size = dartsRawSize(component.inputs, component.nodes, component.pick, component.ops.length);
                break;
            case 'graph':
                // The engine's unique-graph count throws beyond 31 nodes, and the size with it.
                size = component.maxNodes > 31 ? undefined : graphRawSize(component.maxNodes, component.ops.length);
                break;
            case 'chain':
                size = chainSize(component);
                break;
            case 'param':
                size = domainSize(component.domain);
                break;
            case 'subspace':
                size = plainRawCount(component.space);
                break;
        }
        if (size === undefined) return undefined;
        raw = raw === 'continuous' || size === 'continuous' ? (raw === 0n || size === 0n ? 0n : 'continuous') : raw * size;
    }
    return raw;
}

function hasConstraints(spec: SpaceSpec): boolean {
    return spec.constraints.length > 0 || spec.components.some((c) => c.kind === 'subspace' && hasConstraints(c.space));
}

/** Ops per edge of the space's cells (the fewest when there are several), or undefined when it has no cell. */
export function opsPerEdge(spec: SpaceSpec): number | undefined {
    const counts: number[] = [];
    const walk = (s: SpaceSpec): void => {
        for (const c of s.components) {
            if (c.kind === 'cell' || c.kind === 'darts' || c.kind === 'graph') counts.push(c.ops.length);
            else if (c.kind === 'subspace') walk(c.space);
        }
    };
    walk(spec);
    return counts.length > 0 ? Math.min(...counts) : undefined;
}
