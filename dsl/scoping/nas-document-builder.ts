import { DefaultDocumentBuilder, type BuildOptions, type LangiumDocument, type LangiumSharedCoreServices, Cancellation } from 'langium';
import { importClosure, loadImports } from '../imports.js';

/**
 * Brings imported files into every build: before the build phases run, the imports of the documents to
 * build are resolved and missing files are loaded from disk (transitively; cycles stop at visited files).
 * This single hook serves the CLI (which loads one file), tests, and the editor (where an import may point
 * outside the workspace folder, or an edit may add a new import). Doing it here, rather than in a build-phase
 * listener, means the imported documents are indexed in the same build, before the importer is linked.
 *
 * Relinking: a document is also relinked when any file of its import closure changed (or appeared, or was
 * deleted), so "missing import", "import cycle" and cross-file names stay current.
 */
export class NasDocumentBuilder extends DefaultDocumentBuilder {
    private readonly shared: LangiumSharedCoreServices;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.shared = services;
    }

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const all = await loadImports(this.shared, documents, cancelToken);
        await super.buildDocuments(all, options, cancelToken);
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.shouldRelink(document, changedUris)) return true;
        for (const uri of importClosure(this.langiumDocuments, document)) {
            if (uri !== document.uri.toString() && changedUris.has(uri)) return true;
        }
        return false;
    }
}
