// The webviews' HTML shell and CSP (client/panels/html.ts): scripts only by nonce, no eval, no remote sources,
// nothing beyond the webview's own resource origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../client/panels/html.js';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const input = {
    view: 'pockets' as const,
    title: 'Pockets: run-1',
    cspSource: CSP_SOURCE,
    script: `${CSP_SOURCE}/ext/out/webview/main.js`,
    styles: [`${CSP_SOURCE}/ext/out/webview/main.css`],
    codicons: `${CSP_SOURCE}/ext/out/webview/codicon.css`,
};

function directives(html: string): Map<string, string[]> {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'the page declares a CSP');
    return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

test('the policy: default none, script only by this nonce, styles/fonts/images from the webview origin only', () => {
    const html = webviewHtml({ ...input, nonce: 'abc123' });
    const csp = directives(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-abc123'"]);
    assert.deepEqual(csp.get('style-src'), [CSP_SOURCE]);
    assert.deepEqual(csp.get('font-src'), [CSP_SOURCE]);
    assert.deepEqual(csp.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepEqual([...csp.keys()].sort(), ['default-src', 'font-src', 'img-src', 'script-src', 'style-src']);
});

test("no 'unsafe-eval', no 'unsafe-inline', no remote http(s) source other than the webview origin", () => {
    const html = webviewHtml(input);
    const policy = [...directives(html).values()].flat();
    assert.ok(!policy.includes("'unsafe-eval'"));
    assert.ok(!policy.includes("'unsafe-inline'"));
    for (const source of policy.filter((s) => /^https?:/.test(s))) assert.equal(source, CSP_SOURCE);
    assert.ok(!policy.some((s) => s === '*' || s === 'https:' || s === 'http:'));
});

test('every script tag carries the nonce; each document gets a fresh one', () => {
    const html = webviewHtml(input);
    const nonce = /'nonce-([^']+)'/.exec(html)![1];
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.equal(scripts.length, 1);
    assert.ok(scripts.every((s) => s.includes(`nonce="${nonce}"`) && s.includes(input.script)));
    assert.ok(!/\son\w+=/.test(html), 'no inline event handlers');
    assert.ok(!/style="/.test(html), 'no inline style attributes');
    assert.notEqual(makeNonce(), makeNonce());
    assert.ok(makeNonce().length >= 22, '128 bits, base64');
    assert.notEqual(/'nonce-([^']+)'/.exec(webviewHtml(input))![1], nonce);
});

test('the shell says which view it is and escapes what it is given', () => {
    const html = webviewHtml({ ...input, title: 'a"<b>' });
    assert.match(html, /<body data-view="pockets">/);
    assert.match(html, /<title>a&quot;&lt;b&gt;<\/title>/);
    assert.match(html, /id="vscode-codicon-stylesheet"/);
    assert.equal(contentSecurityPolicy('X', 'n').split('; ')[0], "default-src 'none'");
});
