/**
 * Runs the built webview bundle (out/webview/main.js) in a real headless Chromium, the way VS Code hosts it: the
 * page is the panels' own HTML (client/panels/html.ts, same CSP, nonce), served from a local origin that plays
 * `webview.cspSource`; a stub `acquireVsCodeApi` (a nonce'd script, like VS Code's preload) records what the page
 * posts; messages are delivered with `window.postMessage` through the DevTools protocol. CSP violations, console
 * errors and exceptions are collected, so a view that breaks under the policy fails loudly.
 *
 * Needs Node's WebSocket (`node --experimental-websocket` on Node 20) and a Chromium (CHROMIUM or /usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { ViewKind } from '../protocol/webview.js';
import { webviewHtml } from '../client/panels/html.js';

const root = join(import.meta.dirname, '..');
const NONCE = 'bench-nonce-0123456789';

/** A few of the variables VS Code's Dark Modern theme defines (VS Code sets them on <html> and the body class). */
const DARK: Record<string, string> = {
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editorWidget-border': '#454545',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-font-family': 'system-ui, sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': 'monospace',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-progressBar-background': '#0078d4',
    '--vscode-textCodeBlock-background': '#2b2b2b',
    '--vscode-list-hoverBackground': '#2a2d2e',
    '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff',
    '--vscode-errorForeground': '#f85149',
};

const STUB = `
for (const [k, v] of Object.entries(${JSON.stringify(DARK)})) document.documentElement.style.setProperty(k, v);
document.body.classList.add('vscode-dark');
window.__posted = [];
window.__problems = [];
window.__state = undefined;
document.addEventListener('securitypolicyviolation', (e) => window.__problems.push('CSP blocked ' + e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('error', (e) => window.__problems.push('error: ' + e.message));
function acquireVsCodeApi() {
    return {
        postMessage: (m) => window.__posted.push(m),
        getState: () => window.__state,
        setState: (s) => { window.__state = s; },
    };
}
/** Delivers a host message and resolves with the milliseconds until two frames later (the chart has drawn). */
window.__deliver = (message) => new Promise((resolve) => {
    const t0 = performance.now();
    window.postMessage(message, '*');
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
});
`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html', '.map': 'application/json' };

function serve(): Promise<{ server: Server; origin: string }> {
    const server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const view = /^\/page\/(progress|pockets|study)\.html$/.exec(url.pathname)?.[1] as ViewKind | undefined;
        if (view) {
            const origin = `http://${request.headers.host}`;
            const html = webviewHtml({ view, title: view, cspSource: origin, script: `${origin}/webview/main.js`, styles: [`${origin}/webview/main.css`], codicons: `${origin}/webview/codicon.css`, nonce: NONCE });
            const page = html.replace('<script nonce=', `<script nonce="${NONCE}">${STUB}</script>\n<script nonce=`);
            response.writeHead(200, { 'content-type': 'text/html' }).end(page);
            return;
        }
        if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
        const rel = normalize(url.pathname).replace(/^[/\\]+/, '');
        if (!rel.startsWith('webview/')) return void response.writeHead(404).end();
        const file = join(root, 'out', rel);
        if (!existsSync(file)) return void response.writeHead(404).end();
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
    }));
}

class Cdp {
    private id = 0;
    private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    readonly events: Array<{ method: string; params: unknown }> = [];

    constructor(private readonly socket: WebSocket) {
        socket.addEventListener('message', (event) => {
            const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown };
            if (message.id !== undefined) {
                const waiter = this.pending.get(message.id);
                this.pending.delete(message.id);
                if (message.error) waiter?.reject(new Error(message.error.message));
                else waiter?.resolve(message.result);
            } else if (message.method) this.events.push({ method: message.method, params: message.params });
        });
    }

    send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
        const id = ++this.id;
        this.socket.send(JSON.stringify({ id, method, params }));
        return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    }

    async evaluate<T>(expression: string): Promise<T> {
        const result = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
        if (result.exceptionDetails) throw new Error(`${result.exceptionDetails.text} ${result.exceptionDetails.exception?.description ?? ''}`);
        return result.result.value as T;
    }
}

export interface Browser {
    open(view: ViewKind, width?: number, height?: number): Promise<Page>;
    close(): Promise<void>;
}

