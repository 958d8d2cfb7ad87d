import { relative } from 'node:path';
import type { DocumentSpec } from '../engine/spec.js';
import type { CliIo } from './io.js';
import { ExitError } from './io.js';
import { EXIT } from './exit-codes.js';
import { requireInputFile } from './paths.js';


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

/** Loads one file for a command that runs it: errors print like `lissnas check` and exit 1; warnings print too. */
export async function loadSpecOrExit(path: string, io: CliIo, quietWarnings = false): Promise<DocumentSpec> {
    requireInputFile(path);
    const [loaded] = await loadFiles([path]);
    const shown = loaded.diagnostics.filter((d) => d.severity === 'error' || (!quietWarnings && d.severity === 'warning'));
    for (const d of shown) io.stderr.write(formatDiagnostic(d, io.cwd) + '\n');
    if (loaded.hasErrors) throw new ExitError(EXIT.failed, `${path} has errors; fix them first (lissnas check ${path})`);
    return loaded.spec;
}
