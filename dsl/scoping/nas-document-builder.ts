import { DefaultDocumentBuilder, OperationCancelled, UriUtils, type BuildOptions, DocumentState, type LangiumDocument, type LangiumSharedCoreServices, type URI, Cancellation } from 'langium';
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
    /**
     * The editor's version each document was last parsed from. `document.textDocument` is the editor's own
     * TextDocument, updated in place by a change, so its version runs ahead of what was built until Langium's
     * update runs; the parsed version says which text the current state describes.
     */
    private readonly parsedVersions = new Map<string, number>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.shared = services;
        this.onDocumentPhase(DocumentState.Parsed, (doc) => {
            this.parsedVersions.set(doc.uri.toString(), doc.textDocument.version);
        });
    }

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const all = await loadImports(this.shared, documents, cancelToken);
        await super.buildDocuments(all, options, cancelToken);
    }

    /**
     * A request that needs a document state (decorations wait for `Validated`) must see the editor's latest text.
     * The editor's change is in `TextDocuments` at once, but Langium applies it to the document a few turns later
     * (the update waits for the workspace lock): in between, the old version is still `Validated`, and the
     * request would be answered from it, before the new version's diagnostics. Wait for the current version.
     */
    protected override awaitDocumentState(state: DocumentState, uri: URI, cancelToken: Cancellation.CancellationToken): Promise<URI> {
        const document = this.langiumDocuments.getDocument(uri);
        const current = this.shared.workspace.TextDocuments?.get(uri.toString())?.version;
        const built = (doc: LangiumDocument): number => this.parsedVersions.get(doc.uri.toString()) ?? doc.textDocument.version;
        if (!document || current === undefined || built(document) >= current || document.state < state) {
            return super.awaitDocumentState(state, uri, cancelToken);
        }
        return new Promise((resolve, reject) => {
            const phase = this.onDocumentPhase(state, (doc) => {
                if (UriUtils.equals(doc.uri, uri) && built(doc) >= current) {
                    phase.dispose();
                    cancel.dispose();
                    resolve(doc.uri);
                }
            });
            const cancel = cancelToken.onCancellationRequested(() => {
                phase.dispose();
                cancel.dispose();
                reject(OperationCancelled);
            });
        });
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.shouldRelink(document, changedUris)) return true;
        for (const uri of importClosure(this.langiumDocuments, document)) {
            if (uri !== document.uri.toString() && changedUris.has(uri)) return true;
        }
        return false;
    }
}
