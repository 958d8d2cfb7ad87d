/**
 * A quoted name (`"space" choice [1, 2]`) exists so that a keyword can be a name where the grammar reads it as
 * a keyword (docs/language.md "Keywords as names"); it must still spell a word, since names appear on command
 * lines (`--policy`), in result files and in generated code.
 */
import { GrammarUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';

const WORD = /^[A-Za-z_]\w*$/;

/** Checked per node by the validator's one walk over the document (a second walk of its own cost a pass). */
export function quotedNameChecks(): ValidationChecks<ast.NasAstType> {
    return { AstNode: checkQuotedName } as ValidationChecks<ast.NasAstType>;
}

function checkQuotedName(node: AstNode, accept: ValidationAcceptor): void {
    const name = (node as { name?: unknown }).name;
    // A word is fine quoted or not: only a name that is not a word needs its source text (a CST search).
    if (typeof name !== 'string' || WORD.test(name) || !node.$cstNode || ast.isModel(node)) return;
    const cst = GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
    if (!cst || !/^["']/.test(cst.text)) return;
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    accept('error', `a quoted name must still be a word (letters, digits and '_', not starting with a digit): '${shown}'`, { node, property: 'name' as never });
}
