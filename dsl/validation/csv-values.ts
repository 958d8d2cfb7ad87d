/**
 * How many cells of a CSV column are not numbers (NaN, empty, anything else `Number` rejects), for the `check`
 * warning on a table evaluator's `metric` / `report` column: such rows become failed evaluations at run time.
 *
 * This reads the whole file (benchmark tables are megabytes), through the language's `FileSystemProvider`, so the
 * counts of every column are computed in one pass and cached per URI until the file changes (dsl/file-access.ts):
 * with Node's file system, re-validating on a keystroke costs one `stat`.
 */
import type { FileSystemProvider, URI } from 'langium';
import { parseCsv } from '../../engine/evaluate/csv-text.js';
import { computeFromFile, displayPath, isFileProblem, type CachedResult } from '../file-access.js';

export interface ColumnQuality {
    /** Data rows counted (rows with an empty key are skipped, as the evaluator skips them). */
    rows: number;
    nan: number;
    empty: number;
    /** Neither a finite number, NaN nor empty (text, `inf`, ...). */
    other: number;
    /** 1-based data row numbers (header excluded, as in the evaluator's messages) of the first bad cells. */
    firstRows: number[];
}

const FIRST_ROWS = 3;
const cache = new Map<string, CachedResult<Map<string, ColumnQuality> | undefined>>();

/**
 * Quality of every column of the CSV at `uri`, counting only rows whose `keyColumn` cell is non-empty.
 * Undefined when the file cannot be read or parsed (the header check reports that).
 */
export async function csvColumnQuality(fs: FileSystemProvider, uri: URI, keyColumn: string | undefined): Promise<Map<string, ColumnQuality> | undefined> {
    const result = await computeFromFile(fs, uri, cache, `${uri.toString()}\n${keyColumn ?? ''}`, (text) => {
        try {
            return measure(text, displayPath(uri), keyColumn);
        } catch {
            return undefined;
        }
    });
    return isFileProblem(result) ? undefined : result;
}

export function measure(text: string, path: string, keyColumn: string | undefined): Map<string, ColumnQuality> {
    const csv = parseCsv(text, path);
    const keyIndex = keyColumn === undefined ? -1 : csv.columns.indexOf(keyColumn);
    const out = csv.columns.map((): ColumnQuality => ({ rows: 0, nan: 0, empty: 0, other: 0, firstRows: [] }));
    csv.rows.forEach((cells, row) => {
        if (keyIndex >= 0 && (cells[keyIndex] ?? '').trim() === '') return;
        for (let c = 0; c < out.length; c++) {
            const q = out[c];
            q.rows++;
            const text = (cells[c] ?? '').trim();
            let bad = true;
            if (text === '') q.empty++;
            else if (/^[+-]?nan$/i.test(text)) q.nan++;
            else if (Number.isFinite(Number(text))) bad = false;
            else q.other++;
            if (bad && q.firstRows.length < FIRST_ROWS) q.firstRows.push(row + 1);
        }
    });
    return new Map(csv.columns.map((name, c) => [name, out[c]]));
}

const n = (x: number): string => x.toLocaleString('en-US');

/** `5,200 of 15,625 rows are not numbers (NaN: 3,100, empty: 2,100; first data rows 2, 5, 9)`, or undefined if clean. */
export function qualityText(q: ColumnQuality): string | undefined {
    const bad = q.nan + q.empty + q.other;
    if (bad === 0) return undefined;
    const parts = [q.nan ? `\`NaN\`: ${n(q.nan)}` : '', q.empty ? `empty: ${n(q.empty)}` : '', q.other ? `other text: ${n(q.other)}` : ''].filter(Boolean);
    const rows = `first data row${q.firstRows.length > 1 ? 's' : ''} ${q.firstRows.join(', ')}`;
    return `${n(bad)} of ${n(q.rows)} rows are not numbers (${parts.join(', ')}; ${rows})`;
}
