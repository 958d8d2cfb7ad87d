import { AstUtils, type AstNode } from 'langium';
import * as ast from './generated/ast.js';

/** `unknown name 'X'` for the first reference in `node` itself that does not resolve (references not followed). */
export function unresolvedIn(node: AstNode): string | undefined {
    for (const child of AstUtils.streamAst(node)) {
        for (const reference of AstUtils.streamReferences(child)) {
            const link = reference.reference;
            if (!('ref' in link)) continue; // multi-references: none in this grammar
            if (!link.ref) return `unknown name '${link.$refText}'`;
        }
    }
    return undefined;
}

/**
 * Whether `space` or a space it is composed of (`x OtherSpace`, transitively) has a name that does not resolve.
 * Compiling such a space gives a smaller space than the text means (an unknown op set is no ops), so the checks
 * that judge a compiled space (satisfiable constraints, `sample` larger than the space) keep quiet: the linker's
 * one error is the mistake.
 */
export function composesUnresolved(space: ast.Space, seen = new Set<ast.Space>()): boolean {
    if (seen.has(space)) return false;
    seen.add(space);
    if (unresolvedIn(space)) return true;
    return space.members.some((m) => ast.isDimension(m) && m.space?.ref !== undefined && composesUnresolved(m.space.ref, seen));
}
