#!/usr/bin/env node
// The `lissnas` command. Runs the bundle (out/cli/main.cjs, built by `npm run bundle`) when it exists;
// in a development checkout without a bundle, runs the TypeScript entry through tsx in a child process.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const bundle = join(root, 'out', 'cli', 'main.cjs');

if (existsSync(bundle)) {
    require(bundle);
} else {
    const { spawnSync } = require('node:child_process');
    const { pathToFileURL } = require('node:url');
    let loader;
    try {
        loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
        if (!existsSync(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs'))) throw new Error('tsx missing');
    } catch {
        process.stderr.write('lissnas: no bundle (run `npm run bundle`) and no tsx to run the sources\n');
        process.exit(1);
    }
    const result = spawnSync(process.execPath, ['--import', loader, join(root, 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
    if (result.signal) process.kill(process.pid, result.signal);
    process.exit(result.status ?? 1);
}
