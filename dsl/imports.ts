/**
 * `import "other.nas"`: resolving import paths, walking the import graph, and loading imported files that
 * are not in the workspace yet (the CLI loads one file; an editor may open a file whose imports live
 * outside the workspace folder).
 *
 * Paths are relative to the importing document. The graph may contain cycles (reported by the validator);
 * every walk here keeps a visited set, so a cycle never hangs.
 */
import { Cancellation, DocumentState, isOperationCancelled, UriUtils, type URI, type LangiumDocument, type LangiumDocuments, type LangiumDocumentFactory, type FileSystemProvider } from 'langium';
import { isModel, type Import, type Model } from './generated/ast.js';

/** The URI an `import "path"` of the document at `from` points to. */
export function resolveImportUri(from: URI, path: string): URI {
    return UriUtils.resolvePath(UriUtils.dirname(from), path);
}

/** The import statements of a document (empty when it did not parse into a model). */
export function importsOf(document: LangiumDocument): Import[] {
    const root = document.parseResult?.value;
    return isModel(root) ? (root as Model).imports : [];
}

/** The URIs a document imports directly, in order (missing files included). */
export function directImports(document: LangiumDocument): URI[] {
    return importsOf(document)
        .filter((imp) => typeof imp.path === 'string' && imp.path.length > 0)
        .map((imp) => resolveImportUri(document.uri, imp.path));
}

/**
 * Every URI reachable through imports from `document`, the document itself included. Files that are
 * not loaded contribute their URI but no further imports.
 */
export function importClosure(documents: LangiumDocuments, document: LangiumDocument): Set<string> {
    const seen = new Set<string>([document.uri.toString()]);
    const queue: LangiumDocument[] = [document];
    while (queue.length > 0) {
        const current = queue.pop()!;
        for (const uri of directImports(current)) {
            const key = uri.toString();
            if (seen.has(key)) continue;
            seen.add(key);
            const imported = documents.getDocument(uri);
            if (imported) queue.push(imported);
        }
    }
    return seen;
}

/**
 * A cycle through the given import of `document`: the file names along the way, starting and ending with
 * the document's own file (e.g. `a.nas -> b.nas -> a.nas`), or undefined when that import leads back nowhere.
 */
export function findImportCycle(documents: LangiumDocuments, document: LangiumDocument, imp: Import): URI[] | undefined {
    const start = document.uri.toString();
    const first = resolveImportUri(document.uri, imp.path);
    // Depth-first search keeping the path, so the message can name every file of the cycle.
    const visited = new Set<string>();
    const path: URI[] = [document.uri];
    const visit = (uri: URI): boolean => {
        const key = uri.toString();
        path.push(uri);
        if (key === start) return true;
        if (!visited.has(key)) {
            visited.add(key);
            const next = documents.getDocument(uri);
            if (next) {
                for (const child of directImports(next)) {
                    if (visit(child)) return true;
                }
            }
        }
        path.pop();
        return false;
    };
    return visit(first) ? path : undefined;
}

/** What `loadImports` needs from Langium's shared services. */
export interface ImportLoaderServices {
    ServiceRegistry: { hasServices(uri: URI): boolean };
    workspace: {
        LangiumDocuments: LangiumDocuments;
        LangiumDocumentFactory: LangiumDocumentFactory;
        FileSystemProvider: FileSystemProvider;
    };
}

/**
 * Loads, transitively, every imported file that exists on disk but is not a LangiumDocument yet, and returns
 * `documents` extended with the imported documents that still need building (state below Validated).
 * Documents not parsed yet (an edit in the editor resets them to `Changed`) are parsed first, since their
 * imports are only known after parsing. Missing files are skipped: the validator reports them.
 */
export async function loadImports(
    shared: ImportLoaderServices,
    documents: LangiumDocument[],
    cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
): Promise<LangiumDocument[]> {
    const { LangiumDocuments: langiumDocuments, LangiumDocumentFactory: factory, FileSystemProvider: fs } = shared.workspace;
    const result = [...documents];
    const inResult = new Set(result.map((d) => d.uri.toString()));
    const visited = new Set<string>();
    const queue = [...documents];
    while (queue.length > 0) {
        const document = queue.shift()!;
        const key = document.uri.toString();
        if (visited.has(key)) continue;
        visited.add(key);
        if (document.state < DocumentState.Parsed) {
            await factory.update(document, cancelToken);
        }
        for (const uri of directImports(document)) {
            const uriKey = uri.toString();
            if (visited.has(uriKey)) continue;
            let imported = langiumDocuments.getDocument(uri);
            if (!imported) {
                // Only .nas files are documents: `import "notes.md"` used to throw "no services for the
                // extension '.md'" here, failing every later build of every document. The validator reports it.
                if (!shared.ServiceRegistry.hasServices(uri)) continue;
                if (!(await fileExists(fs, uri))) continue;
                try {
                    imported = await langiumDocuments.getOrCreateDocument(uri, cancelToken);
                } catch (error) {
                    if (isOperationCancelled(error)) throw error;
                    // An unreadable import is that import's problem ("cannot find"), never the whole build's.
                    continue;
                }
            }
            if (imported.state < DocumentState.Validated && !inResult.has(uriKey)) {
                result.push(imported);
                inResult.add(uriKey);
            }
            queue.push(imported);
        }
    }
    return result;
}

async function fileExists(fs: FileSystemProvider, uri: URI): Promise<boolean> {
    try {
        if (!(await fs.exists(uri))) return false;
        // `exists` is also true for folders; reading proves a file.
        await fs.readFile(uri);
        return true;
    } catch {
        return false;
    }
}

/** The file name of a URI, for messages (`b.nas`). */
export function fileName(uri: URI): string {
    return UriUtils.basename(uri);
}
