/**
 * A file system that lives in a Map, implementing Langium's `FileSystemProvider` — what a browser worker has
 * instead of a disk. Only the Map is consulted: if the language reached for `node:fs` anywhere, a file given
 * here would not be found (the paths do not exist on disk). Sync and async variants, as the interface asks.
 */
import { URI, UriUtils, type FileSystemNode, type FileSystemProvider } from 'langium';

export class MemoryFileSystemProvider implements FileSystemProvider {
    /** Every read, by URI, so a test can see that the language asked this provider. */
    readonly reads: string[] = [];

    constructor(readonly files: Map<string, string>) {}

    private folders(): Set<string> {
        const folders = new Set<string>();
        for (const key of this.files.keys()) {
            for (let uri = UriUtils.dirname(URI.parse(key)); ; uri = UriUtils.dirname(uri)) {
                if (folders.has(uri.toString())) break;
                folders.add(uri.toString());
                if (uri.path === '/' || uri.path === '') break;
            }
        }
        return folders;
    }

    statSync(uri: URI): FileSystemNode {
        const key = uri.toString();
        if (this.files.has(key)) return { isFile: true, isDirectory: false, uri };
        if (this.folders().has(key)) return { isFile: false, isDirectory: true, uri };
        throw new Error(`ENOENT: no such file in memory: ${key}`);
    }
    async stat(uri: URI): Promise<FileSystemNode> {
        return this.statSync(uri);
    }
    existsSync(uri: URI): boolean {
        return this.files.has(uri.toString()) || this.folders().has(uri.toString());
    }
    async exists(uri: URI): Promise<boolean> {
        return this.existsSync(uri);
    }
    readFileSync(uri: URI): string {
        const text = this.files.get(uri.toString());
        if (text === undefined) throw new Error(`ENOENT: no such file in memory: ${uri.toString()}`);
        this.reads.push(uri.toString());
        return text;
    }
    async readFile(uri: URI): Promise<string> {
        return this.readFileSync(uri);
    }
    readBinarySync(uri: URI): Uint8Array {
        return new TextEncoder().encode(this.readFileSync(uri));
    }
    async readBinary(uri: URI): Promise<Uint8Array> {
        return this.readBinarySync(uri);
    }
    readDirectorySync(uri: URI): FileSystemNode[] {
        const prefix = uri.toString().replace(/\/?$/, '/');
        const names = new Set<string>();
        for (const key of [...this.files.keys(), ...this.folders()]) {
            if (key.startsWith(prefix) && key.length > prefix.length) names.add(key.slice(prefix.length).split('/')[0]);
        }
        return [...names].map((name) => this.statSync(UriUtils.joinPath(uri, name)));
    }
    async readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return this.readDirectorySync(uri);
    }
}
