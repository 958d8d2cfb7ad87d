// The webview bundle's size budget (docs/editors.md states it): every panel loads out/webview/main.js, so growth
// is a cost paid on each open. Also: the codicon files sit next to it, and the bundle stays browser code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from '../architecture/sources.js';
import { ensureBundle } from '../client/bundle.js';

/** Minified main.js; ECharts (tree-shaken: line, scatter, boxplot) is ~80 % of it. */
export const BUDGET_BYTES = 800_000;
export const BUDGET_GZIP_BYTES = 260_000;

const { webview } = ensureBundle();

test(`out/webview/main.js stays within ${BUDGET_BYTES} bytes (${BUDGET_GZIP_BYTES} gzipped)`, () => {
    const size = statSync(webview).size;
    const gzip = gzipSync(readFileSync(webview)).length;
    assert.ok(size > 100_000, `the bundle holds the chart library (${size} bytes)`);
    assert.ok(size <= BUDGET_BYTES, `main.js is ${size} bytes, over the ${BUDGET_BYTES} budget`);
    assert.ok(gzip <= BUDGET_GZIP_BYTES, `main.js is ${gzip} bytes gzipped, over ${BUDGET_GZIP_BYTES}`);
});

test('the bundle is tree-shaken browser code: no eval, no Node built-ins, only the ECharts parts it uses', () => {
    const text = readFileSync(webview, 'utf8');
    assert.ok(!/\bnew Function\(|\beval\(/.test(text), "no eval: the CSP has no 'unsafe-eval'");
    assert.ok(!/require\(["']node:|require\(["'](fs|child_process|vscode)["']\)/.test(text));
    // Series classes register as `type="series.<name>"`: the ones the views use are there, others (which the full
    // `echarts` entry would bring) are not.
    assert.ok(text.includes('type="series.scatter"') && text.includes('type="series.line"'));
    for (const unused of ['pie', 'graph', 'treemap', 'sunburst', 'sankey', 'map']) assert.ok(!text.includes(`type="series.${unused}"`), `series.${unused} is not bundled`);
});

test('codicon.css, codicon.ttf and main.css are copied next to the bundle (the only resources the panels load)', () => {
    for (const file of ['codicon.css', 'codicon.ttf', 'main.css']) assert.ok(existsSync(join(root, 'out', 'webview', file)), file);
    assert.match(readFileSync(join(root, 'out', 'webview', 'codicon.css'), 'utf8'), /codicon\.ttf/);
});
