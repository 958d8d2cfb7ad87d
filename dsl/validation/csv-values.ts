/**
 * How many cells of a CSV column are not numbers (NaN, empty, anything else `Number` rejects), for the `check`
 * warning on a table evaluator's `metric` / `report` column: such rows become failed evaluations at run time.
 *
 * This reads the whole file (benchmark tables are megabytes), so the counts of every column are computed in one
 * pass and cached per path, invalidated when the file's size or mtime changes: re-validating on a keystroke
 * costs one `stat`.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseCsv } from '../../engine/evaluate/csv.js';

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
const cache = new Map<string, { mtimeMs: number; size: number; key: string; result: Map<string, ColumnQuality> | undefined }>();

/**
 * Quality of every column of the CSV at `absolutePath`, counting only rows whose `keyColumn` cell is non-empty.
 * Undefined when the file cannot be read or parsed (the header check reports that).
 */
export function csvColumnQuality(absolutePath: string, keyColumn: string | undefined): Map<string, ColumnQuality> | undefined {
    let stat;
    try {
        stat = statSync(absolutePath);
    } catch {
        return undefined;
    }
    if (!stat.isFile()) return undefined;
    const key = keyColumn ?? '';
    const hit = cache.get(absolutePath);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && hit.key === key) return hit.result;
    let result: Map<string, ColumnQuality> | undefined;
    try {
        result = measure(readFileSync(absolutePath, 'utf8'), absolutePath, keyColumn);
    } catch {
        result = undefined;
    }
    cache.set(absolutePath, { mtimeMs: stat.mtimeMs, size: stat.size, key, result });
    return result;
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
