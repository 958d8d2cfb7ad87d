import { readFileSync, statSync } from 'node:fs';
import { parseCsv, type CsvTable } from './csv-text.js';

export { parseCsv, type CsvTable };

const loaded = new Map<string, { mtimeMs: number; size: number; table: CsvTable }>();

/**
 * Reads and parses a CSV file once per process (keyed by absolute path, invalidated when the file's mtime or size
 * changes), so that the 30-seed studies and every evaluator over the same benchmark share one parse.
 */
export function loadCsv(absolutePath: string): CsvTable {
    let stat;
    try {
        stat = statSync(absolutePath);
    } catch {
        throw new Error(`table: file not found: ${absolutePath}`);
    }
    if (!stat.isFile()) throw new Error(`table: not a file: ${absolutePath}`);
    const hit = loaded.get(absolutePath);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.table;
    const table = parseCsv(readFileSync(absolutePath, 'utf8'), absolutePath);
    loaded.set(absolutePath, { mtimeMs: stat.mtimeMs, size: stat.size, table });
    return table;
}
