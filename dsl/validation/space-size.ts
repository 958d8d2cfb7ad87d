/**
 * The size of a space as the validator needs it (does a policy's `sample 100` fit?), through the engine.
 * Returns undefined when the size cannot be known cheaply or the space does not compile cleanly (other
 * diagnostics then explain why).
 */
import type * as ast from '../generated/ast.js';
import { compileSpace as compileSpaceAst, CompileContext } from '../compile.js';
import { sizeOfSpace } from '../../engine/size/index.js';
import type { SpaceSpec } from '../../engine/spec.js';

/**
 * Work allowed to exact counts (unique cells, constrained members) while validating: enough for
 * NAS-Bench-201-sized spaces; beyond it the engine estimates, and estimates are not used to report errors.
 */
const WORK_LIMIT = 200_000;

export function spaceSpecOf(space: ast.Space): SpaceSpec | undefined {
    const context = new CompileContext();
    const spec = compileSpaceAst(space, context);
    return context.problems.length === 0 ? spec : undefined;
}

/** Number of architectures in the space (constraints applied when they can be counted exactly). */
export function spaceSizeOf(space: ast.Space): bigint | 'continuous' | undefined {
    const spec = spaceSpecOf(space);
    if (!spec) return undefined;
    try {
        const size = sizeOfSpace(spec, { workLimit: WORK_LIMIT });
        // Raw counts of unconstrained spaces are always exact; a constrained count may be an estimate.
        return size.exact || !hasConstraints(spec) ? size.raw : undefined;
    } catch {
        return undefined;
    }
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
