/**
 * Canonical layout of `.nas` documents (idempotent: formatting twice changes nothing).
 *
 * - declarations start on their own line; at most one blank line between them (one is kept if written);
 * - blocks `{ ... }`: one member per line, indented one level (2 spaces with the editor's default options).
 *   A body written on ONE line (`{ evaluate c10; sample 200 }`) stays on one line with single spaces: the
 *   tour writes short bodies that way and splitting them would make the file twice as long. The choice only
 *   depends on where the author put the braces, so it is stable under reformatting;
 * - one space around `=`, `->`, comparison operators, `and`/`or`, after `,` and `:`; none before `,`, `:`,
 *   `;`, `)`, `]`, none inside brackets and parentheses, none before the `(` of a call or distribution.
 * - column alignment is the author's: after a parameter name or a setting key, before a declaration's `=`
 *   and before a one-line body, extra spaces are kept (at least one is required), so aligned blocks like the
 *   tour's stay aligned. Everywhere else spacing is canonical.
 * Comments keep their place; trailing comments keep the spacing the author aligned them with; comments on
 * their own line are indented like the line they describe. A document with syntax errors is not formatted, and
 * neither full nor range formatting ever changes anything but whitespace between tokens (checked on every result).
 */
import { CstUtils, isLeafCstNode, type AstNode, type CstNode, type LangiumDocument, type Lexer } from 'langium';
import type { DocumentFormattingParams, DocumentRangeFormattingParams, FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AbstractFormatter, Formatting, type FormattingAction, type NodeFormatter } from 'langium/lsp';
import * as ast from '../../dsl/generated/ast.js';
import { applyGaps, gapsInside, whitespaceGaps } from './whitespace-edits.js';

const oneSpace = Formatting.oneSpace();
/** At least one space: where authors align columns (after a name or a key, before `=`), their alignment stays. */
const alignable = Formatting.oneSpace({ allowMore: true });
const noSpace = Formatting.noSpace();

/** A new line at the current indentation, keeping one blank line if the author wrote one (never more). */
const newLineKeepBlank: FormattingAction = { options: {}, moves: [{ lines: 1 }, { lines: 2 }] };
/** Same, one level deeper: the first line of every block member. */
const indentKeepBlank: FormattingAction = { options: {}, moves: [{ tabs: 1, lines: 1 }, { tabs: 1, lines: 2 }] };

