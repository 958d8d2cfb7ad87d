#!/usr/bin/env node
// End-to-end test of the lissnas extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3,
// Node extension host) driven through Debian's chromium with playwright-core. It packages the extension
// as a .vsix (what users install), installs it into fresh dirs, opens a temp workspace holding a copy of
// examples/tour.nas and data/, and checks what a user sees: language mode and colours, squiggles and
// the Problems count, hover, the status bar size, completion. Exit code = result; last line
// `N passed, N failed`. Setup: test/e2e/setup.sh. How and why: docs/testing.md.
//
// Flags: --from-source  load the extension through extensionDevelopmentPath instead of a .vsix
//        --keep         keep the temp dirs (workspace, user data, logs) for inspection
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const ARTIFACTS = join(HERE, '.artifacts');
const CODE_SERVER = join(HERE, 'node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WAIT_MS = Number(process.env.E2E_WAIT_MS ?? 60_000); // per condition
const TOTAL_MS = 300_000; // whole run
const FROM_SOURCE = process.argv.includes('--from-source');
const KEEP = process.argv.includes('--keep');

const started = Date.now();
const results = []; // { name, ok } per check
const log = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`);

// ------------------------------------------------------------------ cleanup, also on failure
let server; // the code-server child, leader of its own process group (spawned detached = setsid)
let context; // the browser
let tmpRoot;
let cleaning;
async function cleanup() {
    cleaning ??= (async () => {
        await context?.close().catch(() => {});
        if (server && server.exitCode === null && server.signalCode === null) {
            const exited = new Promise((r) => server.once('exit', r));
            // The whole group: the extension host, the file watcher and the language server outlive code-server otherwise.
            killGroup('SIGTERM');
            const late = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
            if (late) killGroup('SIGKILL');
        }
        // Children that ignored SIGTERM while code-server itself exited promptly.
        killGroup('SIGKILL');
        if (tmpRoot && !KEEP) rmSync(tmpRoot, { recursive: true, force: true });
    })();
    return cleaning;
}
function killGroup(signal) {
    if (!server?.pid) return;
    try {
        process.kill(-server.pid, signal);
    } catch {
        // ESRCH: the group is gone.
    }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => void cleanup().then(() => {
        const passed = results.filter((r) => r.ok).length;
        console.log(`${passed} passed, ${results.length - passed + 1} failed`); // +1: the interrupted run
        process.exit(130);
    }));
}
const overall = setTimeout(() => {
    console.error(`e2e: the run exceeded ${TOTAL_MS / 1000} s`);
    void cleanup().then(() => {
        const passed = results.filter((r) => r.ok).length;
        console.log(`${passed} passed, ${results.length - passed + 1} failed`); // +1: the run that did not finish
        process.exit(1);
    });
}, TOTAL_MS);
overall.unref();

// ------------------------------------------------------------------ checks
let page;
async function check(name, body) {
    const t0 = Date.now();
    try {
        const detail = await body();
        results.push({ name, ok: true });
        log(`PASS ${name} (${Date.now() - t0} ms)${detail ? ` — ${detail}` : ''}`);
    } catch (error) {
        results.push({ name, ok: false });
        log(`FAIL ${name} (${Date.now() - t0} ms): ${error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n    ') : error}`);
        const base = join(ARTIFACTS, `failure-${name.replace(/\W+/g, '-')}`);
        await page?.screenshot({ path: `${base}.png` }).catch(() => {});
        // The editor's DOM, to see what a selector met.
        const dom = await page?.locator('.monaco-editor .view-lines').first().evaluate((e) => e.outerHTML, null, { timeout: 2000 }).catch(() => '');
        if (dom) writeFileSync(`${base}.html`, dom);
    }
}
function assert(condition, message) {
    if (!condition) throw new Error(message);
}
/** Polls `probe` until it returns a truthy value; throws `what` with the last value seen after WAIT_MS. */
async function waitFor(what, probe, timeout = WAIT_MS) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
        try {
            last = await probe();
            if (last) return last;
        } catch (error) {
            last = error instanceof Error ? error.message : String(error);
        }
        if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`);
        await sleep(100);
    }
}

// ------------------------------------------------------------------ build and package
function newest(paths) {
    let t = 0;
    const visit = (p) => {
        if (!existsSync(p)) return;
        const s = statSync(p);
        if (s.isDirectory()) {
            for (const name of readdirSync(p)) if (name !== 'generated' && name !== 'node_modules') visit(join(p, name));
        } else t = Math.max(t, s.mtimeMs);
    };
    paths.forEach(visit);
    return t;
}
function run(cmd, args, options = {}) {
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...options });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}
function buildIfStale() {
    const bundles = ['out/client/extension.cjs', 'out/server/main.cjs'].map((p) => join(ROOT, p));
    const built = Math.min(...bundles.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
    const sources = newest(['client', 'server', 'protocol', 'dsl', 'engine', 'webview', 'langium-config.json'].map((p) => join(ROOT, p)));
    if (built >= sources) return log('bundles are up to date');
    log('bundling the extension (npx langium generate && node scripts/bundle.mjs)');
    run('npx', ['langium', 'generate']);
    run(process.execPath, ['scripts/bundle.mjs']);
}
function packageVsix(outDir) {
    const vsix = join(outDir, 'lissnas-e2e.vsix');
    // `npm run package`'s script: minified bundles, the .vscodeignore allow-list, vsce's options from package.json.
    run(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'pipe', 'pipe'] });
    return vsix;
}

// ------------------------------------------------------------------ code-server
function prepareDirs() {
    tmpRoot = mkdtempSync(join(tmpdir(), 'lissnas-e2e-'));
    const dirs = Object.fromEntries(['user-data', 'extensions', 'ws', 'browser'].map((d) => [d, join(tmpRoot, d)]));
    Object.values(dirs).forEach((d) => mkdirSync(d, { recursive: true }));
    // Before the first page load: no welcome page or walkthrough stealing keystrokes, no network calls.
    mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
    writeSettings(dirs, { 'editor.semanticHighlighting.enabled': false });
    // The workspace: tour.nas under examples/ so that its `../data/nb201/nb201.csv` table resolves.
    mkdirSync(join(dirs.ws, 'examples'));
    cpSync(join(ROOT, 'examples/tour.nas'), join(dirs.ws, 'examples/tour.nas'));
    cpSync(join(ROOT, 'data'), join(dirs.ws, 'data'), { recursive: true });
    writeFileSync(join(tmpRoot, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    return dirs;
}
/** User settings, written before the first page load. */
function writeSettings(dirs, extra) {
    writeFileSync(join(dirs['user-data'], 'User/settings.json'), JSON.stringify({
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'window.restoreWindows': 'none',
        'git.enabled': false,
        'editor.minimap.enabled': false,
        // Completions must come from the language server, not from words of the document.
        'editor.wordBasedSuggestions': 'off',
        'files.autoSave': 'off',
        ...extra,
    }, null, 2));
}
const codeServerFlags = (dirs) => ['--config', join(tmpRoot, 'config.yaml'), '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
// No extension gallery: it would be looked up on the internet.
const codeServerEnv = { ...process.env, EXTENSIONS_GALLERY: '{}' };

async function startCodeServer(dirs) {
    const logFile = createWriteStream(join(ARTIFACTS, 'code-server.log'));
    server = spawn(CODE_SERVER, [...codeServerFlags(dirs), dirs.ws], { env: codeServerEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const port = await new Promise((resolvePort, reject) => {
        const onData = (chunk) => {
            logFile.write(chunk);
            output += chunk;
            const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
            if (m) resolvePort(Number(m[1]));
        };
        server.stdout.on('data', onData);
        server.stderr.on('data', onData);
        server.once('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${output}`)));
        setTimeout(() => reject(new Error(`code-server did not listen within ${WAIT_MS / 1000} s:\n${output}`)), WAIT_MS).unref();
    });
    await waitFor('code-server /healthz', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
    return port;
}

