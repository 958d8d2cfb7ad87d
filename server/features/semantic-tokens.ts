/**
 * Semantic highlighting: what TextMate cannot know. Declaration names by kind (with the `declaration`
 * modifier), references by the kind of what they resolve to, op names, numbers (with units), setting keys,
 * argument names, and keywords (only real keywords: `cell normal` and `batch choice [...]` use keyword
 * spellings as names, and those are coloured as names).
 *
 * Token types per construct:
 *   space → type, op set → enum, op → enumMember, cell/graph → class, dimension → variable,
 *   evaluator → function, policy → event, search → method, implementation/distribution/kind → function
 *   (defaultLibrary), setting key → property, argument name → parameter, number/quantity → number, string → string.
 */
import { CstUtils, GrammarUtils, type AstNode, type Reference } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';

const T = SemanticTokenTypes;
const declaration = SemanticTokenModifiers.declaration;
const library = SemanticTokenModifiers.defaultLibrary;

/** The token type for a declaration of this AST type (also used for references that resolve to it). */
export function tokenTypeOf(node: AstNode | undefined): string | undefined {
    if (!node) return undefined;
    if (ast.isSpace(node)) return T.type;
    if (ast.isOpSet(node)) return T.enum;
    if (ast.isOpDef(node) || ast.isInlineOp(node)) return T.enumMember;
    if (ast.isCell(node) || ast.isGraph(node)) return T.class;
    if (ast.isDimension(node)) return T.variable;
    if (ast.isEvaluator(node)) return T.function;
    if (ast.isPolicy(node)) return T.event;
    if (ast.isSearch(node)) return T.method;
    return undefined;
}

export class NasSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (ast.isModel(node)) {
            this.highlightKeywords(node, acceptor);
            return;
        }
        const declared = tokenTypeOf(node);
        if (declared && 'name' in node && node.name !== undefined) {
            acceptor({ node, property: 'name' as never, type: declared, modifier: declaration });
        }
        const ref = (property: string, reference: Reference | undefined, fallback: string) => {
            if (!reference) return;
            const type = tokenTypeOf(reference.ref) ?? fallback;
            acceptor({ node, property: property as never, type });
        };
        if (ast.isDimension(node)) ref('space', node.space, T.type);
        else if (ast.isOpsSetting(node)) ref('opSet', node.opSet, T.enum);
        else if (ast.isCell(node)) ref('copyOf', node.copyOf, T.class);
        else if (ast.isPolicy(node)) ref('space', node.space, T.type);
        else if (ast.isSearch(node)) ref('target', node.target, T.type);
        else if (ast.isEvaluateSetting(node)) ref('evaluator', node.evaluator, T.function);
        else if (ast.isMatchSetting(node)) ref('policy', node.policy, T.event);
        else if (ast.isComparison(node)) ref('param', node.param, T.variable);

        if (ast.isEvaluator(node) || ast.isPolicy(node) || ast.isSearch(node) || ast.isOpImpl(node) || ast.isDistribution(node)) {
            acceptor({ node, property: 'kind' as never, type: T.function, modifier: library });
        }
        if (ast.isCallValue(node)) acceptor({ node, property: 'name' as never, type: T.function, modifier: library });
        if (ast.isGenericSetting(node) || ast.isEvaluateSetting(node) || ast.isMatchSetting(node)) {
            acceptor({ node, property: 'key' as never, type: T.property });
        }
        if (ast.isArg(node) && node.name !== undefined) acceptor({ node, property: 'name' as never, type: T.parameter });
        if (ast.isConstraint(node)) acceptor({ node, property: 'metric' as never, type: T.property });
        if (ast.isNumberValue(node) || ast.isQuantityValue(node)) acceptor({ node, property: 'value' as never, type: T.number });
        if (ast.isStringValue(node)) acceptor({ node, property: 'value' as never, type: T.string });
        if (ast.isWordValue(node)) acceptor({ node, property: 'word' as never, type: T.enumMember });
        if (ast.isEdge(node)) {
            acceptor({ node, property: 'from' as never, type: T.number });
            acceptor({ node, property: 'to' as never, type: T.number });
        }
        if ('count' in node && typeof node.count === 'number') acceptor({ node, property: 'count' as never, type: T.number });
    }

    /** Keywords that are used as keywords, i.e. not assigned to a name, key or kind property. */
    private highlightKeywords(model: ast.Model, acceptor: SemanticTokenAcceptor): void {
        if (!model.$cstNode) return;
        for (const leaf of CstUtils.flattenCst(model.$cstNode)) {
            if (leaf.hidden || !/^[a-z_]+$/.test(leaf.text)) continue;
            const source = leaf.grammarSource;
            if (!source || source.$type !== 'Keyword') continue;
            const assignment = GrammarUtils.findAssignment(leaf);
            // `true` is assigned to BooleanValue.value, `all` to EdgesSetting.all, `not` to Comparison.negated:
            // still keywords. Names, keys and kinds are coloured by highlightElement.
            if (assignment && !['value', 'all', 'negated', 'operator'].includes(assignment.feature)) continue;
            acceptor({ cst: leaf, type: T.keyword });
        }
    }
}
