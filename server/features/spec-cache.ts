/**
 * Compiling and keying the spaces of one document version without quadratic work. A space that composes
 * another (`a S1`) contains that space's whole spec; compiling every space with a fresh context, walking
 * every reference chain, and keying caches by `JSON.stringify(spec)` made a chain of 2,000 composed spaces
 * take over a minute in the editor. Here each space is compiled once per AST version (one shared
 * `CompileContext`), its problem and first unresolved reference are remembered, and cache keys are
 * hashes built from the keys of the sub-spaces.
 */
import { createHash } from 'node:crypto';
import { AstUtils, type AstNode } from 'langium';
import * as ast from '../../dsl/generated/ast.js';
import { CompileContext, compileSpace } from '../../dsl/compile.js';
import { unresolvedIn } from '../../dsl/unresolved.js';
import type { SpaceSpec } from '../../engine/spec.js';

export interface Compiled {
    spec: SpaceSpec;
    /** The first problem of the space or of a space it composes: it cannot be sized then. */
    problem?: string;
}

interface ModelState {
    context: CompileContext;
    compiled: Map<ast.Space, Compiled>;
    /** The first compile problem inside each space, whichever compilation found it. */
    problemOf: Map<ast.Space, string>;
    /** Problems of `context` already attributed to their space. */
    attributed: number;
    inProgress: Set<ast.Space>;
}

const states = new WeakMap<ast.Model, ModelState>();

function stateOf(space: ast.Space): ModelState {
    const model = space.$container;
    let state = states.get(model);
    if (!state) states.set(model, (state = { context: new CompileContext(), compiled: new Map(), problemOf: new Map(), attributed: 0, inProgress: new Set() }));
    return state;
}

/** Files each new problem under the space that contains its node (the context caches spaces, so a
 * space compiled as part of another one reports its problems only then). */
function attribute(state: ModelState): void {
    const problems = state.context.problems;
    for (; state.attributed < problems.length; state.attributed++) {
        const { node, message } = problems[state.attributed];
        const space = AstUtils.getContainerOfType(node, ast.isSpace);
        if (space && !state.problemOf.has(space)) state.problemOf.set(space, message);
    }
}

function isInside(node: AstNode, ancestor: AstNode): boolean {
    for (let n: AstNode | undefined = node; n; n = n.$container) if (n === ancestor) return true;
    return false;
}

/** The spec of a space declaration and its first problem (its own, an unresolved name, or a composed space's). */
export function compiled(space: ast.Space): Compiled {
    const state = stateOf(space);
    const known = state.compiled.get(space);
    if (known) return known;
    if (state.inProgress.has(space)) return { spec: { name: space.name, components: [], constraints: [] } }; // a cycle: reported by the validator
    state.inProgress.add(space);
    try {
        const spec = compileSpace(space, state.context);
        attribute(state);
        const problem = state.problemOf.get(space) ?? problemOfMembers(space.members, state);
        // A saved space whose file the validator has not read yet: not sized now, and not cached (asked again, it
        // compiles with its members once the read is done).
        if (spec.saved && !spec.saved.space) return { spec, problem: problem ?? `reading ${spec.saved.path}` };
        const result: Compiled = problem ? { spec, problem } : { spec };
        state.compiled.set(space, result);
        return result;
    } finally {
        state.inProgress.delete(space);
    }
}

/** The spec of `space` with only `member` (a synthetic space, not cached) and that member's first problem. */
export function compiledMember(space: ast.Space, member: ast.SpaceMember | ast.Dimension): Compiled {
    const state = stateOf(space);
    const alone = { ...space, members: [member] } as ast.Space;
    const before = state.context.problems.length;
    const spec = compileSpace(alone, state.context);
    const own = state.context.problems.slice(before).find((p) => isInside(p.node, member))?.message;
    attribute(state);
    const problem = own ?? problemOfMembers([member], state);
    return problem ? { spec, problem } : { spec };
}

function problemOfMembers(members: ReadonlyArray<ast.SpaceMember | ast.Dimension>, state: ModelState): string | undefined {
    for (const member of members) {
        const unresolved = unresolvedIn(member);
        if (unresolved) return unresolved;
    }
    for (const member of members) {
        const target = ast.isDimension(member) ? member.space?.ref : undefined;
        const inner = target && !state.inProgress.has(target) ? compiled(target).problem : undefined;
        if (inner) return inner;
    }
    return undefined;
}

const keys = new WeakMap<SpaceSpec, string>();

/** A short key equal for equal specs: a hash of the spec with each sub-space replaced by its own key. */
export function specKey(spec: SpaceSpec): string {
    let key = keys.get(spec);
    if (key === undefined) {
        const flat = { ...spec, components: spec.components.map((c) => (c.kind === 'subspace' ? { ...c, space: specKey(c.space) } : c)) };
        key = createHash('sha256').update(JSON.stringify(flat)).digest('base64');
        keys.set(spec, key);
    }
    return key;
}
