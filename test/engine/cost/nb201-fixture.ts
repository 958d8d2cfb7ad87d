// Test helper (not a test file): the NB201 cell as a CellSpec and a minimal reader of data/nb201/nb201.csv.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CellSpec } from '../../../engine/spec.js';
import { NB201_CELL_SPEC } from '../../../engine/space/nb201.js';

/** The NB201 cell (edges in arch-string order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2, as the CSV's `ops` digits). */
export const NB201_CELL: CellSpec = NB201_CELL_SPEC;

export interface Nb201Row {
    index: number;
    ops: number[];
    /** Raw CSV text of every column, keyed by header name (numbers kept as printed). */
    columns: Record<string, string>;
}

const CSV = fileURLToPath(new URL('../../../data/nb201/nb201.csv', import.meta.url));

let cache: Nb201Row[] | undefined;

/** All 15,625 rows; the file has no quoted fields (arch strings contain no commas). */
export function readNb201(): Nb201Row[] {
    if (cache) return cache;
    const lines = readFileSync(CSV, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
    const header = lines[0].split(',');
    cache = lines.slice(1).map((line) => {
        const cells = line.split(',');
        const columns: Record<string, string> = {};
        header.forEach((name, i) => (columns[name] = cells[i]));
        return { index: Number(columns.index), ops: [...columns.ops].map(Number), columns };
    });
    return cache;
}

/** Decimals printed in a numeric CSV field (`7.78305` -> 5). */
export function decimals(text: string): number {
    const dot = text.indexOf('.');
    return dot < 0 ? 0 : text.length - dot - 1;
}
