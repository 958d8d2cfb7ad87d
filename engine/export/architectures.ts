import type { ShrunkSpaceJSON } from '../space/shrunk.js';

/**
 * The `json` and `csv` exports: the architectures of a shrunk space or a run, one row each, with the pockets
 * they belong to and their metrics. Rows: every member of the shrunk space (pocket order, then member order),
 * then every other architecture the run evaluated (journal order). Pure: the CLI reads the run directory.
 */

export interface EvaluatedArch {
    arch: string;
    metric?: number;
    report?: number;
    error?: string;
}

export interface ArchRow {
    arch: string;
    /** A member of the shrunk space (false: evaluated, not kept). */
    member: boolean;
    /** Indices (0-based) of the pockets that hold it: pockets may overlap. */
    pockets: number[];
    /** Seed of a pocket. */
    seed: boolean;
    metric?: number;
    report?: number;
    error?: string;
}

export interface ArchTable {
    format: 'lissnas-architectures/1';
    /** `shrink Lissnas` / `search REA`. */
    run: string;
    space: string;
    metric?: string;
    report?: string;
    pockets: Array<{ seed: string; radius: number; members: number }>;
    rows: ArchRow[];
}

/** Rows of a run: the shrunk space's members (when it has one) and the evaluated architectures. */
export function architectureTable(input: {
    run: string;
    space: string;
    metricName?: string;
    reportName?: string;
    shrunk?: ShrunkSpaceJSON | { kind: 'members'; members: string[] };
    evaluated: EvaluatedArch[];
}): ArchTable {
    const byArch = new Map<string, ArchRow>();
    const rows: ArchRow[] = [];
    const row = (arch: string): ArchRow => {
        let r = byArch.get(arch);
        if (!r) {
            r = { arch, member: false, pockets: [], seed: false };
            byArch.set(arch, r);
            rows.push(r);
        }
        return r;
    };
    const pockets: ArchTable['pockets'] = [];
    if (input.shrunk && 'pockets' in input.shrunk) {
        input.shrunk.pockets.forEach((p, i) => {
            const members = [...new Set([p.seed, ...p.members])];
            pockets.push({ seed: p.seed, radius: p.radius, members: members.length });
            row(p.seed).seed = true;
            for (const m of members) {
                const r = row(m);
                r.member = true;
                if (!r.pockets.includes(i)) r.pockets.push(i);
            }
        });
    } else if (input.shrunk) {
        for (const m of input.shrunk.members) row(m).member = true;
    }
    for (const e of input.evaluated) {
        const r = row(e.arch);
        if (r.metric !== undefined || r.error !== undefined) continue;
        if (e.metric !== undefined) r.metric = e.metric;
        if (e.report !== undefined) r.report = e.report;
        if (e.error !== undefined) r.error = e.error;
    }
    return {
        format: 'lissnas-architectures/1',
        run: input.run,
        space: input.space,
        ...(input.metricName !== undefined ? { metric: input.metricName } : {}),
        ...(input.reportName !== undefined ? { report: input.reportName } : {}),
        pockets,
        rows,
    };
}

export function exportArchitecturesJson(table: ArchTable): string {
    return JSON.stringify(table, null, 2) + '\n';
}

/** CSV with a header; `pockets` is `;`-separated pocket indices; empty cells for missing numbers (RFC 4180 quoting). */
export function exportArchitecturesCsv(table: ArchTable): string {
    const header = ['arch', 'member', 'seed', 'pockets', table.metric ?? 'metric', table.report ?? 'report', 'error'];
    const lines = [header, ...table.rows.map((r) => [r.arch, String(r.member), String(r.seed), r.pockets.join(';'), num(r.metric), num(r.report), r.error ?? ''])];
    return lines.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

const num = (x: number | undefined): string => (x === undefined ? '' : String(x));

function csvCell(s: string): string {
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
