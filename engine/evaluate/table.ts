import { resolve } from 'node:path';
import type { Genotype, SearchSpace } from '../space/types.js';
import { loadCsv, type CsvTable } from './csv.js';
import { throwIfAborted, toScore, type EvaluationResult, type Evaluator, type ResultCallback } from './types.js';

/**
 * How the table's key column names a genotype:
 * - `nb201`: an NB201 arch string, matched against `space.format(g)`;
 * - `digits`: one op index per edge, in the op set's declared order, edges by target then source node
 *   (the genotype itself written as digits, e.g. `421211`); only for spaces whose values are single digits.
 */
export type TableKeyFormat = 'nb201' | 'digits';

export interface TableOptions {
    /** Absolute, or relative to `process.cwd()`. */
    path: string;
    keyColumn: string;
    keyFormat: TableKeyFormat;
    /** The searched column. */
    metric: string;
    /** The reported column (e.g. test accuracy); optional. */
    report?: string;
    minimize?: boolean;
    name?: string;
}

/** One row of a table as the evaluator indexed it: NaN marks an empty or non-numeric cell. */
export interface TableRow {
    /** The key cell as written in the table. */
    keyText: string;
    metric: number;
    report: number;
    /** 0-based data row number (header excluded), for messages. */
    row: number;
}

/** One row of the full space with its genotype, for metrics over the whole benchmark. */
export interface ReferenceEntry {
    genotype: Genotype;
    key: string;
    metric: number;
    report: number;
}

/**
 * Looks genotypes up in a CSV benchmark (NAS-Bench-201 and any table of the same shape).
 * The CSV is parsed once per process and indexed by key text, so an evaluation is one `format` plus one Map lookup.
 * Each looked-up row costs one query and zero seconds (the benchmark already paid the training).
 */
export class TableEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize: boolean;
    readonly cacheBy = 'key' as const;
    readonly path: string;
    readonly rows: ReadonlyMap<string, TableRow>;

    constructor(readonly options: TableOptions) {
        this.path = resolve(options.path);
        this.name = options.name ?? `table(${options.path})`;
        this.minimize = options.minimize ?? false;
        this.rows = indexRows(this.path, options);
    }

    /** The key text this table uses for g. */
    keyText(g: Genotype, space: SearchSpace): string {
        if (this.options.keyFormat === 'nb201') return space.format(g);
        for (const x of g) {
            if (!(Number.isInteger(x) && x >= 0 && x <= 9)) {
                throw new Error(`table ${this.path}: key format 'digits' needs single-digit values, genotype [${g.join(',')}] has ${x}`);
            }
        }
        return g.join('');
    }

    /** The genotype a key text names (inverse of `keyText`). */
    genotypeOf(keyText: string, space: SearchSpace): Genotype {
        if (this.options.keyFormat === 'nb201') return space.parse(keyText);
        const g = [...keyText].map((c) => c.charCodeAt(0) - 48);
        if (g.some((x) => x < 0 || x > 9)) throw new Error(`table ${this.path}: key '${keyText}' is not a string of digits`);
        return g;
    }

    /** The row of g, or undefined. */
    lookup(g: Genotype, space: SearchSpace): TableRow | undefined {
        return this.rows.get(this.keyText(g, space));
    }

    evaluateOne(g: Genotype, space: SearchSpace): EvaluationResult {
        const base = { key: space.key(g), canonical: space.canonical(g), genotype: g.slice(), cost: { queries: 1, seconds: 0 } };
        let text: string;
        try {
            text = this.keyText(g, space);
        } catch (error) {
            return { ...base, metric: undefined, report: undefined, score: undefined, error: (error as Error).message };
        }
        const row = this.rows.get(text);
        if (!row) {
            return { ...base, metric: undefined, report: undefined, score: undefined, error: `table ${this.path}: no row for ${text} (column '${this.options.keyColumn}')` };
        }
        if (Number.isNaN(row.metric)) {
            return { ...base, metric: undefined, report: undefined, score: undefined, error: `table ${this.path}: empty or non-numeric '${this.options.metric}' for ${text} (data row ${row.row + 1})` };
        }
        const report = Number.isNaN(row.report) ? undefined : row.report;
        const result: EvaluationResult = { ...base, metric: row.metric, report, score: toScore(row.metric, this.minimize) };
        if (this.options.report !== undefined && report === undefined) {
            result.error = `table ${this.path}: empty or non-numeric '${this.options.report}' for ${text} (data row ${row.row + 1})`;
        }
        return result;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        return genotypes.map((g, i) => {
            const result = this.evaluateOne(g, space);
            onResult?.(i, result);
            return result;
        });
    }

    /**
     * Every row with valid numbers, with its genotype in `space`: the full-space reference that metrics need
     * (global optimum, top-p recall). Rows whose key does not parse in `space` or with NaN values are skipped.
     */
    reference(space: SearchSpace): ReferenceEntry[] {
        const out: ReferenceEntry[] = [];
        for (const row of this.rows.values()) {
            if (Number.isNaN(row.metric) || Number.isNaN(row.report)) continue;
            let g: Genotype;
            try {
                g = this.genotypeOf(row.keyText, space);
            } catch {
                continue;
            }
            if (!space.contains(g)) continue;
            out.push({ genotype: g, key: space.key(g), metric: row.metric, report: row.report });
        }
        return out;
    }
}

/**
 * The rows of `options`' columns, by key text. Indexed once per parsed file and columns (a study builds a table
 * per session over the same file: 270 sessions would index the same 15,625 rows 270 times); loadCsv hands out a
 * new parse when the file changes, so an edited table is indexed again. Callers never mutate the rows.
 */
const indexed = new WeakMap<CsvTable, Map<string, ReadonlyMap<string, TableRow>>>();

function indexRows(path: string, options: TableOptions): ReadonlyMap<string, TableRow> {
    const csv = loadCsv(path);
    const id = JSON.stringify([options.keyColumn, options.metric, options.report ?? null]);
    let byColumns = indexed.get(csv);
    if (!byColumns) indexed.set(csv, (byColumns = new Map()));
    const hit = byColumns.get(id);
    if (hit) return hit;
    const column = (name: string, role: string): number => {
        const index = csv.columns.indexOf(name);
        if (index < 0) {
            throw new Error(`table ${path}: no column '${name}' (${role}); available columns: ${csv.columns.join(', ')}`);
        }
        return index;
    };
    const keyIndex = column(options.keyColumn, 'key');
    const metricIndex = column(options.metric, 'metric');
    const reportIndex = options.report === undefined ? -1 : column(options.report, 'report');
    const rows = new Map<string, TableRow>();
    csv.rows.forEach((cells, row) => {
        const keyText = (cells[keyIndex] ?? '').trim();
        if (keyText === '') return;
        if (rows.has(keyText)) throw new Error(`table ${path}: key '${keyText}' appears twice (data rows ${rows.get(keyText)!.row + 1} and ${row + 1})`);
        rows.set(keyText, {
            keyText,
            metric: numberCell(cells[metricIndex]),
            report: reportIndex < 0 ? NaN : numberCell(cells[reportIndex]),
            row,
        });
    });
    byColumns.set(id, rows);
    return rows;
}

function numberCell(text: string | undefined): number {
    if (text === undefined) return NaN;
    const trimmed = text.trim();
    if (trimmed === '') return NaN;
    const x = Number(trimmed);
    return Number.isFinite(x) ? x : NaN;
}
