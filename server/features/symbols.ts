/**
 * Outline of a `.nas` document: declarations with readable names and kinds, nested the way the file is.
 * Langium's default lists every node with a `name` (arguments, calls, inline ops); here only what a reader
 * navigates to appears: op sets and ops, spaces and their members, evaluators, policies, searches.
 */
import { GrammarUtils, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { describeDomain, opImplText, valueText } from './describe.js';

export class NasDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const model = document.parseResult.value as ast.Model;
        return model.declarations.flatMap((d) => this.symbolOf(d));
    }

    private symbolOf(node: AstNode): DocumentSymbol[] {
        const cst = node.$cstNode;
        if (!cst) return [];
        const make = (name: string, kind: SymbolKind, detail?: string, children?: DocumentSymbol[]): DocumentSymbol[] => {
            // Unnamed members (`cell {`, `network {`) select their whole declaration.
            const selection = nameCst(node) ?? cst;
            return [{ name: name || '?', kind, detail, range: cst.range, selectionRange: selection.range, children }];
        };
        const kids = (nodes: AstNode[]) => nodes.flatMap((n) => this.symbolOf(n));
        if (ast.isOpSet(node)) return make(node.name, SymbolKind.Enum, 'op set', kids(node.ops));
        if (ast.isOpDef(node)) return make(node.name, SymbolKind.EnumMember, node.impl ? opImplText(node.impl) : undefined);
        if (ast.isSpace(node)) return make(node.name, SymbolKind.Struct, 'space', kids(node.members));
        if (ast.isCell(node)) {
            const detail = node.copyOf ? `copy of ${node.copyOf.$refText}` : 'cell';
            return make(node.name ?? 'cell', SymbolKind.Class, detail);
        }
        if (ast.isGraph(node)) return make(node.name ?? 'graph', SymbolKind.Class, 'graph');
        if (ast.isNetwork(node)) return make('network', SymbolKind.Object, 'macro skeleton');
        if (ast.isLayers(node)) return make(`layers ${node.count}`, SymbolKind.Array, `${node.count} layers`, kids(node.params));
        if (ast.isConstraint(node)) return make(`constraint ${node.metric} ${node.op} ${valueText(node.value)}`, SymbolKind.Boolean);
        if (ast.isDimension(node)) {
            if (node.space) return make(node.name, SymbolKind.Module, `space ${node.space.$refText}`);
            return make(node.name, SymbolKind.Field, node.domain ? describeDomain(node.domain) : undefined);
        }
        if (ast.isEvaluator(node)) return make(node.name, SymbolKind.Function, `evaluator ${node.kind}`);
        if (ast.isPolicy(node)) return make(node.name, SymbolKind.Event, `policy ${node.kind}(${node.space?.$refText ?? ''})`);
        if (ast.isSearch(node)) return make(node.name, SymbolKind.Method, `search ${node.kind}(${node.target?.$refText ?? ''})`);
        return [];
    }
}

function nameCst(node: AstNode): CstNode | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, 'name');
}