export class NasFormatter extends AbstractFormatter {
    /** The canonical indentation is 2 spaces whatever the editor's tab size (tabs stay tabs if the user wants them). */
    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        return super.doDocumentFormat(document, options.insertSpaces ? { ...options, tabSize: 2 } : options, range);
    }

    constructor(private readonly lexer?: Lexer) {
        super();
    }

    /**
     * Langium indents a comment on its own line before it has seen the indentation of the member that
     * follows it, so `// note` above a block member ends up at column 0. The whole-document result is
     * therefore post-processed: such comments take the indentation of the line they describe. One edit
     * for the whole text; editors reduce it to the changed lines themselves.
     */
    override formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
        const before = document.textDocument.getText();
        const after = this.formattedText(document, params.options);
        if (after === undefined || after === before) return [];
        return [{ range: { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(before.length) }, newText: after }];
    }

    /**
     * Range formatting is the whole-document result restricted to the range: only whitespace gaps inside it
     * change (whitespace-edits.ts), so code outside the range is never touched, and a range of a formatted
     * document gives what full formatting gives there.
     */
    override formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
        const before = document.textDocument.getText();
        const after = this.formattedText(document, params.options);
        if (after === undefined || after === before) return [];
        const gaps = whitespaceGaps(before, after);
        if (gaps === undefined) return [];
        const from = document.textDocument.offsetAt(params.range.start);
        const to = document.textDocument.offsetAt(params.range.end);
        const inside = gapsInside(gaps, before, Math.min(from, to), Math.max(from, to));
        if (!this.sameTokens(before, applyGaps(before, inside))) return [];
        return inside.map((gap) => ({
            range: { start: document.textDocument.positionAt(gap.start), end: document.textDocument.positionAt(gap.end) },
            newText: gap.text,
        }));
    }

    /** Never on type: the client is not offered it (nas-lsp-module.ts); declined if asked anyway. */
    override formatDocumentOnType(): TextEdit[] {
        return [];
    }

    /**
     * The canonical text of the document, or undefined when formatting is declined: on syntax errors (a partial
     * tree could glue or split tokens), and whenever the result would differ from the text in anything but the
     * whitespace between the same tokens (a guard against formatter bugs: formatting never changes meaning).
     */
    formattedText(document: LangiumDocument, options: FormattingOptions): string | undefined {
        if (document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0) return undefined;
        const edits = this.doDocumentFormat(document, options);
        const before = document.textDocument.getText();
        const formatted = TextDocument.applyEdits(TextDocument.create('', 'nas', 0, before), edits);
        const after = indentOwnLineComments(formatted, options.insertSpaces ? '  ' : '\t');
        if (after === before) return after;
        if (whitespaceGaps(before, after) === undefined || !this.sameTokens(before, after)) return undefined;
        return after;
    }

    /** Both texts lex to the same tokens and comments (no tokens glued together or split by a whitespace change). */
    private sameTokens(a: string, b: string): boolean {
        if (!this.lexer) return true;
        const images = (text: string) => {
            const result = this.lexer!.tokenize(text);
            return [...result.tokens, ...(result.hidden ?? [])].sort((x, y) => x.startOffset - y.startOffset).map((t) => `${t.tokenType.name}:${t.image}`).join('\u0000');
        };
        return images(a) === images(b);
    }

    protected format(node: AstNode): void {
        if (ast.isModel(node)) return this.formatModel(node);
        // `any`: the node is narrowed below, after the formatter is created; property names are checked by tests.
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const f: NodeFormatter<any> = this.getNodeFormatter(node);
        if (ast.isOpSet(node)) {
            f.keyword('ops').append(oneSpace);
            this.block(f, node.ops);
            f.keywords(';', ',').prepend(noSpace);
        } else if (ast.isOpDef(node)) {
            f.keyword('=').surround(oneSpace);
        } else if (ast.isOpImpl(node) || ast.isCallValue(node) || ast.isDistribution(node)) {
            this.call(f);
        } else if (ast.isSpace(node)) {
            f.keyword('space').append(oneSpace);
            this.block(f, node.members);
        } else if (ast.isCell(node)) {
            f.keyword('=').surround(oneSpace);
            if (node.name !== undefined) f.keyword('cell').append(oneSpace);
            this.block(f, node.settings);
        } else if (ast.isGraph(node)) {
            if (node.name !== undefined) f.keyword('graph').append(oneSpace);
            this.block(f, node.settings);
        } else if (ast.isNetwork(node)) {
            this.block(f, node.settings);
        } else if (ast.isLayers(node)) {
            f.keyword('layers').append(oneSpace);
            this.block(f, node.params);
        } else if (ast.isEvaluator(node) || ast.isPolicy(node) || ast.isSearch(node)) {
            // Only the declaration's own keyword: keywords are names too, so `op_pruning(policy)` refers to a
            // space called `policy`, and spacing every `policy` token made formatting oscillate.
            const head = firstToken(node);
            if (head) f.cst([head]).append(oneSpace);
            f.keyword('=').prepend(alignable).append(oneSpace);
            this.call(f);
            this.block(f, node.settings);
        } else if (ast.isDimension(node)) {
            f.property('name').append(alignable);
            f.keyword('when').surround(oneSpace);
            f.keyword(';').prepend(noSpace);
        } else if (ast.isConstraint(node)) {
            f.keyword('constraint').append(oneSpace);
            f.property('op').surround(oneSpace);
            f.keyword(';').prepend(noSpace);
        } else if (ast.isChoice(node)) {
            f.keyword('choice').append(oneSpace);
            this.list(f);
        } else if (ast.isListValue(node)) {
            this.list(f);
        } else if (ast.isEdgesSetting(node) || ast.isOpsSetting(node)) {
            f.keywords('edges', 'ops').append(oneSpace);
            this.list(f);
            f.keyword(';').prepend(noSpace);
        } else if (ast.isEdge(node)) {
            f.keyword('->').surround(oneSpace);
        } else if (ast.isArg(node)) {
            f.keyword(':').prepend(noSpace).append(oneSpace);
        } else if (ast.isGenericSetting(node) || ast.isEvaluateSetting(node) || ast.isMatchSetting(node)
            || ast.isNodesSetting(node) || ast.isInputsSetting(node) || ast.isPickSetting(node)
            || ast.isMaxNodesSetting(node) || ast.isMaxEdgesSetting(node)) {
            this.setting(f, node);
        } else if (ast.isComparison(node)) {
            f.property('operator').surround(oneSpace);
            f.keyword('not').surround(oneSpace);
            this.parentheses(f);
        } else if (ast.isBinaryCondition(node)) {
            f.property('operator').surround(oneSpace);
            this.parentheses(f);
        } else if (ast.isImport(node)) {
            f.keyword('import').append(oneSpace);
            f.keyword(';').prepend(noSpace);
        }
    }

    private formatModel(model: ast.Model): void {
        const f = this.getNodeFormatter(model);
        const items = [...model.imports, ...model.declarations].sort((a, b) => (a.$cstNode?.offset ?? 0) - (b.$cstNode?.offset ?? 0));
        // The first item must not get a line break in front of it (it would insert an empty first line).
        const rest = items.slice(1);
        if (rest.length > 0) f.nodes(...rest).prepend(newLineKeepBlank);
        if (items[0]) f.node(items[0]).prepend(noSpace);
    }

    /** `{ members }`: one per line and indented, unless the author wrote the whole body on one line. */
    private block(f: NodeFormatter<AstNode>, members: AstNode[]): void {
        const open = f.keyword('{');
        const close = f.keyword('}');
        if (open.nodes.length === 0 || close.nodes.length === 0) return;
        const singleLine = isSingleLine(open.nodes[0], close.nodes[0]);
        open.prepend(singleLine ? alignable : oneSpace);
        if (members.length === 0) {
            close.prepend(singleLine ? noSpace : Formatting.newLine());
            return;
        }
        if (singleLine) {
            f.nodes(...members).prepend(oneSpace);
            close.prepend(oneSpace);
        } else {
            f.nodes(...members).prepend(indentKeepBlank);
            close.prepend(Formatting.newLine());
        }
    }

    /** `name(args)`: nothing before `(`, nothing inside the parentheses, `, ` between arguments. */
    private call(f: NodeFormatter<AstNode>): void {
        f.keyword('(').prepend(noSpace).append(noSpace);
        f.keyword(')').prepend(noSpace);
        f.keywords(',').prepend(noSpace).append(oneSpace);
    }

    private list(f: NodeFormatter<AstNode>): void {
        f.keyword('[').append(noSpace);
        f.keyword(']').prepend(noSpace);
        f.keywords(',').prepend(noSpace).append(oneSpace);
    }

    private parentheses(f: NodeFormatter<AstNode>): void {
        f.keyword('(').append(noSpace);
        f.keyword(')').prepend(noSpace);
    }

    /** `key value value`: one space after the key and between values, none before `;`. */
    private setting(f: NodeFormatter<AstNode>, node: AstNode): void {
        const values = ast.isGenericSetting(node) ? node.values : [];
        if (values.length > 0) f.nodes(...values).prepend(oneSpace);
        if (values.length > 0) f.node(values[0]).prepend(alignable);
        (f as NodeFormatter<any>).properties('count', 'evaluator', 'policy').prepend(alignable);
        f.keyword(';').prepend(noSpace);
    }
}

