/**
 * A quoted name (`"space" choice [1, 2]`) exists so that a keyword can be a name where the grammar reads it as
 * a keyword (docs/language.md "Keywords as names"); it must still spell a word, since names appear on command
 * lines (`--policy`), in result files and in generated code.
 */
import { AstUtils, GrammarUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';

const WORD = /^[A-Za-z_]\w*$/;

export function quotedNameChecks(): ValidationChecks<ast.NasAstType> {
    return { Model: checkQuotedNames };
}

function checkQuotedNames(model: ast.Model, accept: ValidationAcceptor): void {
    for (const node of AstUtils.streamAllContents(model)) {
        const name = (node as { name?: unknown }).name;
        if (typeof name !== 'string' || !node.$cstNode) continue;
        const cst = GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
        if (!cst || !/^["']/.test(cst.text) || WORD.test(name)) continue;
        const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
        accept('error', `a quoted name must still be a word (letters, digits and '_', not starting with a digit): '${shown}'`, { node, property: 'name' as never });
    }
}
