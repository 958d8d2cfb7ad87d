/**
 * The HTML shell of every LISSNAS webview and its Content Security Policy. Kept free of `vscode` so that the
 * policy is unit-tested (test/client/webview-html.test.ts): the panels pass in what `webview.cspSource` and
 * `asWebviewUri` gave them.
 */
import { randomBytes } from 'node:crypto';
import type { ViewKind } from '../../protocol/webview.js';

export interface ShellInput {
    view: ViewKind;
    title: string;
    /** `webview.cspSource`: the origin VS Code serves local resources from (`https://*.vscode-cdn.net` and the like). */
    cspSource: string;
    /** Webview URIs (`asWebviewUri`) of out/webview/main.js, main.css and codicon.css. */
    script: string;
    styles: string[];
    codicons: string;
    /** Fresh per HTML document; tests pass a fixed one. */
    nonce?: string;
}

/** A nonce for one document: 128 random bits, base64 (what CSP nonces are meant to be: unguessable, single use). */
export function makeNonce(): string {
    return randomBytes(16).toString('base64');
}

/**
 * The policy, one directive per concern:
 * - `default-src 'none'`: anything not listed below is refused (no fetch/XHR/WebSocket, frames, media, workers):
 *   the views get all their data by `postMessage` from the host, so they need no network at all.
 * - `img-src ${cspSource} data:`: bundled images only; `data:` because ECharts' "save as image" and canvas
 *   snapshots are data URLs. No http(s) source: no remote content.
 * - `style-src ${cspSource}`: the bundled stylesheets (main.css, codicon.css). No 'unsafe-inline': ECharts
 *   draws on a canvas and positions its DOM through the CSSOM (`element.style.x = ...`), which CSP does not
 *   govern; tooltips use ECharts' `richText` mode (drawn on the canvas), because its HTML tooltips carry inline
 *   `style="..."` attributes that this policy would block. VS Code Elements style their shadow roots with
 *   constructed stylesheets (`adoptedStyleSheets`), which CSP does not block either.
 * - `font-src ${cspSource}`: codicon.ttf.
 * - `script-src 'nonce-N'`: only the one bundled script tag that carries this document's nonce; no 'unsafe-eval'
 *   (neither ECharts nor Lit needs eval) and no inline handlers.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `img-src ${cspSource} data:`,
        `style-src ${cspSource}`,
        `font-src ${cspSource}`,
        `script-src 'nonce-${nonce}'`,
    ].join('; ');
}

function attr(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The document: the CSP first (before anything that loads), the stylesheets, one root element, the script last. */
export function webviewHtml(input: ShellInput): string {
    const nonce = input.nonce ?? makeNonce();
    const csp = contentSecurityPolicy(input.cspSource, nonce);
    // `id="vscode-codicon-stylesheet"`: VS Code Elements' <vscode-icon> finds the codicon font through it.
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(input.codicons)}">
${input.styles.map((href) => `<link rel="stylesheet" href="${attr(href)}">`).join('\n')}
<title>${attr(input.title)}</title>
</head>
<body data-view="${input.view}">
<div id="app" class="app app-${input.view}"></div>
<script nonce="${attr(nonce)}" src="${attr(input.script)}"></script>
</body>
</html>
`;
}
