// The language reads files only through Langium's FileSystemProvider (dsl/file-access.ts), so it runs on any
// file system — Node's for the CLI and the stdio server, an in-memory or editor-provided one in a browser worker
// (test/dsl/no-disk.test.ts runs it so). Enforced two ways: no file of dsl/ or server/features/ imports Node's
// file or process modules, and nothing the language's modules load (dsl/nas-module.ts with the editor features
// of server/nas-lsp-module.ts, through engine/ too) does either — a bundler for a worker follows those imports.
import { test } from 'node:test';
import { root, sources } from './sources.js';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Node's file-system and process modules, and Langium's Node entry (which loads `node:fs`). */
const FILE_ACCESS = /^(node:)?(fs|fs\/promises|child_process)$|^langium\/node$/;

/**
 * The justified exceptions, with their reasons. Each must be a Node-only edge that the language's modules never
 * load (the transitive test checks that).
 */
const EXCEPTIONS: Record<string, string> = {
    'dsl/node-file-system.ts': "Node's FileSystemProvider (+ mtime/size versions) that the CLI's loader and the server's process entry pass in",
};

/** Files of the CLI / the server's process that may wire Node in; the language's modules must never load them. */
const NODE_EDGES = ['dsl/node-file-system.ts', 'dsl/load.ts', 'server/main.ts'];

const rel = (file: string) => relative(root, file).split(sep).join('/');

/** Module specifiers a file loads at run time (`import type` / `export type` are erased, so they do not count). */
function runtimeImports(text: string): string[] {
    return [...text.matchAll(/(import|export)(\s+type\b)?[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)]
        .filter((m) => !m[2])
        .map((m) => m[3] ?? m[4] ?? m[5]);
}

/** `../x.js` from `file`, as the .ts source it names, or undefined for a package or a missing file. */
function sourceOf(file: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
    return existsSync(target) ? target : undefined;
}

/** Every source file loaded from `entries`, each with the chain of files that led to it. */
function closure(entries: string[]): Map<string, string[]> {
    const reached = new Map<string, string[]>();
    const queue: Array<[string, string[]]> = entries.map((e) => [join(root, e), [e]]);
    while (queue.length > 0) {
        const [file, chain] = queue.shift()!;
        if (reached.has(file)) continue;
        reached.set(file, chain);
        for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
            const next = sourceOf(file, specifier);
            if (next && !reached.has(next)) queue.push([next, [...chain, rel(next)]]);
        }
    }
    return reached;
}

test('no file of dsl/ or server/features/ imports node:fs, fs, child_process or langium/node (one listed exception)', () => {
    const bad = [...sources('dsl'), ...sources('server/features')].flatMap((file) =>
        runtimeImports(readFileSync(file, 'utf8'))
            .filter((s) => FILE_ACCESS.test(s) && !(rel(file) in EXCEPTIONS))
            .map((s) => `${rel(file)} imports ${s}`),
    );
    assert.deepEqual(bad, [], 'read files through services.shared.workspace.FileSystemProvider (dsl/file-access.ts)');
});

test('every exception is real: the file exists and does import Node file access (no stale entries)', () => {
    for (const file of Object.keys(EXCEPTIONS)) {
        assert.ok(existsSync(join(root, file)), `${file} exists`);
        assert.ok(runtimeImports(readFileSync(join(root, file), 'utf8')).some((s) => FILE_ACCESS.test(s)), `${file} imports file access`);
    }
});

test("nothing the language's modules load (engine/ included) touches Node's file or process modules, nor the Node-only edges", () => {
    const reached = closure(['dsl/nas-module.ts', 'server/nas-lsp-module.ts']);
    const bad: string[] = [];
    for (const [file, chain] of reached) {
        if (NODE_EDGES.includes(rel(file))) bad.push(`loads ${rel(file)}: ${chain.join(' -> ')}`);
        for (const s of runtimeImports(readFileSync(file, 'utf8'))) if (FILE_ACCESS.test(s)) bad.push(`${chain.join(' -> ')} imports ${s}`);
    }
    assert.deepEqual(bad, []);
    // The walk really follows the language into its checks and into engine/.
    for (const file of ['dsl/validation/csv-header.ts', 'dsl/imports.ts', 'server/features/completion.ts', 'engine/evaluate/evaluator-settings.ts', 'engine/registry/index.ts']) {
        assert.ok(reached.has(join(root, file)), `${file} is reached`);
    }
});

test('the import scanner sees the forms that load a module and skips the erased ones', () => {
    const text = [
        "import { readFileSync } from 'node:fs';",
        "import * as fs from 'fs';",
        "export { x } from './x.js';",
        "import type { URI } from 'langium';",
        "export type { Y } from './y.js';",
        "const m = await import('node:child_process');",
        "import 'side-effect';",
        "import {\n  a,\n  type B,\n} from 'langium/node';",
    ].join('\n');
    assert.deepEqual(runtimeImports(text), ['node:fs', 'fs', './x.js', 'node:child_process', 'side-effect', 'langium/node']);
    assert.ok(FILE_ACCESS.test('node:fs/promises') && FILE_ACCESS.test('fs') && FILE_ACCESS.test('langium/node') && !FILE_ACCESS.test('langium'));
});
