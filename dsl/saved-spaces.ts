/**
 * Saved spaces: `space Found = shrunk(NB201, "runs/x/result.json")` names the shrunk space a `lissnas shrink` run
 * wrote (its result.json holds `ShrunkSpace.toJSON()` under `space`; a bare shrunk-space file also works).
 *
 * The file is read through the language's `FileSystemProvider` (file-access.ts), cached per URI until it changes,
 * and refused unread when it is bigger than `LIMITS.savedSpaceBytes`: the language server re-validates on every
 * keystroke and must neither block on nor crash over a huge or damaged file. The validator reads it (and reports
 * what is wrong, at the path); compiling, which is synchronous, takes the last good read from the cache, so the
 * compiled spec carries the members (`SavedSpaceSpec.space`).
 */
import { AstUtils, UriUtils, type FileSystemProvider, type URI } from 'langium';
import type * as ast from './generated/ast.js';
import { LIMITS } from '../engine/limits.js';
import type { ShrunkSpaceJSON } from '../engine/space/shrunk.js';
import type { SavedSpaceSpec } from '../engine/spec.js';
import { computeFromFile, displayPath, type CachedResult, type VersionedFileSystemProvider } from './file-access.js';

/** The one kind of saved space so far (the grammar takes any identifier; the validator checks it). */
export const SAVED_SPACE_KINDS = ['shrunk'] as const;

export type SavedRead = { space: ShrunkSpaceJSON; origin: NonNullable<SavedSpaceSpec['origin']> } | { error: string };

const cache = new Map<string, CachedResult<SavedRead>>();
/** The last read of each URI, for the synchronous compiler. */
const lastRead = new Map<string, SavedRead>();

/** The file a saved space names: its path resolved against the folder of the `.nas` file that declares it. */
export function savedSpaceUri(saved: ast.SavedSpace): URI | undefined {
    if (!saved.path || saved.path.trim() === '') return undefined;
    const document = AstUtils.getDocument(saved);
    if (document.uri.scheme === 'untitled') return undefined; // an unsaved buffer has no folder to resolve against
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), saved.path);
}

/** Reads and checks the shape of the file at `uri` (not yet against a base space: see `checkMembers`). */
export async function readSavedSpace(fs: FileSystemProvider, uri: URI): Promise<SavedRead> {
    const where = displayPath(uri);
    const sized = fs as VersionedFileSystemProvider;
    let bytes: number | undefined;
    try {
        bytes = await sized.fileSize?.(uri);
    } catch {
        bytes = undefined; // missing: computeFromFile says so
    }
    let read: SavedRead;
    if (bytes !== undefined && bytes > LIMITS.savedSpaceBytes) read = { error: tooBig(where, bytes) };
    else {
        const result = await computeFromFile(fs, uri, cache, uri.toString(), (text) => parseSavedSpace(text, where));
        read = 'error' in result && !('space' in result) ? { error: fileError(result.error, where) } : result;
    }
    lastRead.set(uri.toString(), read);
    return read;
}

/** The last read of `uri` (undefined before the validator read it). */
export function lastSavedRead(uri: URI): SavedRead | undefined {
    return lastRead.get(uri.toString());
}

function tooBig(where: string, bytes: number): string {
    return `${where} is ${(bytes / 1024 / 1024).toFixed(1)} MB; a saved space file may be at most ${LIMITS.savedSpaceBytes / 1024 / 1024} MB`;
}

function fileError(error: string, where: string): string {
    if (error === 'not-found') return `no such file: ${where}`;
    if (error === 'not-a-file') return `not a file: ${where} (name the run's result.json)`;
    return error;
}

/** The shrunk space in a shrink result's text (or a bare shrunk-space file's), with where it came from. */
export function parseSavedSpace(text: string, where: string): SavedRead {
    // Checked again here for providers that cannot say a file's size before reading it.
    if (text.length > LIMITS.savedSpaceBytes) return { error: tooBig(where, text.length) };
    let data: unknown;
    try {
        data = JSON.parse(text);
    } catch (error) {
        return { error: `${where} is not valid JSON (${(error as Error).message}); a saved space is the result.json of \`lissnas shrink\`` };
    }
    const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
    let space: unknown;
    let origin: NonNullable<SavedSpaceSpec['origin']> = {};
    if (record.format === 'lissnas-shrunk-space') space = record;
    else if (record.command === 'shrink' && typeof record.format === 'string' && record.format.startsWith('lissnas-result/')) {
        space = record.space;
        origin = {
            // A shrink result's `name` is the policy's name (`policy` is its kind).
            ...(typeof record.name === 'string' ? { policy: record.name } : {}),
            ...(typeof record.seed === 'number' ? { seed: record.seed } : {}),
            ...(typeof record.dataset === 'string' ? { dataset: record.dataset } : {}),
        };
    } else {
        const what = record.command === 'search' ? 'the result of `lissnas search`' : record.format !== undefined ? `a file of format ${JSON.stringify(record.format)}` : 'not a lissnas result';
        return { error: `${where} is ${what}, not the result of \`lissnas shrink\` (its result.json holds the shrunk space)` };
    }
    const problem = shapeProblem(space);
    if (problem) return { error: `${where}: the shrunk space is damaged (${problem})` };
    return { space: space as ShrunkSpaceJSON, origin };
}

/** What is wrong with a shrunk space's JSON shape, or undefined (the members are decoded later, against the base). */
function shapeProblem(space: unknown): string | undefined {
    if (typeof space !== 'object' || space === null) return 'no `space` object: the policy\'s result was not a set of members';
    const s = space as Record<string, unknown>;
    if (s.format !== 'lissnas-shrunk-space') return `format ${JSON.stringify(s.format)}, expected "lissnas-shrunk-space"`;
    if (s.version !== 1) return `version ${JSON.stringify(s.version)}, expected 1`;
    if (typeof s.base !== 'string') return 'no base space name';
    if (!Array.isArray(s.pockets)) return 'no pockets';
    for (const [i, p] of (s.pockets as unknown[]).entries()) {
        const pocket = p as Record<string, unknown> | null;
        if (typeof pocket !== 'object' || pocket === null || typeof pocket.seed !== 'string' || typeof pocket.radius !== 'number' || !Array.isArray(pocket.members) || !pocket.members.every((m) => typeof m === 'string')) {
            return `pocket ${i} is not { seed, radius, members }`;
        }
    }
    return undefined;
}