// ------------------------------------------------------------------ UI helpers (selectors verified with VS Code 1.100)
const editorLines = () => page.locator('.monaco-editor .view-lines');
async function quickInput(key, text) {
    await page.keyboard.press(key);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    await input.fill(text);
    return input;
}
/** Moves the cursor with Go to Line/Column (1-based). */
async function goTo(line, column) {
    const input = await quickInput('Control+g', `:${line}:${column}`);
    await input.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await waitFor(`cursor at ${line}:${column}`, async () => (await statusText('#status\\.editor\\.selection')).includes(`Ln ${line}, Col ${column}`));
}
/** Every visible line: its text and its tokens as [text, class]. */
async function visibleLines() {
    return editorLines().locator('.view-line').evaluateAll((els) => els.map((line) => {
        const tokens = [...line.querySelectorAll(':scope > span > span')].map((s) => [s.textContent.replace(/\u00a0/g, ' '), s.className]);
        return { text: tokens.map(([t]) => t).join(''), tokens };
    }));
}
/** [text, class] of the tokens (trimmed, blanks dropped) of the visible line whose text matches `start`. */
async function lineTokens(start) {
    const line = (await visibleLines()).find((l) => start.test(l.text));
    return (line?.tokens ?? []).map(([t, c]) => [t.trim(), c]).filter(([t]) => t);
}
/** Line text → the class of each of its characters, for the visible lines. */
async function characterClasses() {
    return new Map((await visibleLines()).map((l) => [l.text, l.tokens.flatMap(([t, c]) => [...t].map(() => c))]));
}
async function statusText(selector) {
    const item = page.locator(selector);
    return (await item.count()) ? (await item.first().innerText()).trim() : '';
}
/** Error count of the Problems status bar item (its aria-label reads like "Errors: 1, Warnings: 0" or "No Problems"). */
async function problemCounts() {
    const label = (await page.locator('#status\\.problems').first().getAttribute('aria-label')) ?? '';
    const errors = Number(/(\d+)\s*errors?|errors?:\s*(\d+)/i.exec(label)?.slice(1).find(Boolean) ?? (/no problems/i.test(label) ? 0 : NaN));
    return { label, errors };
}
/** 1-based line and column of `needle` in the source, column pointing `offset` characters into it. */
function locate(source, needle, offset = 0) {
    const at = source.indexOf(needle);
    assert(at >= 0, `examples/tour.nas no longer contains ${JSON.stringify(needle)}: update test/e2e/run.mjs`);
    const before = source.slice(0, at + offset);
    const line = before.split('\n').length;
    return { line, column: before.length - before.lastIndexOf('\n') };
}
async function suggestions() {
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: WAIT_MS });
    return waitFor('completion items', async () => {
        const labels = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
        return labels.length ? labels.map((l) => l.trim()) : undefined;
    });
}

