// The harness of the real-editor test (run.mjs): the session state (code-server, browser, page), check
// bookkeeping, build and packaging, code-server start, cleanup, and UI helpers with selectors verified on
// VS Code 1.100. The checks themselves live in *-checks.mjs. Setup: test/e2e/setup.sh; docs/testing.md.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '../..');
export const ARTIFACTS = join(HERE, '.artifacts');
export const SCREENSHOTS = join(HERE, 'screenshots');
export const CODE_SERVER = join(HERE, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WAIT_MS = Number(process.env.E2E_WAIT_MS ?? 60_000); // per condition
export const FROM_SOURCE = process.argv.includes('--from-source');
export const KEEP = process.argv.includes('--keep');

const started = Date.now();
export const results = []; // { name, ok } per check
export const log = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
export const elapsed = () => ((Date.now() - started) / 1000).toFixed(1);

// ------------------------------------------------------------------ cleanup, also on failure
let server; // the code-server child, leader of its own process group (spawned detached = setsid)
let context; // the browser
export let tmpRoot;
let cleaning;
export async function cleanup() {
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
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Cleans up on Ctrl-C / SIGTERM and after `totalMs`, printing the summary line either way. */
export function guardRun(totalMs) {
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.on(signal, () => void cleanup().then(() => {
            const passed = results.filter((r) => r.ok).length;
            console.log(`${passed} passed, ${results.length - passed + 1} failed`); // +1: the interrupted run
            process.exit(130);
        }));
    }
    const overall = setTimeout(() => {
        console.error(`e2e: the run exceeded ${totalMs / 1000} s`);
        void cleanup().then(() => {
            const passed = results.filter((r) => r.ok).length;
            console.log(`${passed} passed, ${results.length - passed + 1} failed`); // +1: the run that did not finish
            process.exit(1);
        });
    }, totalMs);
    overall.unref();
}

// ------------------------------------------------------------------ checks
export let page;
export async function check(name, body) {
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
export function assert(condition, message) {
    if (!condition) throw new Error(message);
}
/** Polls `probe` until it returns a truthy value; throws `what` with the last value seen after WAIT_MS. */
export async function waitFor(what, probe, timeout = WAIT_MS) {
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
export function run(cmd, args, options = {}) {
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...options });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}
export function buildIfStale() {
    const bundles = ['out/client/extension.cjs', 'out/server/main.cjs'].map((p) => join(ROOT, p));
    const built = Math.min(...bundles.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
    const sources = newest(['client', 'server', 'protocol', 'dsl', 'engine', 'webview', 'langium-config.json'].map((p) => join(ROOT, p)));
    if (built >= sources) return log('bundles are up to date');
    log('bundling the extension (npx langium generate && node scripts/bundle.mjs)');
    run('npx', ['langium', 'generate']);
    run(process.execPath, ['scripts/bundle.mjs']);
}
export function packageVsix(outDir) {
    const vsix = join(outDir, 'lissnas-e2e.vsix');
    // `npm run package`'s script: minified bundles, the .vscodeignore allow-list, vsce's options from package.json.
    run(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'pipe', 'pipe'] });
    return vsix;
}

