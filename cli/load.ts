import { relative } from 'node:path';
import type { DocumentSpec } from '../engine/spec.js';
import type { CliIo } from './io.js';
import { ExitError } from './io.js';
import { EXIT } from './exitCodes.js';
import { requireInputFile } from './paths.js';

/** Most diagnostics printed per file; the rest are counted in one `... and N more` line (a binary file gives one). */
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/**
 * Loading `.nas` files for commands. The DSL (Langium) is imported lazily: `resume` and `report` work from a
 * run directory's snapshot and start faster without it.
 */
export interface Diagnostic {
    file: string;
    line: number;
    col: number;
    severity: 'error' | 'warning' | 'info' | 'hint';
    message: string;
}

export async function loadFiles(paths: string[]): Promise<Array<{ spec: DocumentSpec; diagnostics: Diagnostic[]; hasErrors: boolean }>> {
    const { loadDocuments } = await import('../dsl/load.js');
    return loadDocuments(paths);
}

export function formatDiagnostic(d: Diagnostic, cwd: string): string {
    return `${shownFile(d.file, cwd)}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

/** A file as messages name it: relative to the working directory when inside it. */
function shownFile(path: string, cwd: string): string {
    const file = relative(cwd, path) || path;
    return file.startsWith('..') ? path : file;
}

/**
 * Diagnostic lines, at most MAX_DIAGNOSTICS_PER_FILE per file, each file's overflow as one summary line right
 * after its last shown diagnostic. Diagnostics of one file are expected together (the loader sorts them by file).
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], cwd: string): string[] {
    const lines: string[] = [];
    const perFile = new Map<string, number>();
    for (const d of diagnostics) perFile.set(d.file, (perFile.get(d.file) ?? 0) + 1);
    const shownOf = new Map<string, number>();
    for (const d of diagnostics) {
        const shown = (shownOf.get(d.file) ?? 0) + 1;
        shownOf.set(d.file, shown);
        if (shown <= MAX_DIAGNOSTICS_PER_FILE) lines.push(formatDiagnostic(d, cwd));
        const total = perFile.get(d.file)!;
        if (shown === total && total > MAX_DIAGNOSTICS_PER_FILE) {
            lines.push(`${shownFile(d.file, cwd)}: ... and ${total - MAX_DIAGNOSTICS_PER_FILE} more diagnostic(s) (fix the ones above first)`);
        }
    }
    return lines;
}

/** The diagnostics JSON output keeps: at most MAX_DIAGNOSTICS_PER_FILE per file, and how many each file lost. */
export function capDiagnostics(diagnostics: readonly Diagnostic[]): { kept: Diagnostic[]; omitted: Record<string, number> } {
    const count = new Map<string, number>();
    const kept: Diagnostic[] = [];
    const omitted: Record<string, number> = {};
    for (const d of diagnostics) {
        const n = (count.get(d.file) ?? 0) + 1;
        count.set(d.file, n);
        if (n <= MAX_DIAGNOSTICS_PER_FILE) kept.push(d);
        else omitted[d.file] = (omitted[d.file] ?? 0) + 1;
    }
    return { kept, omitted };
}

/** Loads one file for a command that runs it: errors print like `lissnas check` and exit 1; warnings print too. */
export async function loadSpecOrExit(path: string, io: CliIo, quietWarnings = false): Promise<DocumentSpec> {
    requireInputFile(path);
    const [loaded] = await loadFiles([path]);
    const shown = loaded.diagnostics.filter((d) => d.severity === 'error' || (!quietWarnings && d.severity === 'warning'));
    for (const line of formatDiagnostics(shown, io.cwd)) io.stderr.write(line + '\n');
    if (loaded.hasErrors) throw new ExitError(EXIT.failed, `${path} has errors; fix them first (lissnas check ${path})`);
    return loaded.spec;
}