// ------------------------------------------------------------------ main
async function main() {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const f of readdirSync(ARTIFACTS)) rmSync(join(ARTIFACTS, f), { recursive: true, force: true });
    assert(existsSync(CODE_SERVER), `${CODE_SERVER} is missing: run bash test/e2e/setup.sh`);
    assert(existsSync(CHROMIUM), `${CHROMIUM} is missing: run bash test/e2e/setup.sh`);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const languageName = manifest.contributes.languages.find((l) => l.id === 'nas').aliases[0];
    const tour = readFileSync(join(ROOT, 'examples/tour.nas'), 'utf8');

    buildIfStale();
    const dirs = prepareDirs();
    let url;
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
    url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}`;
    if (FROM_SOURCE) {
        const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`]];
        url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    }

    context = await chromium.launchPersistentContext(dirs.browser, {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1400, height: 900 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT_MS);
    const consoleLog = createWriteStream(join(ARTIFACTS, 'browser-console.log'));
    page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
    log('workbench ready');

    // 1. The file opens in the `nas` language with TextMate colours.
    let opened = false;
    await check('opens tour.nas as nas with TextMate colours', async () => {
        const input = await quickInput('Control+p', 'tour.nas');
        await page.locator('.quick-input-list .monaco-list-row[aria-label*="tour.nas"]').first().waitFor({ timeout: WAIT_MS });
        await input.press('Enter');
        await editorLines().filter({ hasText: 'A tour of the .nas language' }).waitFor({ timeout: WAIT_MS });
        opened = true;
        const mode = await waitFor(`language mode "${languageName}"`, async () => {
            const text = await statusText('#status\\.editor\\.mode');
            return text === languageName ? text : undefined;
        });
        // Tokenization is asynchronous: wait until `space NB201 {` shows keyword and name in different classes.
        // Semantic highlighting is off at this point (settings.json), so every class comes from the grammar.
        const classes = await waitFor('distinct token classes on the `space NB201` line', async () => {
            const spans = await lineTokens(/^space NB201\b/);
            const keyword = spans.find(([t]) => t === 'space')?.[1];
            const name = spans.find(([t]) => t === 'NB201')?.[1];
            return keyword && name && keyword !== name ? { keyword, name } : undefined;
        });
        const comment = (await lineTokens(/^\/\/ Cell space/))[0]?.[1];
        assert(comment && comment !== classes.keyword && comment !== classes.name, `the comment has the class of code (${comment})`);
        const distinct = new Set((await visibleLines()).flatMap((l) => l.tokens.map(([, c]) => c))).size;
        assert(distinct >= 4, `only ${distinct} token classes in the visible lines`);
        return `mode "${mode}", keyword ${classes.keyword} / name ${classes.name} / comment ${comment}, ${distinct} classes visible`;
    });
    if (!opened) throw new Error('tour.nas did not open: the other checks need it');

    // 1b. Semantic highlighting (the language server's tokens) recolours names the grammar cannot classify.
    await check('semantic tokens recolour the grammar colours', async () => {
        const textmate = await characterClasses();
        // A workspace setting: the workbench watches the workspace folder (a rewritten user settings.json is not picked up).
        mkdirSync(join(dirs.ws, '.vscode'), { recursive: true });
        writeFileSync(join(dirs.ws, '.vscode/settings.json'), JSON.stringify({ 'editor.semanticHighlighting.enabled': true }));
        const changed = await waitFor('a token whose class changes with semantic highlighting on', async () => {
            const recoloured = [];
            for (const [text, classes] of await characterClasses()) {
                const before = textmate.get(text);
                if (!before) continue; // not on screen before
                const words = text.split(/(\W+)/);
                let at = 0;
                for (const word of words) {
                    if (/\w/.test(word) && classes.slice(at, at + word.length).some((c, i) => c !== before[at + i])) recoloured.push(word);
                    at += word.length;
                }
            }
            return recoloured.length ? recoloured : undefined;
        });
        return `${changed.length} tokens recoloured, e.g. ${[...new Set(changed)].slice(0, 6).join(', ')}`;
    });

    // 2. A bad token gives a squiggle and an error count; removing it clears both.
    await check('error squiggle and Problems count appear and clear', async () => {
        const before = await waitFor('diagnostics of the clean file', async () => {
            const c = await problemCounts();
            return c.errors === 0 ? c : undefined;
        });
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('@@@');
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: WAIT_MS });
        const after = await waitFor('an error in the Problems count', async () => {
            const c = await problemCounts();
            return c.errors > 0 ? c : undefined;
        });
        // Remove the typed line (and the line break before it): the text is the original again.
        await page.keyboard.press('Shift+Home');
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Backspace');
        await waitFor('the squiggle to clear', async () => (await page.locator('.monaco-editor .squiggly-error').count()) === 0);
        const cleared = await waitFor('the Problems count back to 0 errors', async () => {
            const c = await problemCounts();
            return c.errors === 0 ? c : undefined;
        });
        return `"${before.label}" → "${after.label}" → "${cleared.label}"`;
    });

    // 3. Hover on a space name shows its size.
    const nb201 = locate(tour, 'space NB201 {', 'space '.length + 2);
    await check('hover on NB201 shows 15,625', async () => {
        await goTo(nb201.line, nb201.column);
        await page.keyboard.press('Control+k');
        await page.keyboard.press('Control+i');
        const hover = page.locator('.monaco-hover-content').filter({ hasText: '15,625' });
        await hover.first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const text = (await hover.first().innerText()).replace(/\s+/g, ' ').trim();
        assert(text.includes('NB201'), `the hover does not name the space: ${text}`);
        // Let the hover's fade-in finish, or the screenshot shows it translucent.
        await hover.first().evaluate((el) => Promise.all((el.closest('.monaco-hover') ?? el).getAnimations().map((a) => a.finished)));
        await page.screenshot({ path: join(ARTIFACTS, 'hover.png') });
        await page.keyboard.press('Escape');
        return text.slice(0, 120);
    });

    // 4. The status bar shows the size of the space under the cursor, and follows the cursor.
    await check('status bar shows the size of the space under the cursor', async () => {
        await goTo(nb201.line, nb201.column);
        const item = page.locator('.statusbar-item').filter({ hasText: /NB201: 15,625/ });
        await item.first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const first = (await item.first().innerText()).trim();
        const mobile = locate(tour, 'space Mobile {', 'space '.length + 1);
        await goTo(mobile.line + 1, 5);
        const moved = page.locator('.statusbar-item').filter({ hasText: /Mobile: \S/ });
        await moved.first().waitFor({ state: 'visible', timeout: WAIT_MS });
        const second = (await moved.first().innerText()).trim();
        assert((await page.locator('.statusbar-item').filter({ hasText: /NB201: 15,625/ }).count()) === 0, 'the NB201 size stayed after moving into Mobile');
        return `"${first}" then "${second}"`;
    });

    // 5. Completion: op names after `ops [`, and the policy kind's setting keys in a policy body.
    await check('completion offers op names after `ops [` and policy keys in a policy body', async () => {
        const ops = locate(tour, 'ops [conv3x3_bn_relu', 'ops ['.length);
        await goTo(ops.line, ops.column);
        await page.keyboard.type('nor_');
        await page.keyboard.press('Control+Space');
        const opItems = await suggestions();
        assert(opItems.includes('nor_conv_3x3') && opItems.includes('nor_conv_1x1'), `after "ops [nor_": ${opItems.join(', ')}`);
        await page.keyboard.press('Escape');
        for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');

        // Empty the `neighbors distance 1` line of the Lissnas policy: the kind's missing key is offered there.
        const neighbors = locate(tour, 'neighbors distance 1');
        await goTo(neighbors.line, neighbors.column);
        await page.keyboard.press('Shift+End');
        await page.keyboard.press('Delete');
        await page.keyboard.press('Control+Space');
        const keys = await suggestions();
        assert(keys.includes('neighbors'), `in the lissnas policy body without neighbors: ${keys.join(', ')}`);
        assert(!keys.includes('tournament') && !keys.includes('population'), `search keys offered in a policy body: ${keys.join(', ')}`);
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+z');
        return `ops: ${opItems.join(', ')}; policy: ${keys.join(', ')}`;
    });
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
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; artifacts in ${ARTIFACTS}`);
    console.log(`${passed} passed, ${failed} failed`);
}
process.exit(exitCode);
