import { AstUtils, DefaultScopeProvider, MultiMapScope, type AstNode, type LangiumDocuments, type ReferenceInfo, type Scope } from 'langium';
import { importClosure } from '../imports.js';
import type { NasServices } from '../nas-module.js';

/**
 * Scopes across files: only declarations of this document and of the documents it imports (transitively)
 * are visible. Langium's default global scope holds every document of the workspace; a `.nas` file must
 * not see a space declared in a file it does not import, so the global scope is filtered by the import
 * closure of the referencing document.
 */
export class NasScopeProvider extends DefaultScopeProvider {
    private readonly langiumDocuments: () => LangiumDocuments;

    constructor(services: NasServices) {
        super(services);
        this.langiumDocuments = () => services.shared.workspace.LangiumDocuments;
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const uris = visibleUris(this.langiumDocuments(), context.container);
        return new MultiMapScope(this.indexManager.allElements(referenceType, uris));
    }
}

/** URIs whose exported declarations a node's document may refer to: itself and its transitive imports. */
export function visibleUris(documents: LangiumDocuments, node: AstNode): Set<string> {
    const document = AstUtils.getDocument(node);
    return importClosure(documents, document);
}
