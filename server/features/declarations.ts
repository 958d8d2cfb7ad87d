/**
 * The spaces, policies and searches of a document for the client's run commands (`lissnas/declarations`): the
 * client imports no dsl/, so it learns the names to offer, and whether running one would start a `command`
 * evaluator (refused in an untrusted workspace), from here.
 */
import { AstUtils, GrammarUtils, isReference, type AstNode, type LangiumDocument } from 'langium';
import * as ast from '../../dsl/generated/ast.js';
import type { DeclarationInfo } from '../../protocol/lsp.js';

export function declarationsOf(document: LangiumDocument): DeclarationInfo[] {
    const model = document.parseResult.value as ast.Model;
    const result: DeclarationInfo[] = [];
    for (const declaration of model.declarations) {
        if (!ast.isSpace(declaration) && !ast.isPolicy(declaration) && !ast.isSearch(declaration)) continue;
        const kind = ast.isSpace(declaration) ? 'space' : ast.isPolicy(declaration) ? 'policy' : 'search';
        const cst = declaration.$cstNode;
        // A declaration the parser recovered without a name cannot be run by name.
        if (!cst || !declaration.name) continue;
        const nameRange = GrammarUtils.findNodeForProperty(cst, 'name')?.range ?? cst.range;
        result.push({
            kind,
            name: declaration.name,
            range: cst.range,
            nameRange,
            detail: detailOf(declaration),
            ...algorithmOf(declaration),
            commandEvaluators: commandEvaluators(declaration),
        });
    }
    return result;
}

function detailOf(declaration: ast.Space | ast.Policy | ast.Search): string {
    if (ast.isSpace(declaration)) return 'space';
    const target = ast.isPolicy(declaration) ? declaration.space : declaration.target;
    return `${declaration.kind ?? '?'}(${target?.$refText ?? '?'})`;
}

/** The algorithm and target a run command shows (the editor's "Search from here" offers `local` searches first). */
function algorithmOf(declaration: ast.Space | ast.Policy | ast.Search): { algorithm?: string; target?: string } {
    if (ast.isSpace(declaration)) return {};
    const target = (ast.isPolicy(declaration) ? declaration.space : declaration.target)?.$refText;
    return { ...(declaration.kind ? { algorithm: declaration.kind } : {}), ...(target ? { target } : {}) };
}

/**
 * Every `command` evaluator reached from `start` through references, transitively (a search's policy, a policy
 * it `match`es, an evaluator's own `evaluate`), each once; unresolved references reach nothing.
 */
function commandEvaluators(start: AstNode): string[] {
    const found: string[] = [];
    const seen = new Set<AstNode>();
    const pending: AstNode[] = [start];
    while (pending.length > 0) {
        const node = pending.shift()!;
        if (seen.has(node)) continue;
        seen.add(node);
        if (ast.isEvaluator(node) && node.kind === 'command') found.push(node.name);
        for (const child of AstUtils.streamAst(node)) {
            for (const { reference } of AstUtils.streamReferences(child)) {
                const target = isReference(reference) ? reference.ref : undefined;
                const top = target && topLevel(target);
                if (top && !seen.has(top)) pending.push(top);
            }
        }
    }
    return found;
}

function topLevel(node: AstNode): AstNode | undefined {
    let current: AstNode | undefined = node;
    while (current?.$container && !ast.isModel(current.$container)) current = current.$container;
    return current;
}
