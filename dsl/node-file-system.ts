/**
 * Langium's Node file system plus `fileVersion` (mtime + size), so that the language's caches of big files
 * (a table evaluator's CSV, re-validated on every keystroke) cost one `stat` while the file is unchanged.
 * This is the one file of dsl/ that touches `node:fs`: the CLI's loader (load.ts) and the server's process
 * entry (server/main.ts) pass it to `createNasServices`; the language itself only sees the provider interface
 * (file-access.ts), so it runs unchanged on any other file system, e.g. in a browser worker.
 */
import { stat } from 'node:fs/promises';
import type { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import type { VersionedFileSystemProvider } from './file-access.js';

export class NasNodeFileSystemProvider extends NodeFileSystemProvider implements VersionedFileSystemProvider {
    async fileVersion(uri: URI): Promise<string | undefined> {
        const info = await stat(uri.fsPath);
        return `${info.mtimeMs}:${info.size}`;
    }

    async fileSize(uri: URI): Promise<number | undefined> {
        return (await stat(uri.fsPath)).size;
    }
}

/** The context `createNasServices` takes, like Langium's `NodeFileSystem`. */
export const NasNodeFileSystem = {
    fileSystemProvider: () => new NasNodeFileSystemProvider(),
};
