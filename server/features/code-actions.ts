/**
 * Quick fixes for the common mistakes (codes in fix-codes.ts):
 * swap inverted bounds, remove a duplicate choice or op, reverse a backwards edge, create a missing op set
 * (`ops Foo` with no `ops Foo { ... }` → insert one before the space), and "did you mean" replacements.
 * Every fix is computed from the AST at the diagnostic, never from the message text alone, so a fix never
 * edits something other than what the diagnostic points at.
 */
import { AstUtils, CstUtils, type AstNode, type LangiumDocument } from 'langium';
import type { CodeActionProvider, LangiumServices } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { DISTRIBUTION_PARAMETERS } from '../../dsl/compile.js';
import { FixCode, fixCodesOf } from './fix-codes.js';

export class NasCodeActionProvider implements CodeActionProvider {
    constructor(_services: LangiumServices) {}

    getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
        return params.context.diagnostics.flatMap((diagnostic) => quickFixes(document, diagnostic));
    }
}

/** Every quick fix for one diagnostic. */
export function quickFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
    const actions: CodeAction[] = [];
    for (const code of fixCodesOf(diagnostic)) {
        const action = fixFor(code, document, diagnostic);
        if (action) actions.push({ ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] });
    }
    return actions;
}

type Fix = Omit<CodeAction, 'kind' | 'diagnostics'>;

function fixFor(code: string, document: LangiumDocument, diagnostic: Diagnostic): Fix | undefined {
    switch (code) {
        case FixCode.InvertedBounds: return swapBounds(document, diagnostic);
        case FixCode.DuplicateChoice: return removeListItem(document, diagnostic, ast.isChoice, (c) => c.values, 'value');
        case FixCode.DuplicateOp: return removeListItem(document, diagnostic, ast.isOpsSetting, (s) => s.inline, 'op');
        case FixCode.BackwardEdge: return swapEdge(document, diagnostic);
        case FixCode.LinkingError: return createOpSet(document, diagnostic);
        case FixCode.DidYouMean: return didYouMean(document, diagnostic);
        default: return undefined;
    }
}

function edit(document: LangiumDocument, title: string, edits: TextEdit[], preferred = true): Fix {
    return { title, isPreferred: preferred, edit: { changes: { [document.textDocument.uri]: edits } } };
}

/** The innermost AST node of the given type around the diagnostic's start. */
function nodeAt<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, is: (n: AstNode) => n is T): T | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const offset = document.textDocument.offsetAt(diagnostic.range.start);
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    return leaf ? AstUtils.getContainerOfType(leaf.astNode, is) : undefined;
}

function swapBounds(document: LangiumDocument, diagnostic: Diagnostic): Fix | undefined {
    const distribution = nodeAt(document, diagnostic, ast.isDistribution);
    if (!distribution) return undefined;
    const order = DISTRIBUTION_PARAMETERS[distribution.kind];
    const argNamed = (name: string) => distribution.args.find((a) => a.name === name) ?? distribution.args.filter((a) => !a.name)[order.indexOf(name)];
    const low = argNamed('low')?.value.$cstNode;
    const high = argNamed('high')?.value.$cstNode;
    if (!low || !high) return undefined;
    return edit(document, `Swap the bounds: ${distribution.kind}(${high.text}, ${low.text})`, [
        { range: low.range, newText: high.text },
        { range: high.range, newText: low.text },
    ]);
}

function removeListItem<C extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, is: (n: AstNode) => n is C, itemsOf: (c: C) => AstNode[], word: string): Fix | undefined {
    const container = nodeAt(document, diagnostic, is);
    if (!container) return undefined;
    const items = itemsOf(container);
    const at = document.textDocument.offsetAt(diagnostic.range.start);
    const index = items.findIndex((item) => item.$cstNode && item.$cstNode.offset <= at && at < item.$cstNode.end);
    if (index <= 0) return undefined; // the first occurrence is never the duplicate
    const item = items[index].$cstNode!;
    // Remove from the end of the previous item, so `[1, 2, 1]` becomes `[1, 2]` (comma and space included).
    const start = items[index - 1].$cstNode!.end;
    return edit(document, `Remove the duplicate ${word} ${item.text}`, [{
        range: { start: document.textDocument.positionAt(start), end: item.range.end },
        newText: '',
    }]);
}

function swapEdge(document: LangiumDocument, diagnostic: Diagnostic): Fix | undefined {
    const e = nodeAt(document, diagnostic, ast.isEdge);
    const cst = e?.$cstNode;
    if (!e || !cst) return undefined;
    const edges = e.$container.edges;
    const index = edges.indexOf(e);
    if (edges.some((other) => other.from === e.to && other.to === e.from)) {
        // Reversing would duplicate an edge: remove this one with its separator.
        const start = index > 0 ? edges[index - 1].$cstNode!.end : cst.offset;
        const end = index > 0 ? cst.end : (edges[index + 1]?.$cstNode?.offset ?? cst.end);
        return edit(document, `Remove the edge ${e.from} -> ${e.to} (${e.to} -> ${e.from} is already listed)`, [{
            range: { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) },
            newText: '',
        }]);
    }
    return edit(document, `Reverse the edge: ${e.to} -> ${e.from}`, [{ range: cst.range, newText: `${e.to} -> ${e.from}` }]);
}

/** `ops Foo` names no op set: insert `ops Foo { ... }` before the space that uses it. */
function createOpSet(document: LangiumDocument, diagnostic: Diagnostic): Fix | undefined {
    const data = diagnostic.data as { containerType?: string; property?: string; refText?: string } | undefined;
    if (data?.containerType !== 'OpsSetting' || data.property !== 'opSet' || !data.refText) return undefined;
    const setting = nodeAt(document, diagnostic, ast.isOpsSetting);
    const declaration = setting && AstUtils.getContainerOfType(setting, (n): n is ast.Declaration => ast.isModel(n.$container));
    const start = declaration?.$cstNode?.range.start;
    if (!start || !/^[_a-zA-Z]\w*$/.test(data.refText)) return undefined;
    const at = { line: start.line, character: 0 };
    const text = `ops ${data.refText} {\n  skip_connect = identity\n  conv_3x3 = relu_conv_bn(kernel: 3)\n}\n\n`;
    return edit(document, `Create op set '${data.refText}'`, [{ range: { start: at, end: at }, newText: text }]);
}

/** Replaces the misspelt name the diagnostic points at with the suggestion of its message. */
function didYouMean(document: LangiumDocument, diagnostic: Diagnostic): Fix | undefined {
    const suggestion = /did you mean '([^']+)'\?/.exec(diagnostic.message)?.[1];
    if (!suggestion) return undefined;
    const current = document.textDocument.getText(diagnostic.range);
    // Only a single word is replaced: a diagnostic on a whole declaration must not be overwritten.
    if (!/^[_a-zA-Z]\w*$/.test(current)) return undefined;
    return edit(document, `Change to '${suggestion}'`, [{ range: diagnostic.range, newText: suggestion }]);
}
