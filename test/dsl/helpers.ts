/**
 * Test helpers for the language: build documents (in memory or from disk) with validation, and render their
 * diagnostics as `[line:col] message` strings (1-based; warnings add `(warning) `), so expectations pin
 * both the message and its position.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { NasNodeFileSystem } from '../../dsl/node-file-system.js';
import { createNasServices } from '../../dsl/nas-module.js';
import type { Model } from '../../dsl/generated/ast.js';

const memory = createNasServices(EmptyFileSystem);
let counter = 0;

/** Forgets every in-memory document, so one test's declarations never leak into the next one's messages. */
async function clearMemory(): Promise<void> {
    const uris = memory.shared.workspace.LangiumDocuments.all.map((d) => d.uri).toArray();
    if (uris.length > 0) await memory.shared.workspace.DocumentBuilder.update([], uris);
}

export function render(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).map((d) => {
        const at = `[${d.range.start.line + 1}:${d.range.start.character + 1}]`;
        const severity = d.severity === 2 ? '(warning) ' : d.severity === 3 || d.severity === 4 ? '(info) ' : '';
        return `${at} ${severity}${d.message}`;
    });
}

/** Parses and validates `text` as an in-memory document (EmptyFileSystem: nothing on disk). */
export async function check(text: string, name = `test${++counter}.nas`): Promise<{ document: LangiumDocument; model: Model; diagnostics: string[] }> {
    await clearMemory();
    const documents = memory.shared.workspace.LangiumDocuments;
    const uri = URI.parse(`file:///memory/${name}`);
    const document = memory.shared.workspace.LangiumDocumentFactory.fromString<Model>(text, uri);
    documents.addDocument(document);
    await memory.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { document, model: document.parseResult.value as Model, diagnostics: render(document) };
}

/** Several in-memory documents built together (for imports); returns each one's diagnostics by name. */
export async function checkAll(files: Record<string, string>): Promise<Record<string, string[]>> {
    await clearMemory();
    const documents = memory.shared.workspace.LangiumDocuments;
    const built: Array<[string, LangiumDocument]> = [];
    for (const [name, text] of Object.entries(files)) {
        const uri = URI.parse(`file:///multi${counter}/${name}`);
        const document = memory.shared.workspace.LangiumDocumentFactory.fromString<Model>(text, uri);
        documents.addDocument(document);
        built.push([name, document]);
    }
    counter++;
    await memory.shared.workspace.DocumentBuilder.build(built.map(([, d]) => d), { validation: true });
    return Object.fromEntries(built.map(([name, d]) => [name, render(d)]));
}

/** Writes files into a fresh temp folder and builds `entry` from disk (imports are loaded by the builder). */
export async function checkOnDisk(files: Record<string, string>, entry: string): Promise<{ dir: string; diagnostics: string[]; services: ReturnType<typeof createNasServices>; document: LangiumDocument }> {
    const dir = mkdtempSync(join(tmpdir(), 'nas-test-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    const services = createNasServices(NasNodeFileSystem);
    const document = await services.shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(join(dir, entry)));
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { dir, diagnostics: render(document), services, document };
}

/**
 * Asserts the diagnostics are exactly the expected ones: each expectation `[line:col] fragment` must match
 * one diagnostic at that exact position whose rendered message contains the fragment, and no diagnostic may
 * be left over.
 */
export function assertDiagnostics(actual: string[], expected: string[]): void {
    const left = [...actual];
    for (const expectation of expected) {
        const match = /^(\[\d+:\d+\]) (.*)$/.exec(expectation);
        assert.ok(match, `bad expectation ${expectation}`);
        const [, at, fragment] = match;
        const index = left.findIndex((d) => d.startsWith(`${at} `) && d.slice(at.length + 1).includes(fragment));
        assert.ok(index >= 0, `expected diagnostic ${expectation}\nactual:\n  ${actual.join('\n  ') || '(none)'}`);
        left.splice(index, 1);
    }
    assert.deepEqual(left, [], `unexpected diagnostics:\n  ${left.join('\n  ')}`);
}

/** Checks `text` and asserts its diagnostics (see `assertDiagnostics`). */
export async function expectDiagnostics(text: string, expected: string[]): Promise<void> {
    const { diagnostics } = await check(text);
    assertDiagnostics(diagnostics, expected);
}