/** Gives every `//` comment alone on its line the indentation of the next code line (one level more before `}`). */
export function indentOwnLineComments(text: string, unit: string): string {
    const lines = text.split('\n');
    let inBlockComment = false;
    for (let i = 0; i < lines.length; i++) {
        const trimmed = lines[i].trimStart();
        if (inBlockComment) {
            if (trimmed.includes('*/')) inBlockComment = false;
            continue;
        }
        if (trimmed.startsWith('/*') && !trimmed.includes('*/')) {
            inBlockComment = true;
            continue;
        }
        if (!trimmed.startsWith('//')) continue;
        let next = i + 1;
        while (next < lines.length && (lines[next].trim() === '' || lines[next].trimStart().startsWith('//'))) next++;
        if (next >= lines.length) continue;
        const code = lines[next];
        let indent = code.slice(0, code.length - code.trimStart().length);
        if (code.trimStart().startsWith('}')) indent += unit;
        lines[i] = indent + trimmed;
    }
    return lines.join('\n');
}

function isSingleLine(open: CstNode, close: CstNode): boolean {
    return open.range.start.line === close.range.end.line;
}

/** The first token of a node (its declaration keyword), comments skipped. */
function firstToken(node: AstNode): CstNode | undefined {
    return node.$cstNode ? CstUtils.streamCst(node.$cstNode).find((n) => isLeafCstNode(n) && !n.hidden) : undefined;
}
