/**
 * Where the cursor is, in the terms features care about: the leaf token, the AST node it belongs to, the
 * property it is assigned to, and the declaration (with its schema category) that encloses it.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import * as ast from '../../dsl/generated/ast.js';
import type { DeclarationCategory } from '../../engine/registry/types.js';
import { categoryOf } from '../../dsl/validation/settings.js';

export interface CursorContext {
    leaf: CstNode;
    node: AstNode;
    /** The grammar property the leaf is assigned to (`name`, `key`, `kind`, ...), if any. */
    feature?: string;
    /** The leaf is a keyword of the grammar used as a keyword (not as a name). */
    keyword?: string;
}

export function cursorAt(document: LangiumDocument, offset: number): CursorContext | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    if (!leaf || leaf.hidden) return undefined;
    const feature = GrammarUtils.findAssignment(leaf)?.feature;
    const isKeyword = leaf.grammarSource?.$type === 'Keyword';
    // `edges all`, `true`, `not`: keywords even though assigned; a keyword spelling used as a name, key, kind,
    // reference or value (`cell normal`, `batch 64`, `space ops`, `key ops as digits`) is not a keyword there.
    // The same rule as semantic-tokens.ts highlightKeywords.
    const asKeyword = isKeyword && (feature === undefined || ['value', 'all', 'negated', 'operator'].includes(feature));
    return { leaf, node: leaf.astNode, feature, keyword: asKeyword ? leaf.text : undefined };
}

/** The evaluator/policy/search/network that owns a setting, with the schema category and kind to look keys up. */
export function settingOwner(node: AstNode): { category: DeclarationCategory; kind: string; owner: AstNode } | undefined {
    const owner = AstUtils.getContainerOfType(node, (n): n is ast.Evaluator | ast.Policy | ast.Search | ast.Network =>
        ast.isEvaluator(n) || ast.isPolicy(n) || ast.isSearch(n) || ast.isNetwork(n));
    if (!owner) return undefined;
    return { category: categoryOf(owner), kind: ast.isNetwork(owner) ? 'network' : owner.kind, owner };
}

/** The `//` comment lines directly above a node (its documentation, as the tour writes it). */
export function leadingComment(document: LangiumDocument, node: AstNode): string | undefined {
    const start = node.$cstNode?.range.start.line;
    if (start === undefined) return undefined;
    const lines = document.textDocument.getText().split(/\r?\n/);
    const comment: string[] = [];
    for (let line = start - 1; line >= 0; line--) {
        const text = lines[line].trim();
        if (!text.startsWith('//')) break;
        comment.unshift(text.replace(/^\/\/\s?/, ''));
    }
    return comment.length > 0 ? comment.join(' ') : undefined;
}
