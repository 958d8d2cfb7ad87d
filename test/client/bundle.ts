// The bundles tests run for real (out/cli/main.cjs, out/webview/main.js): rebuilt with `npm run bundle`'s script
// when missing or older than a source, so a test never judges a stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root, sources } from '../architecture/sources.js';

const SOURCE_DIRS = ['cli', 'client', 'dsl', 'engine', 'protocol', 'server', 'webview'];

export function ensureBundle(): { cli: string; webview: string } {
    const cli = join(root, 'out', 'cli', 'main.cjs');
    const webview = join(root, 'out', 'webview', 'main.js');
    const newest = Math.max(...SOURCE_DIRS.flatMap((d) => sources(d)).map((f) => statSync(f).mtimeMs), statSync(join(root, 'scripts', 'bundle.mjs')).mtimeMs);
    const fresh = (f: string) => existsSync(f) && statSync(f).mtimeMs >= newest;
    if (!fresh(cli) || !fresh(webview)) {
        const result = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { cwd: root, encoding: 'utf8' });
        if (result.status !== 0) throw new Error(`bundle failed: ${result.stderr}`);
    }
    return { cli, webview };
}
