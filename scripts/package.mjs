// `npm run package`: the installable extension (.vsix), built with @vscode/vsce 3.9 through its API. The one
// packaging path: test/e2e/run.mjs calls this script too, so the end-to-end test installs what users install.
//
// 1. Generates the Langium code when missing, then bundles with `--minify` (scripts/bundle.mjs): no source maps,
//    unless LISSNAS_SOURCEMAPS=1 (then the maps are built and packaged, and `lissnas.runs.sourceMaps` gives run
//    processes stack traces into the TypeScript sources).
// 2. Packs what `.vscodeignore` (an allow-list) lets through; `package.json`'s `vsce` key says the bundles are
//    self-contained (`dependencies: false`: no node_modules) and that there is no public repository yet
//    (`allowMissingRepository`). README links stay relative (`rewriteRelativeLinks: false`): they name files the
//    package holds (docs/, examples/, data/nb201/), which VS Code resolves against the installed extension.
//
// Usage: node scripts/package.mjs [--out FILE]   (default: lissnas-<version>.vsix in the repository root)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVSIX } from '@vscode/vsce';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = outIndex > 0 ? resolve(process.argv[outIndex + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);
const sourceMaps = process.env.LISSNAS_SOURCEMAPS === '1';

function run(command, args) {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join(root, 'dsl', 'generated', 'ast.ts'))) run(process.execPath, [join(root, 'node_modules', 'langium-cli', 'bin', 'langium.js'), 'generate']);
run(process.execPath, [join(root, 'scripts', 'bundle.mjs'), '--minify']);

// The allow-list excludes source maps; with LISSNAS_SOURCEMAPS=1 the same list without that line is used.
let ignoreFile;
let scratch;
if (sourceMaps) {
    scratch = mkdtempSync(join(tmpdir(), 'lissnas-package-'));
    ignoreFile = join(scratch, 'vscodeignore');
    const lines = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    writeFileSync(ignoreFile, lines.filter((line) => line.trim() !== '**/*.map').join('\n'));
}
try {
    await createVSIX({ cwd: root, packagePath: out, rewriteRelativeLinks: false, ...(ignoreFile ? { ignoreFile } : {}) });
} finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
}
console.log(`package: ${out} (${(statSync(out).size / 1e6).toFixed(2)} MB${sourceMaps ? ', with source maps' : ''})`);