export interface Page {
    cdp: Cdp;
    /** Posts a host message; resolves with the ms until the page drew it (two frames). */
    deliver(message: unknown): Promise<number>;
    /** What the page posted to the host so far. */
    posted(): Promise<Array<{ type: string }>>;
    /** CSP violations, uncaught errors, console errors and warnings. */
    problems(): Promise<string[]>;
    screenshot(): Promise<Buffer>;
    close(): Promise<void>;
}

export function chromiumPath(): string | undefined {
    return [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
        const value = await probe().catch(() => undefined);
        if (value !== undefined) return value;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

export async function launch(): Promise<Browser> {
    const chromium = chromiumPath();
    if (!chromium) throw new Error('no chromium found (set CHROMIUM)');
    if (typeof WebSocket === 'undefined') throw new Error('run with node --experimental-websocket (Node 20)');
    const { server, origin } = await serve();
    const profile = mkdtempSync(join(tmpdir(), 'lissnas-chromium-'));
    const child: ChildProcess = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const wsBase = await waitFor(async () => /DevTools listening on (ws:\/\/[^\s]+)/.exec(stderr)?.[1], 20_000, 'chromium to start');
    const http = wsBase.replace(/^ws:/, 'http:').replace(/\/devtools\/browser\/.*$/, '');
    return {
        async open(view, width = 1280, height = 900) {
            const target = (await (await fetch(`${http}/json/new?about:blank`, { method: 'PUT' })).json()) as { id: string; webSocketDebuggerUrl: string };
            const socket = new WebSocket(target.webSocketDebuggerUrl);
            await new Promise((resolve, reject) => {
                socket.addEventListener('open', resolve, { once: true });
                socket.addEventListener('error', reject, { once: true });
            });
            const cdp = new Cdp(socket);
            await cdp.send('Runtime.enable');
            await cdp.send('Log.enable');
            await cdp.send('Page.enable');
            await cdp.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
            await cdp.send('Page.navigate', { url: `${origin}/page/${view}.html` });
            await waitFor(async () => ((await cdp.evaluate<Array<{ type: string }>>('window.__posted || []')).some((m) => m.type === 'ready') ? true : undefined), 20_000, `the ${view} view's ready message`);
            return {
                cdp,
                deliver: (message) => cdp.evaluate<number>(`window.__deliver(${JSON.stringify(message)})`),
                posted: () => cdp.evaluate('window.__posted'),
                async problems() {
                    const inPage = await cdp.evaluate<string[]>('window.__problems');
                    const logged = cdp.events.flatMap((e) => {
                        if (e.method === 'Runtime.exceptionThrown') return [`exception: ${JSON.stringify((e.params as { exceptionDetails: unknown }).exceptionDetails).slice(0, 400)}`];
                        if (e.method === 'Runtime.consoleAPICalled') {
                            const p = e.params as { type: string; args: Array<{ value?: unknown; description?: string }> };
                            return p.type === 'error' || p.type === 'warning' ? [`console.${p.type}: ${p.args.map((a) => a.value ?? a.description).join(' ')}`] : [];
                        }
                        if (e.method === 'Log.entryAdded') {
                            const entry = (e.params as { entry: { level: string; text: string; source: string; url?: string } }).entry;
                            return entry.level === 'error' || entry.source === 'security' ? [`log ${entry.source}: ${entry.text} ${entry.url ?? ''}`] : [];
                        }
                        return [];
                    });
                    return [...inPage, ...logged];
                },
                async screenshot() {
                    const shot = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
                    return Buffer.from(shot.data, 'base64');
                },
                async close() {
                    socket.close();
                    await fetch(`${http}/json/close/${target.id}`).catch(() => undefined);
                },
            };
        },
        async close() {
            // Chromium's helper processes share its process group (detached above): end the group, then wait.
            const exited = new Promise((r) => child.once('exit', r));
            try {
                process.kill(-child.pid!, 'SIGTERM');
            } catch {
                child.kill('SIGTERM');
            }
            await exited;
            await new Promise((r) => setTimeout(r, 300));
            server.close();
            try {
                rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
            } catch {
                // a helper still writing its cache: the temp profile is left behind, nothing else depends on it
            }
        },
    };
}
