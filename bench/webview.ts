/**
 * Webview rendering in a real headless Chromium (bench/webview-harness.ts): the pocket view with N architectures
 * (default 5,000; --points N), the progress panel replaying a real shrink run, and the study view of a real study,
 * both produced by the bundled CLI on examples/nb201.nas in a temporary directory. Prints the time from message
 * to drawn frame, to redraw after selecting a point (the whole scatter redraws with the selection ring), and to
 * filter the virtualised table; fails on any CSP violation or error in a page. --screenshots DIR saves PNGs.
 * `npm run bench:webview` (bundles first). docs/benchmarks.md records the numbers.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketMapCheck } from '../protocol/pocket-map.js';
import { readRunHistory } from '../client/panels/run-history.js';
import { studyMessage } from '../client/panels/study-data.js';
import { launch } from './webview-harness.js';
import { buildCases } from './pocket-map.js';

const root = join(import.meta.dirname, '..');
const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
};
const POINTS = Number(arg('points') ?? 5000);
const SHOTS = arg('screenshots');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'lissnas-bench-webview-'));
const cli = join(root, 'out', 'cli', 'main.cjs');
const example = join(root, 'examples', 'nb201.nas');
execFileSync(process.execPath, [cli, 'shrink', example, '--policy', 'Lissnas', '--out', join(work, 'run'), '--json'], { stdio: 'ignore' });
execFileSync(process.execPath, [cli, 'study', example, '--policies', 'Lissnas,Random', '--searches', 'RS', '--seeds', '3', '--budgets', '200,400', '--out', join(work, 'study'), '--json'], { stdio: 'ignore' });
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

const browser = await launch();
const failures: string[] = [];
try {
    // Pocket view, N points.
    // The real map of POINTS architectures of the NB201 table (bench/pocket-map.ts builds it with landmark MDS).
    const [built] = await buildCases([POINTS], 0);
    const map: unknown = JSON.parse(built.json);
    if (!PocketMapCheck.is(map)) throw new Error(`map: ${PocketMapCheck.problem(map)}`);
    const pockets = await browser.open('pockets');
    const first = await pockets.deliver({ type: 'pockets/map', runDir: join(work, 'run'), map });
    // Two frames with no change: the floor of every measurement below on this machine.
    const idle: number[] = [];
    for (let i = 0; i < 5; i++) idle.push(await pockets.cdp.evaluate<number>(`new Promise((resolve) => { const t0 = performance.now(); requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))); })`));
    const reselect: number[] = [];
    for (let i = 0; i < 5; i++) {
        reselect.push(await pockets.cdp.evaluate<number>(`new Promise((resolve) => { const rows = document.querySelectorAll('.vt-rows .vt-row'); const t0 = performance.now(); rows[${i} % rows.length].click(); requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))); })`));
    }
    // Zoom (mouse wheel on the map: ECharts' inside dataZoom redraws every point) and hover (hit-testing 5,000
    // points for the tooltip), driven through the DevTools input API like a real mouse.
    const box = await pockets.cdp.evaluate<{ x: number; y: number; w: number; h: number }>(`(() => { const r = document.querySelector('.chart-map').getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; })()`);
    const frames = () => pockets.cdp.evaluate<number>(`new Promise((resolve) => { const t0 = performance.now(); requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))); })`);
    const zoom: number[] = [];
    const hover: number[] = [];
    for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await pockets.cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: box.x + box.w / 2, y: box.y + box.h / 2, deltaX: 0, deltaY: i % 2 === 0 ? -120 : 120 });
        await frames();
        zoom.push(performance.now() - t0);
    }
    for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await pockets.cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x + box.w * (0.3 + i * 0.08), y: box.y + box.h * 0.45 });
        await frames();
        hover.push(performance.now() - t0);
    }
    const filter = await pockets.cdp.evaluate<number>(`new Promise((resolve) => { const f = document.querySelector('vscode-textfield'); f.value = 'nor_conv_3x3~0|+|nor_conv_3x3'; const t0 = performance.now(); f.dispatchEvent(new Event('input')); requestAnimationFrame(() => resolve(performance.now() - t0)); })`);
    const rowsRendered = await pockets.cdp.evaluate<number>(`document.querySelectorAll('.vt-rows .vt-row').length`);
    if (SHOTS) writeFileSync(join(SHOTS, 'pockets.png'), await pockets.screenshot());
    failures.push(...(await pockets.problems()).map((p) => `pockets: ${p}`));
    await pockets.close();

    // Progress panel, a real finished shrink run read back from its directory.
    const history = readRunHistory(join(work, 'run'))!;
    const progress = await browser.open('progress');
    const progressMs = await progress.deliver({ type: 'progress/init', runDir: history.runDir, command: history.command, name: history.name, state: 'finished', live: false, started: history.started, ended: history.ended, events: history.events });
    if (SHOTS) writeFileSync(join(SHOTS, 'progress.png'), await progress.screenshot());
    failures.push(...(await progress.problems()).map((p) => `progress: ${p}`));
    await progress.close();

    // Study view, a real study.
    const study = await browser.open('study', 1280, 1400);
    const studyMs = await study.deliver(studyMessage({ dir: join(work, 'study') }));
    if (SHOTS) writeFileSync(join(SHOTS, 'study.png'), await study.screenshot());
    failures.push(...(await study.problems()).map((p) => `study: ${p}`));
    await study.close();

    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; chromium headless, software rendering`);
    console.log(`pocket view, ${POINTS} points: first draw ${first.toFixed(0)} ms; two idle frames median ${median(idle).toFixed(0)} ms; select a point (ring, side pane, table) median ${median(reselect).toFixed(0)} ms of ${reselect.map((x) => x.toFixed(0)).join(', ')}; zoom (wheel) median ${median(zoom).toFixed(0)} ms; hover median ${median(hover).toFixed(0)} ms (both include the DevTools round trip); filter table ${filter.toFixed(0)} ms; table rows in the DOM ${rowsRendered}`);
    console.log(`progress panel, ${history.events.length} events: first draw ${progressMs.toFixed(0)} ms`);
    console.log(`study view: first draw ${studyMs.toFixed(0)} ms`);
} finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
}
if (failures.length > 0) {
    console.error(`problems in the pages:\n${failures.join('\n')}`);
    process.exit(1);
}
