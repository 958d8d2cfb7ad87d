/**
 * Every file the language reads (imported `.nas` files, the CSV of a `table(...)` evaluator) is read through
 * Langium's `FileSystemProvider` service (`services.shared.workspace.FileSystemProvider`), never `node:fs`: the
 * CLI and the stdio server give it Node's file system, a browser worker gives it whatever file system it has
 * (an in-memory one, the editor's workspace), and the language behaves the same.
 *
 * Langium's `stat` says only "file or folder", not when a file last changed. Reading a megabyte CSV on every
 * keystroke would be wasteful, so a provider may also offer `fileVersion` (a stamp that changes whenever the
 * file does: the Node one gives mtime + size, `node-file-system.ts`); results are then re-computed only when
 * the stamp changes. A provider without it is read each time and the result is reused while the text is
 * unchanged (for an in-memory file system the read costs nothing).
 */
import type { FileSystemProvider, URI } from 'langium';

export interface VersionedFileSystemProvider extends FileSystemProvider {
    /** A stamp that changes whenever the file's content does (undefined: unknown, read the file). */
    fileVersion?(uri: URI): Promise<string | undefined>;
    /** The file's size in bytes, so a reader can refuse a huge file before reading it (undefined: unknown). */
    fileSize?(uri: URI): Promise<number | undefined>;
}

/** Why a file could not be used: `not-found`, `not-a-file`, or the provider's own message. */
export interface FileProblem {
    error: string;
}

/** One cached computation over a file's text, with what proves it current. */
export interface CachedResult<T> {
    version?: string;
    text?: string;
    result: T;
}

/**
 * `compute(text)` of the file at `uri`, cached in `cache` under `key` (the URI, plus whatever else the result
 * depends on) until the file changes.
 */
export async function computeFromFile<T>(
    fs: FileSystemProvider,
    uri: URI,
    cache: Map<string, CachedResult<T>>,
    key: string,
    compute: (text: string) => T,
): Promise<T | FileProblem> {
    try {
        if (!(await fs.stat(uri)).isFile) return { error: 'not-a-file' };
    } catch {
        return { error: 'not-found' };
    }
    const versioned = fs as VersionedFileSystemProvider;
    let version: string | undefined;
    try {
        version = await versioned.fileVersion?.(uri);
    } catch {
        version = undefined; // vanished between the two calls: the read below reports it
    }
    const hit = cache.get(key);
    if (hit && version !== undefined && hit.version === version) return hit.result;
    let text: string;
    try {
        text = await fs.readFile(uri);
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
    if (hit && version === undefined && hit.text === text) return hit.result;
    const result = compute(text);
    cache.set(key, version !== undefined ? { version, result } : { text, result });
    return result;
}

export function isFileProblem(value: unknown): value is FileProblem {
    return typeof value === 'object' && value !== null && 'error' in value && typeof (value as FileProblem).error === 'string';
}

/** How messages name a file: its path on disk, or the whole URI when it is not a disk file. */
export function displayPath(uri: URI): string {
    return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}
