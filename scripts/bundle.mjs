// Bundles the extension, the language server and the CLI with esbuild (CommonJS, Node 20, sourcemaps).
//
// CommonJS because VS Code loads extensions with `require`, and one format for every entry keeps the
// launchers in bin/ simple. Langium is ESM: esbuild converts it, except `import.meta.url`, which has no
// CommonJS equivalent and would become `undefined`; it is replaced by a variable that an injected module
// (scripts/import-meta-url-shim.mjs) computes from `__filename`. `--watch` rebuilds on change; `--minify` for the packaged .vsix
// (scripts/package.mjs), without source maps unless LISSNAS_SOURCEMAPS=1 (a map of the previous build is removed: it would
// describe other code).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');
const sourcemap = !minify || process.env.LISSNAS_SOURCEMAPS === '1';
// `node scripts/bundle.mjs cli/main.ts`: only the entries named (the run manager's tests rebuild a stale CLI
// without rewriting the server bundle other tests may be starting at that moment).
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

const entries = [
    { in: 'client/extension.ts', out: 'out/client/extension.cjs', external: ['vscode'] },
    { in: 'server/main.ts', out: 'out/server/main.cjs' },
    // The size worker (server/features/size-jobs.ts starts it from the file next to main.cjs).
    { in: 'server/size-worker.ts', out: 'out/server/size-worker.cjs' },
    { in: 'cli/main.ts', out: 'out/cli/main.cjs' },
    // The tfjs neural worker, wasm and webgpu engines (engine/evaluate/neural/backend.ts starts it from out/workers/,
    // from the bundled CLI and from the sources alike: tfjs-core's ESM files import directories, which only a
    // bundler resolves). Dawn (`webgpu`) is a native optional package, loaded from node_modules when present.
    { in: 'workers/tfjs/worker.ts', out: 'out/workers/tfjs-worker.cjs', external: ['webgpu'] },
    // The webviews' browser code (webview/main.ts, one bundle for the three panels; its CSS goes to main.css).
    // Always minified: it is loaded into every panel, and test/webview/bundle-size.test.ts holds it to a budget.
    { in: 'webview/main.ts', out: 'out/webview/main.js', browser: true },
].filter((entry) => only.length === 0 || only.includes(entry.in)).filter((entry) => {
    if (existsSync(join(root, entry.in))) return true;
    console.warn(`bundle: skipping ${entry.in} (not found)`);
    return false;
});

if (!sourcemap) for (const entry of entries) rmSync(join(root, `${entry.out}.map`), { force: true });

const contexts = await Promise.all(
    entries.map((entry) =>
        esbuild.context(
            entry.browser
                ? {
                      absWorkingDir: root,
                      entryPoints: [entry.in],
                      outfile: entry.out,
                      bundle: true,
                      format: 'iife',
                      platform: 'browser',
                      target: 'chrome120',
                      sourcemap: sourcemap ? 'linked' : false,
                      minify: true,
                      legalComments: 'none',
                      logLevel: 'warning',
                  }
                : {
                      absWorkingDir: root,
                      entryPoints: [entry.in],
                      outfile: entry.out,
                      bundle: true,
                      format: 'cjs',
                      platform: 'node',
                      target: 'node20',
                      sourcemap,
                      minify,
                      external: entry.external ?? [],
                      // Prefer the ESM build of dual packages: it is what the sources (and tsx) run, so bundle == tests.
                      mainFields: ['module', 'main'],
                      define: { 'import.meta.url': 'importMetaUrl' },
                      inject: ['scripts/import-meta-url-shim.mjs'],
                      logLevel: 'warning',
                  },
        ),
    ),
);

// The codicon font and its stylesheet, next to the webview bundle (the panels may load nothing else).
if (entries.some((e) => e.browser)) {
    mkdirSync(join(root, 'out', 'webview'), { recursive: true });
    for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join(root, 'node_modules', '@vscode', 'codicons', 'dist', file), join(root, 'out', 'webview', file));
}

// tfjs-backend-wasm's binaries next to the wasm worker (it passes this folder to setWasmPaths): the SIMD build
// and the plain one for CPUs without SIMD, 0.74 MB together. Not the threaded build: tfjs never uses threads under
// Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false when IS_NODE).
if (entries.some((e) => e.in === 'workers/tfjs/worker.ts')) {
    const dist = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
    mkdirSync(join(root, 'out', 'workers'), { recursive: true });
    for (const file of WASM_FILES) copyFileSync(join(dist, file), join(root, 'out', 'workers', file));
}

if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    console.log(`bundle: watching ${entries.map((e) => e.in).join(', ')}`);
} else {
    const started = Date.now();
    // esbuild has already printed the errors (logLevel); a failed entry only needs to fail the script.
    const results = await Promise.allSettled(contexts.map((context) => context.rebuild()));
    await Promise.all(contexts.map((context) => context.dispose()));
    const failed = entries.filter((_, i) => results[i].status === 'rejected' || results[i].value.errors.length > 0);
    if (failed.length > 0) {
        console.error(`bundle: failed: ${failed.map((e) => e.in).join(', ')}`);
        process.exit(1);
    }
    console.log(`bundle: ${entries.map((e) => e.out).join(', ')} in ${Date.now() - started} ms`);
}
