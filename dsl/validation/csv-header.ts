/**
 * The column names of a CSV file, reading only its first line (benchmark tables are megabytes; the editor
 * re-validates on every keystroke). Cached per path, invalidated when the file's size or mtime changes.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseCsv } from '../../engine/evaluate/csv.js';

export type HeaderResult = { columns: string[] } | { error: string };

const cache = new Map<string, { mtimeMs: number; size: number; result: HeaderResult }>();
const CHUNK = 64 * 1024;

export function readCsvHeader(absolutePath: string): HeaderResult {
    let stat;
    try {
        stat = statSync(absolutePath);
    } catch {
        return { error: 'not-found' };
    }
    if (!stat.isFile()) return { error: 'not-a-file' };
    const hit = cache.get(absolutePath);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.result;
    const result = readFirstLine(absolutePath);
    cache.set(absolutePath, { mtimeMs: stat.mtimeMs, size: stat.size, result });
    return result;
}

function readFirstLine(path: string): HeaderResult {
    let fd: number | undefined;
    try {
        fd = openSync(path, 'r');
        const buffer = Buffer.alloc(CHUNK);
        let text = '';
        // Headers are short; a few chunks at most (a quoted header may contain newlines, which parseCsv handles).
        for (let position = 0; position < 16 * CHUNK; position += CHUNK) {
            const read = readSync(fd, buffer, 0, CHUNK, position);
            if (read === 0) break;
            text += buffer.toString('utf8', 0, read);
            const end = text.search(/\r?\n/);
            if (end >= 0 && (text.slice(0, end).split('"').length - 1) % 2 === 0) {
                text = text.slice(0, end);
                break;
            }
        }
        const columns = parseCsv(text, path).columns;
        return columns.length === 0 || (columns.length === 1 && columns[0] === '') ? { error: 'empty' } : { columns };
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}
