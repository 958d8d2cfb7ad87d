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

/** The tfjs neural worker (out/workers/tfjs-worker.cjs and its .wasm files), which every wasm and webgpu run starts. */
export function bundledTfjsWorker(): string {
    return fresh('workers/tfjs/worker.ts', join(ROOT, 'out', 'workers', 'tfjs-worker.cjs'), ['workers/tfjs', 'protocol']);
}

/**
 * `skip` option of node:test for webgpu: false when the worker's webgpu engine starts here (the optional package
 * `webgpu`, and a GPU or Mesa's EGL for the software adapter: .ci/run installs it), else the printed reason.
 */
export function skipWithoutWebgpu(): false | string {
    const r = spawnSync(process.execPath, [bundledTfjsWorker(), '--engine', 'webgpu', '--probe'], { encoding: 'utf8', timeout: 120_000 });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    if (last.includes('"type":"ready"')) return false;
    const reason = `webgpu cannot start here: ${last.includes('"absent"') ? (JSON.parse(last) as { message: string }).message : `probe exit ${r.status ?? r.signal}`}`;
    console.log(`# skipped: ${reason}`);
    return reason;
}
