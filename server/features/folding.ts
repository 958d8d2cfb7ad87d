/**
 * Folding: every braced block (op sets, spaces, cells, graphs, networks, layer chains, evaluator/policy/search
 * bodies), multi-line lists, block comments, and runs of two or more `//` line comments (the tour explains
 * each section with such runs; Langium's default only folds `/* *\/` comments).
 */
import type { AstNode, LangiumDocument } from 'langium';
import { CstUtils } from 'langium';
import { DefaultFoldingRangeProvider, type FoldingRangeAcceptor } from 'langium/lsp';
import { FoldingRangeKind } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';

const foldable: string[] = [
    ast.OpSet.$type, ast.Space.$type, ast.Cell.$type, ast.Graph.$type, ast.Network.$type, ast.Layers.$type,
    ast.Evaluator.$type, ast.Policy.$type, ast.Search.$type, ast.ListValue.$type, ast.Choice.$type,
    ast.OpsSetting.$type, ast.EdgesSetting.$type,
];

export class NasFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override shouldProcess(node: AstNode): boolean {
        return foldable.includes(node.$type);
    }

    protected override collectCommentFolding(document: LangiumDocument, node: AstNode, acceptor: FoldingRangeAcceptor): void {
        super.collectCommentFolding(document, node, acceptor);
        if (!node.$cstNode) return;
        // Group `//` comments that sit on consecutive lines, each alone on its line.
        let start = -1;
        let end = -1;
        const flush = () => {
            if (start >= 0 && end > start) acceptor({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
            start = end = -1;
        };
        const lines = document.textDocument.getText().split(/\r?\n/);
        for (const leaf of CstUtils.flattenCst(node.$cstNode)) {
            if (leaf.tokenType.name !== 'SL_COMMENT') continue;
            const line = leaf.range.start.line;
            const aloneOnLine = lines[line].trimStart().startsWith('//');
            if (!aloneOnLine) {
                flush();
                continue;
            }
            if (start >= 0 && line === end + 1) end = line;
            else {
                flush();
                start = end = line;
            }
        }
        flush();
    }
}
