// Run by browser.test.ts in a child `node --experimental-websocket --import tsx` (Node 20 has WebSocket behind
// that flag): opens the built views in headless Chromium and prints what it observed as one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch } from '../../bench/webview-harness.js';
import { pocketMapFixture } from '../../bench/pocket-map-fixture.js';
import { readRunHistory } from '../../client/panels/run-history.js';
import { studyMessage } from '../../client/panels/study-data.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'lissnas-browser-check-'));
const runDir = join(work, 'run');
execFileSync(process.execPath, [join(root, 'out', 'cli', 'main.cjs'), 'shrink', join(root, 'examples', 'nb201.nas'), '--policy', 'Lissnas', '--out', runDir, '--json'], { stdio: 'ignore' });
const studyDir = join(work, 'study');
const searchDir = join(work, 'search');
execFileSync(process.execPath, [join(root, 'out', 'cli', 'main.cjs'), 'study', join(root, 'examples', 'nb201.nas'), '--policies', 'Lissnas,Random', '--searches', 'RS', '--seeds', '2', '--budgets', '200,300', '--out', studyDir, '--json'], { stdio: 'ignore' });
execFileSync(process.execPath, [join(root, 'out', 'cli', 'main.cjs'), 'search', join(root, 'examples', 'nb201.nas'), '--search', 'RS', '--out', searchDir, '--json'], { stdio: 'ignore' });
// A shrinkage whose evaluations are runs of examples/command/train.py (synthetic mode): its --json stream has
// `trial` events with per-epoch progress, the Trials section's input.
const commandDir = join(work, 'command');
const commandEvents = execFileSync(process.execPath, [join(root, 'out', 'cli', 'main.cjs'), 'shrink', join(root, 'examples', 'command', 'shrink.nas'), '--policy', 'Shrink', '--out', commandDir, '--json'], { encoding: 'utf8', env: { ...process.env, LISSNAS_EXAMPLE_SYNTHETIC: '1' } })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; id?: string });
const browser = await launch();
const out: Record<string, unknown> = {};
try {
    const map = pocketMapFixture(Number(process.argv[2] ?? 1000));
    const pockets = await browser.open('pockets');
    // A malformed message first: the page must refuse it (and say so to the host), then draw the good one.
    await pockets.deliver({ type: 'pockets/map', runDir, map: { ...map, points: [{ ...map.points[0], x: 'left' }] } });
    out.afterMalformed = await pockets.cdp.evaluate('({ state: window.__state ?? null, canvases: document.querySelectorAll("canvas").length })');
    await pockets.deliver({ type: 'pockets/map', runDir, map });
    out.pockets = await pockets.cdp.evaluate(`({
        posted: window.__posted.map((m) => m.type === 'problem' ? 'problem: ' + m.message : m.type),
        state: window.__state,
        canvases: document.querySelectorAll('canvas').length,
        status: document.querySelector('.status').textContent,
        side: document.querySelector('.side code')?.textContent,
        svgEdges: document.querySelectorAll('.side svg .dag-edge').length,
        svgLabels: [...document.querySelectorAll('.side svg .dag-label')].map((t) => t.textContent),
        tableRows: document.querySelectorAll('.vt-rows .vt-row').length,
        pocketRows: document.querySelectorAll('.pockets-table tbody tr').length,
    })`);
    // Click the first table row: the side pane draws that architecture; "Copy" posts a copy message.
    out.picked = await pockets.cdp.evaluate(`new Promise((resolve) => {
        const row = document.querySelector('.vt-rows .vt-row');
        row.click();
        const button = [...document.querySelectorAll('.side vscode-button')].find((b) => b.textContent.includes('Copy'));
        button.click();
        requestAnimationFrame(() => resolve({ arch: row.firstChild.textContent, side: document.querySelector('.side code').textContent, last: window.__posted[window.__posted.length - 1] }));
    })`);
    out.pocketProblems = await pockets.problems();
    out.best = map.points.find((p) => p.key === map.bestKey)!.arch;
    await pockets.close();

    const history = readRunHistory(runDir)!;
    const progress = await browser.open('progress');
    await progress.deliver({ type: 'progress/init', runDir, command: history.command, name: history.name, state: 'finished', live: false, started: history.started, ended: history.ended, events: history.events });
    out.progress = await progress.cdp.evaluate(`({
        state: window.__state,
        cards: [...document.querySelectorAll('.card')].map((c) => c.querySelector('.card-label').textContent + '=' + c.querySelector('.card-value').textContent),
        canvases: document.querySelectorAll('canvas').length,
        log: document.querySelector('.log').textContent,
    })`);
    out.progressProblems = await progress.problems();
    // The detector itself: an inline style attribute (what ECharts' HTML tooltips would add) must be reported.
    await progress.cdp.evaluate(`new Promise((resolve) => { document.body.insertAdjacentHTML('beforeend', '<div style="color: red">x</div>'); setTimeout(resolve, 200); })`);
    out.detectorProblems = await progress.problems();
    await progress.close();

    // A live command run: half its events in the init, the rest in a batch, then a malformed trial event.
    const trialsPage = await browser.open('progress');
    const half = Math.floor(commandEvents.length / 2);
    await trialsPage.deliver({ type: 'progress/init', runDir: commandDir, command: 'shrink', name: 'Shrink', state: 'running', live: true, started: Date.now(), events: commandEvents.slice(0, half) });
    await trialsPage.deliver({ type: 'progress/events', runDir: commandDir, events: commandEvents.slice(half), state: 'finished', ended: Date.now() });
    await trialsPage.deliver({ type: 'progress/events', runDir: commandDir, events: [{ event: 'trial', id: 't', arch: 'a', status: 'running', elapsed: 1, progress: { loss: 'low' } }], state: 'finished' });
    const trialsView = `({
        hidden: document.querySelector('section.trials').hidden,
        summary: document.querySelector('.trials-summary').textContent,
        options: [...document.querySelectorAll('.trials-field option')].map((o) => o.value),
        chosen: document.querySelector('.trials-field').value,
        head: [...document.querySelectorAll('table.trials thead th')].map((th) => th.textContent),
        rows: [...document.querySelectorAll('table.trials tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
        chartCanvases: document.querySelectorAll('section.trials canvas').length,
        posted: window.__posted.filter((m) => m.type === 'problem').map((m) => m.message),
    })`;
    out.trials = await trialsPage.cdp.evaluate(trialsView);
    // Picking another field redraws the chart with it.
    out.trialsPicked = await trialsPage.cdp.evaluate(`new Promise((resolve) => {
        const select = document.querySelector('.trials-field');
        select.value = 'loss';
        select.dispatchEvent(new Event('change'));
        requestAnimationFrame(() => requestAnimationFrame(() => resolve({ chosen: select.value, chartCanvases: document.querySelectorAll('section.trials canvas').length })));
    })`);
    out.trialIds = [...new Set(commandEvents.filter((e) => e.event === 'trial').map((e) => e.id))];
    out.trialsProblems = await trialsPage.problems();
    await trialsPage.close();

    const study = await browser.open('study');
    const studyMsg = studyMessage({ dir: studyDir });
    out.studyMessageType = studyMsg.type;
    await study.deliver(studyMsg);
    out.study = await study.cdp.evaluate(`({ state: window.__state, canvases: document.querySelectorAll('canvas').length, heading: document.querySelector('h2').textContent, rows: document.querySelectorAll('table.data tbody tr').length })`);
    out.studyProblems = await study.problems();
    await study.close();

    const compare = await browser.open('study');
    const compareMsg = studyMessage({ runDirs: [runDir, searchDir] });
    out.compareMessageType = compareMsg.type;
    await compare.deliver(compareMsg);
    out.compare = await compare.cdp.evaluate(`({ state: window.__state, canvases: document.querySelectorAll('canvas').length, rows: [...document.querySelectorAll('table.data tbody tr')].map((r) => r.firstChild.textContent) })`);
    out.compareProblems = await compare.problems();
    await compare.close();
    out.runDir = runDir;
    out.searchDir = searchDir;
    out.studyDir = studyDir;
} finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
