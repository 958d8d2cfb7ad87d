#!/usr/bin/env node
// `npm run test:electron`: the extension's integration suite (test/electron/suite.cjs) inside a real desktop
// VS Code, downloaded and started by @vscode/test-electron. For machines that can download VS Code (about 150 MB
// from update.code.visualstudio.com on the first run, cached in .vscode-test/); CI cannot, so `.ci/run` runs
// the code-server end-to-end test (test/e2e/) instead: docs/testing.md.
//
// Linux without a display: `xvfb-run -a npm run test:electron`. VSCODE_VERSION picks the editor (default
// 1.100.3, the version test/e2e pins through code-server 4.100.3, and this extension's `engines.vscode` floor).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const VERSION = process.env.VSCODE_VERSION ?? '1.100.3';

let testElectron;
try {
    testElectron = await import('@vscode/test-electron');
} catch {
    console.error('test:electron needs @vscode/test-electron (a dev dependency that downloads VS Code only when run):');
    console.error('  npm install --save-dev @vscode/test-electron@~3.1.0');
    process.exit(2);
}

// The development bundle (with source maps) when there is none yet.
if (!existsSync(join(ROOT, 'out/client/extension.cjs'))) {
    for (const [command, args] of [['npx', ['langium', 'generate']], [process.execPath, ['scripts/bundle.mjs']]]) {
        const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
        if (result.status !== 0) process.exit(result.status ?? 1);
    }
}

// A fresh workspace: the examples and the table they read (`../data/nb201/nb201.csv`), so runs write nothing
// into the checkout.
const workspace = mkdtempSync(join(tmpdir(), 'lissnas-electron-'));
cpSync(join(ROOT, 'examples'), join(workspace, 'examples'), { recursive: true });
mkdirSync(join(workspace, 'data/nb201'), { recursive: true });
cpSync(join(ROOT, 'data/nb201/nb201.csv'), join(workspace, 'data/nb201/nb201.csv'));

let code = 0;
try {
    await testElectron.runTests({
        version: VERSION,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: join(HERE, 'suite.cjs'),
        extensionTestsEnv: { LISSNAS_TEST_WORKSPACE: workspace },
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
} catch (error) {
    console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
} finally {
    rmSync(workspace, { recursive: true, force: true });
}
process.exit(code);
