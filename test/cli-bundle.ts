/**
 * The bundled CLI (out/cli/main.cjs) the extension starts runs with, for the run manager's integration tests.
 * Rebuilt here (that entry only) when it is missing or older than a source it bundles, so that a stale `out/` never tests
 * yesterday's CLI (`npm run build` makes it fresh in CI; locally an edit costs one 3-second bundle).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = join(ROOT, 'out', 'cli', 'main.cjs');
const SOURCE_DIRS = ['cli', 'engine', 'dsl', 'protocol'];

function newest(dir: string): number {
    let time = 0;
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const stat = statSync(path);
        if (stat.isDirectory()) time = Math.max(time, newest(path));
        else if (name.endsWith('.ts')) time = Math.max(time, stat.mtimeMs);
    }
    return time;
}

/** Rebuilds one bundle entry when its output is missing or older than a source in `dirs`. */
function fresh(entry: string, output: string, dirs: string[]): string {
    const sources = Math.max(...dirs.map((d) => newest(join(ROOT, d))));
    if (!existsSync(output) || statSync(output).mtimeMs < sources) {
        // Only this entry: the server bundle may be in use by tests running alongside.
        const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), entry], { cwd: ROOT, encoding: 'utf8' });
        if (built.status !== 0) throw new Error(`npm run bundle failed:\n${built.stdout}\n${built.stderr}`);
    }
    return output;
}

export function bundledCli(): string {
    return fresh('cli/main.ts', CLI_BUNDLE, SOURCE_DIRS);
}

/** The wasm neural worker (out/workers/wasm-worker.cjs and its .wasm files), which every wasm run starts. */
export function bundledWasmWorker(): string {
    return fresh('workers/wasm/worker.ts', join(ROOT, 'out', 'workers', 'wasm-worker.cjs'), ['workers/wasm', 'protocol']);
}
