/**
 * Rename: Langium's default (every reference found through the cross-references, in every document) plus
 * the checks that keep a rename from breaking the file. Refused, with a message the editor shows:
 * a new name that is not an identifier, a reserved keyword (`when`, `and`, `true`, ...; the other keywords
 * are names too), a declaration keyword (`space`, `ops`, ...) for a dimension or an op, which the grammar
 * reads as the start of a declaration there, a name already declared next to the renamed one, and, as a last
 * safety net, any rename after which a changed document no longer parses.
 */
import { AstUtils, CstUtils, URI, type AstNode, type LangiumDocument, type LangiumDocuments, type LangiumParser } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import { ErrorCodes, ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as ast from '../../dsl/generated/ast.js';
import { declarationKeywords, reservedKeywords } from './keywords.js';

const identifier = /^[_a-zA-Z]\w*$/;

/** Why `name` cannot be used as a name, or undefined if it can. */
export function invalidNameReason(name: string, reserved: ReadonlySet<string>): string | undefined {
    if (!identifier.test(name)) return `'${name}' is not a valid name: use letters, digits and '_', not starting with a digit`;
    if (reserved.has(name)) return `'${name}' is a keyword of the language and cannot be used as a name`;
    return undefined;
}

export class NasRenameProvider extends DefaultRenameProvider {
    private readonly reserved: ReadonlySet<string>;
    private readonly declarationKeywords: ReadonlySet<string>;
    private readonly parser: LangiumParser;
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.reserved = reservedKeywords(services.Grammar);
        this.declarationKeywords = declarationKeywords(services.Grammar);
        this.parser = services.parser.LangiumParser;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const reason = invalidNameReason(params.newName, this.reserved);
        if (reason) throw new ResponseError(ErrorCodes.InvalidParams, reason);
        const target = this.targetAt(document, params);
        if (!target) return undefined;
        if ((ast.isDimension(target) || ast.isOpDef(target)) && this.declarationKeywords.has(params.newName)) {
            const what = ast.isDimension(target) ? 'a dimension' : 'an op';
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' starts a declaration, so ${what} cannot be called '${params.newName}' without quotes; pick another name`);
        }
        const clash = siblingsOf(target).find((other) => other !== target && nameOf(other) === params.newName);
        if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is already declared here (${clash.$type.toLowerCase()} ${params.newName})`);
        const edit = await super.rename(document, params);
        for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
            const text = this.documents.getDocument(URI.parse(uri))?.textDocument;
            if (!text) continue;
            const after = TextDocument.applyEdits(TextDocument.create(uri, 'nas', 0, text.getText()), edits);
            const result = this.parser.parse(after);
            if (result.lexerErrors.length > 0 || result.parserErrors.length > 0) {
                throw new ResponseError(ErrorCodes.InvalidParams, `renaming to '${params.newName}' would make ${uri.split('/').pop()} unparsable`);
            }
        }
        return edit;
    }

    private targetAt(document: LangiumDocument, params: RenameParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(params.position), this.grammarConfig.nameRegexp);
        if (!leaf) return undefined;
        return this.references.findDeclarations(leaf)[0];
    }
}

function nameOf(node: AstNode): string | undefined {
    const name = (node as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
}

/** Declarations that share a namespace with `node`: top-level declarations, or the members of the same block. */
function siblingsOf(node: AstNode): AstNode[] {
    const container = node.$container;
    if (!container) return [];
    if (ast.isModel(container)) return container.declarations;
    if (ast.isSpace(container) || ast.isLayers(container)) {
        // Dimensions of a space share the namespace of conditions (`when optimizer == ...`).
        return AstUtils.streamContents(container).filter((n) => ast.isDimension(n) || ast.isCell(n) || ast.isGraph(n)).toArray();
    }
    if (ast.isOpSet(container)) return container.ops;
    return [];
}