// ------------------------------------------------------------------ code-server
export function prepareDirs() {
    tmpRoot = mkdtempSync(join(tmpdir(), 'lissnas-e2e-'));
    const dirs = Object.fromEntries(['user-data', 'extensions', 'ws', 'browser'].map((d) => [d, join(tmpRoot, d)]));
    Object.values(dirs).forEach((d) => mkdirSync(d, { recursive: true }));
    // Before the first page load: no welcome page or walkthrough stealing keystrokes, no network calls.
    mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
    writeSettings(dirs, { 'editor.semanticHighlighting.enabled': false });
    // The workspace: the examples under examples/ so that their `../data/nb201/nb201.csv` table resolves.
    cpSync(join(ROOT, 'examples'), join(dirs.ws, 'examples'), { recursive: true });
    cpSync(join(ROOT, 'data'), join(dirs.ws, 'data'), { recursive: true });
    writeFileSync(join(tmpRoot, 'config.yaml'), 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    return dirs;
}
/** User settings, written before the first page load. */
export function writeSettings(dirs, extra) {
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
export const codeServerFlags = (dirs) => ['--config', join(tmpRoot, 'config.yaml'), '--user-data-dir', dirs['user-data'], '--extensions-dir', dirs.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
// No extension gallery: it would be looked up on the internet.
// LISSNAS_EVAL_DELAY_MS slows every evaluation of the runs the extension starts (the extension host passes its
// environment to the CLI), so that the workbench checks can watch progress and cancel mid-run.
export const codeServerEnv = { ...process.env, EXTENSIONS_GALLERY: '{}', LISSNAS_EVAL_DELAY_MS: process.env.LISSNAS_EVAL_DELAY_MS ?? '40' };

export async function startCodeServer(dirs) {
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


/** Starts chromium on the workbench URL and waits until the explorer shows the workspace. */
export async function openWorkbench(dirs, url) {
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
}

// ------------------------------------------------------------------ UI helpers (selectors verified with VS Code 1.100)
export const editorLines = () => page.locator('.monaco-editor .view-lines');
export async function quickInput(key, text) {
    await page.keyboard.press(key);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    await input.fill(text);
    return input;
}
/** Moves the cursor with Go to Line/Column (1-based). */
export async function goTo(line, column) {
    const input = await quickInput('Control+g', `:${line}:${column}`);
    await input.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
    await waitFor(`cursor at ${line}:${column}`, async () => (await statusText('#status\\.editor\\.selection')).includes(`Ln ${line}, Col ${column}`));
}
/** Every visible line: its text and its tokens as [text, class]. */
export async function visibleLines() {
    return editorLines().locator('.view-line').evaluateAll((els) => els.map((line) => {
        const tokens = [...line.querySelectorAll(':scope > span > span')].map((s) => [s.textContent.replace(/\u00a0/g, ' '), s.className]);
        return { text: tokens.map(([t]) => t).join(''), tokens };
    }));
}
/** [text, class] of the tokens (trimmed, blanks dropped) of the visible line whose text matches `start`. */
export async function lineTokens(start) {
    const line = (await visibleLines()).find((l) => start.test(l.text));
    return (line?.tokens ?? []).map(([t, c]) => [t.trim(), c]).filter(([t]) => t);
}
/** Line text → the class of each of its characters, for the visible lines. */
export async function characterClasses() {
    return new Map((await visibleLines()).map((l) => [l.text, l.tokens.flatMap(([t, c]) => [...t].map(() => c))]));
}
export async function statusText(selector) {
    const item = page.locator(selector);
    return (await item.count()) ? (await item.first().innerText()).trim() : '';
}
/** Error count of the Problems status bar item (its aria-label reads like "Errors: 1, Warnings: 0" or "No Problems"). */
export async function problemCounts() {
    const label = (await page.locator('#status\\.problems').first().getAttribute('aria-label')) ?? '';
    const errors = Number(/(\d+)\s*errors?|errors?:\s*(\d+)/i.exec(label)?.slice(1).find(Boolean) ?? (/no problems/i.test(label) ? 0 : NaN));
    return { label, errors };
}
/** 1-based line and column of `needle` in the source, column pointing `offset` characters into it. */
export function locate(source, needle, offset = 0) {
    const at = source.indexOf(needle);
    assert(at >= 0, `examples/tour.nas no longer contains ${JSON.stringify(needle)}: update test/e2e/run.mjs`);
    const before = source.slice(0, at + offset);
    const line = before.split('\n').length;
    return { line, column: before.length - before.lastIndexOf('\n') };
}
export async function suggestions() {
    const widget = page.locator('.suggest-widget.visible');
    await widget.waitFor({ state: 'visible', timeout: WAIT_MS });
    return waitFor('completion items', async () => {
        const labels = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
        return labels.length ? labels.map((l) => l.trim()) : undefined;
    });
}

