import { AstUtils, DefaultScopeProvider, DocumentState, MultiMapScope, WorkspaceCache, type AstNode, type LangiumDocuments, type ReferenceInfo, type Scope } from 'langium';
import { importClosure } from '../imports.js';
import { LocalScope, localLevel, type LocalLevel } from './local-scopes.js';
import type { NasServices } from '../nas-module.js';

/**
 * Scopes across files: only declarations of this document and of the documents it imports (transitively)
 * are visible. Langium's default global scope holds every document of the workspace; a `.nas` file must
 * not see a space declared in a file it does not import, so the global scope is filtered by the import
 * closure of the referencing document.
 */
export class NasScopeProvider extends DefaultScopeProvider {
    private readonly langiumDocuments: () => LangiumDocuments;
    /**
     * Global scopes per (document, reference type). Building one walks the import closure and every
     * exported declaration; doing that per reference made linking quadratic in the document size (800
     * declarations, 1,700 references in bench/lsp.ts). Cleared whenever a build has (re)indexed exports
     * and when documents are deleted: the only moments the closure or the exports can change.
     */
    private readonly visibleScopes: WorkspaceCache<string, Scope>;

    constructor(services: NasServices) {
        super(services);
        this.langiumDocuments = () => services.shared.workspace.LangiumDocuments;
        this.visibleScopes = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    /**
     * Langium's `getScope` (local symbols of every enclosing node, innermost first, then the global scope)
     * with indexed local scopes (see local-scopes.ts).
     */
    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const localSymbols = AstUtils.getDocument(context.container).localSymbols;
        const levels: LocalLevel[] = [];
        if (localSymbols) {
            let current: AstNode | undefined = context.container;
            do {
                const node: AstNode = current;
                if (localSymbols.has(node)) {
                    levels.push(localLevel(localSymbols, node, referenceType, () =>
                        localSymbols.getStream(node).filter((description) => this.reflection.isSubtype(description.type, referenceType)).toArray(),
                    ));
                }
                current = node.$container;
            } while (current);
        }
        let result = this.getGlobalScope(referenceType, context);
        for (let i = levels.length - 1; i >= 0; i--) result = new LocalScope(levels[i], result);
        return result;
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        return this.visibleScopes.get(`${document.uri.toString()}\u0000${referenceType}`, () => {
            const uris = visibleUris(this.langiumDocuments(), context.container);
            return new MultiMapScope(this.indexManager.allElements(referenceType, uris));
        });
    }
}

/** URIs whose exported declarations a node's document may refer to: itself and its transitive imports. */
export function visibleUris(documents: LangiumDocuments, node: AstNode): Set<string> {
    const document = AstUtils.getDocument(node);
    return importClosure(documents, document);
}
