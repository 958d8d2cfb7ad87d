/**
 * The column names of a CSV file (its first record). The file is read through the language's
 * `FileSystemProvider` (dsl/file-access.ts), cached per URI until the file changes: benchmark tables are
 * megabytes and the editor re-validates on every keystroke.
 */
import type { FileSystemProvider, URI } from 'langium';
import { parseCsv } from '../../engine/evaluate/csv-text.js';
import { computeFromFile, displayPath, type CachedResult } from '../file-access.js';

export type HeaderResult = { columns: string[] } | { error: string };

const cache = new Map<string, CachedResult<HeaderResult>>();

export async function readCsvHeader(fs: FileSystemProvider, uri: URI): Promise<HeaderResult> {
    const key = uri.toString();
    return computeFromFile(fs, uri, cache, key, (text) => headerOf(text, displayPath(uri)));
}

/** The header of a CSV text: its first record, which may span lines when a quoted name holds a line break. */
export function headerOf(text: string, name: string): HeaderResult {
    try {
        const columns = parseCsv(firstRecord(text), name).columns;
        return columns.length === 0 || (columns.length === 1 && columns[0] === '') ? { error: 'empty' } : { columns };
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
}

function firstRecord(text: string): string {
    const newline = /\r?\n/g;
    for (let match = newline.exec(text); match; match = newline.exec(text)) {
        const line = text.slice(0, match.index);
        // A line break inside quotes (an odd number of `"` before it) belongs to the header.
        if ((line.split('"').length - 1) % 2 === 0) return line;
    }
    return text;
}
