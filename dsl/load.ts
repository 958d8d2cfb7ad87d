/**
 * Loads `.nas` files from disk for command-line use: parse, link (with imports), validate, compile.
 * The CLI and scripts use this; the language server has its own workspace handling.
 */
import { resolve } from 'node:path';
import { URI, UriUtils, type LangiumDocument } from 'langium';
import { NasNodeFileSystem } from './node-file-system.js';
import { createNasServices } from './nas-module.js';
import { compileModels, type CompileProblem } from './compile.js';
import type { Model } from './generated/ast.js';
import type { DocumentSpec } from '../engine/spec.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface FileDiagnostic {
    file: string;
    /** 1-based. */
    line: number;
    /** 1-based. */
    col: number;
    severity: Severity;
    message: string;
}

export interface LoadedDocument {
    spec: DocumentSpec;
    diagnostics: FileDiagnostic[];
    /** Whether any diagnostic (in the file or the files it imports) is an error. */
    hasErrors: boolean;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

/** Parses, validates and compiles `path` and everything it imports. */
export async function loadDocument(path: string): Promise<LoadedDocument> {
    return (await loadDocuments([path]))[0];
}

/** Loads several files with one set of services (shared imports are parsed once). */
export async function loadDocuments(paths: string[]): Promise<LoadedDocument[]> {
    const { shared } = createNasServices(NasNodeFileSystem);
    const documents = shared.workspace.LangiumDocuments;
    const roots: LangiumDocument[] = [];
    for (const path of paths) roots.push(await documents.getOrCreateDocument(URI.file(resolve(path))));
    await shared.workspace.DocumentBuilder.build(roots, { validation: true });

    return roots.map((root) => {
        const closure = importClosure(root, (uri) => documents.getDocument(uri));
        const diagnostics = closure.flatMap(toFileDiagnostics);
        const { spec, problems } = compileModels(closure.map((doc) => ({ model: doc.parseResult.value as Model, sourceFile: doc.uri.fsPath })));
        // The validator reports what the compiler finds, in its own words and at the precise property. Compile
        // problems are shown only if validation found no error, so that a document never runs with one.
        if (!diagnostics.some((d) => d.severity === 'error')) {
            for (const problem of problems) diagnostics.push(problemDiagnostic(problem, closure));
        }
        diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
        return { spec, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
    });
}

/** The document followed by the documents it imports, transitively, each once (cycles are the validator's job). */
export function importClosure(root: LangiumDocument, lookup: (uri: URI) => LangiumDocument | undefined): LangiumDocument[] {
    const seen = new Set<string>();
    const order: LangiumDocument[] = [];
    const visit = (doc: LangiumDocument): void => {
        const key = doc.uri.toString();
        if (seen.has(key)) return;
        seen.add(key);
        order.push(doc);
        for (const imp of (doc.parseResult.value as Model).imports) {
            if (!imp.path) continue;
            const target = lookup(UriUtils.resolvePath(UriUtils.dirname(doc.uri), imp.path));
            if (target) visit(target);
        }
    };
    visit(root);
    return order;
}

function toFileDiagnostics(doc: LangiumDocument): FileDiagnostic[] {
    return (doc.diagnostics ?? []).map((d) => ({
        file: doc.uri.fsPath,
        line: d.range.start.line + 1,
        col: d.range.start.character + 1,
        severity: SEVERITIES[(d.severity ?? 1) - 1] ?? 'error',
        message: d.message,
    }));
}

function problemDiagnostic(problem: CompileProblem, closure: LangiumDocument[]): FileDiagnostic {
    const cst = problem.node.$cstNode;
    let root = problem.node;
    while (root.$container) root = root.$container;
    const doc = closure.find((d) => d.parseResult.value === root);
    return {
        file: doc?.uri.fsPath ?? '?',
        line: (cst?.range.start.line ?? 0) + 1,
        col: (cst?.range.start.character ?? 0) + 1,
        severity: 'error',
        message: problem.message,
    };
}
