// Parsing CSV text, with no file access: shared by the evaluator (csv.ts reads the file) and the language's
// checks, which read files through their own file-system provider and must bundle for a browser worker.

/** A parsed CSV file: header names and rows of raw cell strings. */
export interface CsvTable {
    path: string;
    columns: string[];
    rows: string[][];
}

/**
 * RFC-4180-ish CSV: comma separated, double-quoted fields may contain commas, quotes (doubled) and newlines;
 * CRLF or LF line ends; blank lines skipped. Written by hand because the project takes no CSV dependency.
 */
export function parseCsv(text: string, path = '<text>'): CsvTable {
    const records: string[][] = [];
    let field = '';
    let record: string[] = [];
    let inQuotes = false;
    let i = 0;
    const n = text.length;
    const endRecord = (): void => {
        record.push(field);
        field = '';
        if (!(record.length === 1 && record[0] === '')) records.push(record);
        record = [];
    };
    while (i < n) {
        const c = text.charCodeAt(i);
        if (inQuotes) {
            if (c === 34 /* " */) {
                if (text.charCodeAt(i + 1) === 34) {
                    field += '"';
                    i += 2;
                    continue;
                }
                inQuotes = false;
                i++;
                continue;
            }
            field += text[i];
            i++;
            continue;
        }
        if (c === 34) {
            inQuotes = true;
            i++;
        } else if (c === 44 /* , */) {
            record.push(field);
            field = '';
            i++;
        } else if (c === 10 /* \n */ || c === 13 /* \r */) {
            endRecord();
            i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        } else {
            // Fast path: copy the run of plain characters up to the next delimiter.
            let j = i + 1;
            while (j < n) {
                const d = text.charCodeAt(j);
                if (d === 44 || d === 10 || d === 13 || d === 34) break;
                j++;
            }
            field += text.slice(i, j);
            i = j;
        }
    }
    if (inQuotes) throw new Error(`${path}: unterminated quoted field at end of file`);
    if (field !== '' || record.length > 0) endRecord();
    if (records.length === 0) throw new Error(`${path}: empty CSV file (no header line)`);
    const [header, ...rows] = records;
    return { path, columns: header.map((h) => h.trim()), rows };
}
