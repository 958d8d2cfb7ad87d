// A client module bundled together with the fake `vscode` (test/client/fake-vscode.ts), so that both share the
// fake's module state, written to `dir` and imported. `entry` is relative to the repository root.
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { root } from '../architecture/sources.js';

export async function withFakeVscode<T>(entry: string, dir: string): Promise<T> {
    const built = await esbuild.build({
        stdin: { contents: `export * from './${entry}'; export * from './test/client/fake-vscode.ts';`, resolveDir: root, loader: 'ts' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        write: false,
        logLevel: 'silent',
        plugins: [{ name: 'fake-vscode', setup: (b) => b.onResolve({ filter: /^vscode$/ }, () => ({ path: join(root, 'test', 'client', 'fake-vscode.ts') })) }],
    });
    const modulePath = join(dir, `${basename(entry, '.ts')}.mjs`);
    writeFileSync(modulePath, built.outputFiles[0].text);
    return (await import(pathToFileURL(modulePath).href)) as T;
}
