import { type AstNode, DefaultDocumentBuilder, isOperationCancelled, type MaybePromise, OperationCancelled, UriUtils, type BuildOptions, DocumentState, type LangiumDocument, type LangiumSharedCoreServices, type URI, Cancellation } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { importClosure, loadImports } from '../imports.js';

const PHASE_VERBS: Partial<Record<DocumentState, string>> = {
    [DocumentState.Parsed]: 'parse',
    [DocumentState.IndexedContent]: 'index',
    [DocumentState.ComputedScopes]: 'collect the names of',
    [DocumentState.Linked]: 'resolve the names of',
    [DocumentState.IndexedReferences]: 'index the references of',
    [DocumentState.Validated]: 'check',
};

/** The error of a document a build phase threw on, at its start (the phase has no better place). */
function buildFailure(state: DocumentState, error: unknown): Diagnostic {
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    return {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        source: 'lissnas',
        message: `lissnas could not ${PHASE_VERBS[state] ?? 'build'} this file (${reason}); the other files are not affected. Edit the file to try again; please report it with the server's log.`,
    };
}

let buildFailureLogger: (message: string) => void = (message) => console.error(message);

/** Where a build failure's stack goes (the server sends it to the client's output channel). */
export function setBuildFailureLogger(log: (message: string) => void): void {
    buildFailureLogger = log;
}

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
    /** The last phase whose notification is over, per document (Langium sets `state` before calling its listeners). */
    private readonly announcedStates = new Map<string, DocumentState>();
    private readonly announcedListeners = new Set<(document: LangiumDocument) => void>();
    /** Documents a build phase threw on; cleared when the document is reset (edited, relinked). */
    private readonly failed = new WeakSet<LangiumDocument>();

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.shared = services;
    }

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const all = await loadImports(this.shared, documents, cancelToken);
        await super.buildDocuments(all, options, cancelToken);
    }

    /**
     * A request that needs a document state (decorations wait for `Validated`) is answered only once the
     * editor's latest text has reached that state *and* every listener of the phase has run. Two gaps made it
     * overtake the diagnostics (test/protocol/keystroke-order.test.ts, seen failing in CI under load):
     * - the editor's change is in `TextDocuments` at once, but Langium applies it to the document a few turns
     *   later (the update waits for the workspace lock): in between, the old version is still `Validated`;
     * - Langium marks a document `Validated` before it calls the phase's listeners, and yields the event loop
     *   between them: a request read in that yield found the state reached before the diagnostics listener ran.
     */
    protected override awaitDocumentState(state: DocumentState, uri: URI, cancelToken: Cancellation.CancellationToken): Promise<URI> {
        const document = this.langiumDocuments.getDocument(uri);
        // Unknown documents, and those a finished build left below the state, get Langium's own answer (an error).
        const leftBehind = document && document.state < state && this.currentState >= state && this.builtVersion(document) >= this.editorVersion(uri);
        if (!document || leftBehind || this.announced(document, state)) return super.awaitDocumentState(state, uri, cancelToken);
        return new Promise((resolve, reject) => {
            const phase = this.onAnnounced((doc) => {
                if (UriUtils.equals(doc.uri, uri) && this.announced(doc, state)) {
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

    protected override async notifyDocumentPhase(document: LangiumDocument, state: DocumentState, cancelToken: Cancellation.CancellationToken): Promise<void> {
        // Recorded before the listeners, which a cancellation skips: the text was parsed either way.
        if (state === DocumentState.Parsed) this.parsedVersions.set(document.uri.toString(), document.textDocument.version);
        await super.notifyDocumentPhase(document, state, cancelToken);
        // Announced even when a cancellation skipped listeners: a later build does not notify a phase the
        // document has reached, and a request must not wait for a notification that never comes.
        this.announcedStates.set(document.uri.toString(), state);
        for (const listener of [...this.announcedListeners]) listener(document);
    }

    override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
        super.resetToState(document, state);
        this.failed.delete(document);
        const key = document.uri.toString();
        if ((this.announcedStates.get(key) ?? DocumentState.Changed) > state) this.announcedStates.set(key, state);
    }

    /** The document is in `state` or beyond, built from the editor's current text, with that phase's listeners run. */
    private announced(document: LangiumDocument, state: DocumentState): boolean {
        return (
            document.state >= state &&
            (this.announcedStates.get(document.uri.toString()) ?? DocumentState.Changed) >= state &&
            this.builtVersion(document) >= this.editorVersion(document.uri)
        );
    }

    private onAnnounced(listener: (document: LangiumDocument) => void): { dispose(): void } {
        this.announcedListeners.add(listener);
        return { dispose: () => this.announcedListeners.delete(listener) };
    }

    private builtVersion(document: LangiumDocument): number {
        return this.parsedVersions.get(document.uri.toString()) ?? document.textDocument.version;
    }

    /** The editor's version of the text; documents the editor has not opened are read from disk and never lag. */
    private editorVersion(uri: URI): number {
        return this.shared.workspace.TextDocuments?.get(uri.toString())?.version ?? Number.NEGATIVE_INFINITY;
    }

    /**
     * One document's failure stays its own. Langium runs each phase over all the documents of a build, so an
     * exception in one (a bug: every known input is handled) rejected the whole build, and every other document
     * waited for diagnostics that never came, at every later edit too. Here a throwing document gets one error
     * diagnostic saying so and skips the rest of the build (its state still advances, so the build and the
     * requests waiting on it go on); the others are built as usual. Reset (edited, relinked), it is tried again.
     */
    protected override async runCancelable(documents: LangiumDocument[], targetState: DocumentState, cancelToken: Cancellation.CancellationToken, callback: (document: LangiumDocument) => MaybePromise<unknown>): Promise<void> {
        await super.runCancelable(documents, targetState, cancelToken, async (document) => {
            if (this.failed.has(document)) return;
            try {
                await callback(document);
            } catch (error) {
                if (isOperationCancelled(error)) throw error;
                const diagnostic = buildFailure(targetState, error);
                this.failed.add(document);
                document.diagnostics = [diagnostic];
                buildFailureLogger(`[lissnas] ${document.uri.fsPath}: ${diagnostic.message}\n${error instanceof Error ? error.stack : ''}`);
            }
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
