#!/usr/bin/env node
// The `.nas` language server over stdio (for editors other than VS Code): runs the bundle out/server/main.cjs
// (built by `npm run bundle`); in a development checkout without a bundle, runs server/main.ts through tsx.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bundle = join(root, 'out', 'server', 'main.cjs');

if (!process.argv.some((a) => ['--stdio', '--node-ipc', '--socket', '--pipe'].some((flag) => a === flag || a.startsWith(`${flag}=`)))) {
    process.argv.push('--stdio');
}
if (existsSync(bundle)) {
    require(bundle);
} else {
    const { spawnSync } = require('node:child_process');
    const { pathToFileURL } = require('node:url');
    const loader = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
    if (!existsSync(loader)) {
        process.stderr.write('lissnas-language-server: no bundle (run `npm run bundle`) and no tsx to run the sources\n');
        process.exit(1);
    }
    const result = spawnSync(process.execPath, ['--import', pathToFileURL(loader).href, join(root, 'server', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(result.status ?? 1);
}
