#!/usr/bin/env node
// End-to-end test of the lissnas extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3,
// Node extension host) driven through Debian's chromium with playwright-core. It packages the extension
// as a .vsix (what users install), installs it into fresh dirs, opens a temp workspace holding a copy of
// examples/ and data/, and checks what a user sees: the language (language-checks.mjs) and the workbench of
// runs and panels (workbench-checks.mjs). Exit code = result; last line `N passed, N failed`.
// Setup: test/e2e/setup.sh. How and why: docs/testing.md.
//
// Flags: --from-source  load the extension through extensionDevelopmentPath instead of a .vsix
//        --keep         keep the temp dirs (workspace, user data, logs) for inspection
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
    ARTIFACTS, CHROMIUM, CODE_SERVER, FROM_SOURCE, ROOT, assert, buildIfStale, cleanup, codeServerEnv, codeServerFlags, elapsed,
    guardRun, log, openWorkbench, packageVsix, page, prepareDirs, results, run, startCodeServer, tmpRoot,
} from './harness.mjs';
import { languageChecks } from './language-checks.mjs';
import { workbenchChecks } from './workbench-checks.mjs';

guardRun(600_000);

async function main() {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const f of readdirSync(ARTIFACTS)) rmSync(join(ARTIFACTS, f), { recursive: true, force: true });
    assert(existsSync(CODE_SERVER), `${CODE_SERVER} is missing: run bash test/e2e/setup.sh`);
    assert(existsSync(CHROMIUM), `${CHROMIUM} is missing: run bash test/e2e/setup.sh`);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

    buildIfStale();
    const dirs = prepareDirs();
    if (FROM_SOURCE) {
        log('loading the extension from source (extensionDevelopmentPath)');
    } else {
        const vsix = packageVsix(tmpRoot);
        log(`packaged ${vsix} (${(statSync(vsix).size / 1e6).toFixed(2)} MB)`);
        run(CODE_SERVER, [...codeServerFlags(dirs), '--install-extension', vsix], { env: codeServerEnv });
        const installed = readdirSync(dirs.extensions).filter((d) => d.startsWith(`${manifest.publisher}.${manifest.name}`));
        assert(installed.length === 1, `the .vsix did not install (extensions dir: ${readdirSync(dirs.extensions).join(', ')})`);
        log(`installed ${installed[0]}`);
    }
    const port = await startCodeServer(dirs);
    log(`code-server listening on 127.0.0.1:${port}`);
    let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`;
    if (FROM_SOURCE) {
        const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`]];
        url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }
    await openWorkbench(dirs, url);
    log('workbench ready');

    await languageChecks(dirs);
    await workbenchChecks(dirs);
    await page.screenshot({ path: join(ARTIFACTS, 'final.png') });
}

let exitCode = 1;
try {
    await main();
} catch (error) {
    results.push({ name: 'setup', ok: false });
    log(`FAIL setup: ${error instanceof Error ? error.stack ?? error.message : error}`);
    await page?.screenshot({ path: join(ARTIFACTS, 'failure-setup.png') }).catch(() => {});
} finally {
    await cleanup();
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    exitCode = failed === 0 && passed > 0 ? 0 : 1;
    log(`done in ${elapsed()} s; artifacts in ${ARTIFACTS}`);
    console.log(`${passed} passed, ${failed} failed`);
}
process.exit(exitCode);
