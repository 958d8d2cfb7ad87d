// The workbench checks of the real-editor test (issue 8), in the order a user goes: open examples/nb201.nas, shrink
// a policy from the command palette and watch its iterations arrive in the progress panel, open the pockets from
// the end-of-run notification, click a point of the map to draw its cell, find the run in the Runs view, start a
// second run from its code lens, cancel it, resume it, then run a study and open its comparison view. Each step
// saves a screenshot to test/e2e/screenshots/ (committed: the README shows two of them).
//
// Runs are slowed by LISSNAS_EVAL_DELAY_MS (harness.mjs sets it for code-server, whose extension host passes it on
// to the CLI) so that live progress and cancel are observable; everything else is the real product: the packaged
// extension, the bundled CLI in a child process, the real NB201 table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SCREENSHOTS, WAIT_MS, assert, check, page, waitFor } from './harness.mjs';

const RUN_MS = 120_000; // a whole run, slowed down

/** Saves a screenshot of the workbench under test/e2e/screenshots/ (viewport only: small PNGs). */
async function shot(name) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Opens Quick Open by clicking the command center in the title bar (as a user would; a key press would go to a
 * focused webview instead of the workbench) and types `text` (`>` switches it to the command palette).
 */
async function quickOpen(text) {
    const widget = page.locator('.quick-input-widget');
    if (await widget.isVisible()) await page.keyboard.press('Escape'); // a quick input left open by a failed step
    await page.locator('.command-center .command-center-center').first().click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    // Quick Open fills its list asynchronously and may reset the box while it opens: type until the text stays.
    await waitFor(`Quick Open to hold "${text}"`, async () => {
        if ((await input.inputValue()) !== text) await input.fill(text);
        await page.waitForTimeout(100);
        return (await input.inputValue()) === text;
    });
    return input;
}

/**
 * Presses Enter once the focused row of the quick input is the one whose label contains `label` (attached, not
 * necessarily visible: the list is re-rendered while it fills).
 */
async function acceptRow(input, label, timeout = WAIT_MS) {
    await page.locator(`.quick-input-list .monaco-list-row.focused[aria-label*="${label}"]`).first().waitFor({ state: 'attached', timeout });
    await input.press('Enter');
}

/** Runs a palette command by its title. */
async function palette(title) {
    const input = await quickOpen(`>${title}`);
    await acceptRow(input, title);
}

/** Picks the quick pick row whose label contains `label` (the quick input must be open): types it, then Enter. */
async function pick(label) {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    await input.fill(label);
    await acceptRow(input, label);
}

/**
 * The frame of a lissnas webview (progress, pockets, study), optionally the one showing `text` (a run directory).
 * Webviews are two iframes deep; the page says which view it is on `<body data-view>`.
 */
async function viewFrame(view, text, timeout = WAIT_MS) {
    return waitFor(`the ${view} webview${text ? ` of ${text}` : ''}`, async () => {
        for (const frame of page.frames()) {
            const found = await frame
                .evaluate(([v, t]) => document.body?.dataset?.view === v && (!t || document.body.innerText.includes(t)), [view, text])
                .catch(() => false);
            if (found) return frame;
        }
        return undefined;
    }, timeout);
}

/** The card values of the progress panel (label -> text), and its state label. */
async function progressCards(frame) {
    return frame.evaluate(() => ({
        state: document.querySelector('.state')?.textContent ?? '',
        cards: Object.fromEntries([...document.querySelectorAll('.card')].map((c) => [c.querySelector('.card-label')?.textContent, c.querySelector('.card-value')?.textContent])),
    }));
}

/** The one new run directory under `parent` whose name starts with `prefix`. */
async function newRunDir(parent, prefix, before = []) {
    return waitFor(`a run directory ${prefix}-* under ${parent}`, () => {
        if (!existsSync(parent)) return undefined;
        const dirs = readdirSync(parent).filter((d) => d.startsWith(`${prefix}-`) && !before.includes(d));
        return dirs.length === 1 ? join(parent, dirs[0]) : undefined;
    });
}

const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const evalKeys = (dir) =>
    new Set(
        readFileSync(join(dir, 'journal.jsonl'), 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('{"type":"eval"'))
            .map((l) => JSON.parse(l).key),
    );

async function openFile(name) {
    // A file created a moment ago may not be in Quick Open's index yet: ask again until it is.
    await waitFor(`Quick Open to offer ${name}`, async () => {
        const input = await quickOpen(name);
        await acceptRow(input, name, 3000);
        return true;
    });
    const label = page.locator('.tab.active .label-name').filter({ hasText: new RegExp(`^${name.replace('.', '\\.')}$`) });
    await label.first().waitFor({ timeout: WAIT_MS });
}

/** Shows the Runs view and returns the row of `dir` once its aria-label (`<dir>, <state>, ...`) says `state`. */
async function runsRow(dir, state) {
    const container = page.locator('.activitybar [aria-label^="LISSNAS"]').first();
    const view = page.locator('.pane-header[aria-label*="Runs"], .composite.title:has-text("LISSNAS")');
    if (!(await view.first().isVisible().catch(() => false))) await container.click();
    const name = dir.split('/').pop();
    const row = page.locator(`.monaco-list-row[aria-label*="${name}"]`).filter({ has: page.locator('*') });
    return waitFor(`the Runs view row of ${name} saying ${state}`, async () => {
        const label = (await row.first().getAttribute('aria-label', { timeout: 1000 })) ?? '';
        return label.includes(state) ? row.first() : undefined;
    }, RUN_MS);
}

export async function workbenchChecks(dirs) {
    const runs = join(dirs.ws, 'runs');
    let lissnasDir;

    await check('shrink from the palette: the progress panel shows iterations as they arrive', async () => {
        await openFile('nb201.nas');
        await page.locator('.codelens-decoration').filter({ hasText: '▶ Shrink' }).first().waitFor({ timeout: WAIT_MS });
        await palette('LISSNAS: Shrink Search Space');
        await pick('Lissnas');
        lissnasDir = await newRunDir(runs, 'Lissnas');
        const frame = await viewFrame('progress', 'Lissnas');
        // Poll the panel while the run goes: a live iteration count must be seen before the run finishes.
        const seen = [];
        let screenshotted = false;
        const final = await waitFor('the run to finish in the panel', async () => {
            const now = await progressCards(frame);
            seen.push(`${now.state}:${now.cards.iterations ?? 0}`);
            if (!screenshotted && now.state === 'running' && Number(now.cards.iterations ?? 0) >= 1) {
                screenshotted = true;
                await shot('01-shrink-progress-live');
            }
            return now.state === 'finished' ? now : undefined;
        }, RUN_MS);
        const result = json(join(lissnasDir, 'result.json'));
        const live = seen.filter((s) => s.startsWith('running:') && Number(s.split(':')[1]) >= 1 && Number(s.split(':')[1]) < result.history.length);
        assert(live.length > 0, `no live iteration count before the end (seen ${[...new Set(seen)].join(' ')})`);
        assert(Number(final.cards.iterations) === result.history.length, `panel says ${final.cards.iterations} iterations, result.json ${result.history.length}`);
        assert(final.cards.queries?.replace(/,/g, '').startsWith(String(result.queries)), `panel queries ${final.cards.queries}, result.json ${result.queries}`);
        await shot('02-shrink-progress-finished');
        return `states seen ${[...new Set(seen)].join(' → ')}; ${result.history.length} iterations, ${result.queries} queries`;
    });
    if (!lissnasDir || !existsSync(join(lissnasDir, 'result.json'))) return;

    await check('the pocket view shows one point per evaluated architecture; clicking a point draws its cell', async () => {
        // The end-of-run notification offers the pockets.
        const button = page.locator('.notifications-toasts .monaco-button').filter({ hasText: 'Open Pockets' }).first();
        await button.waitFor({ timeout: WAIT_MS });
        await button.click();
        const frame = await viewFrame('pockets');
        const keys = evalKeys(lissnasDir);
        const result = json(join(lissnasDir, 'result.json'));
        const status = await waitFor('the map to load', async () => {
            const text = await frame.locator('.status').innerText();
            return /\d evaluated architectures/.test(text) ? text : undefined;
        });
        const count = Number(/(\d[\d,]*) evaluated architectures/.exec(status)[1].replace(/,/g, ''));
        assert(count === keys.size && count === result.queries, `map has ${count} points, the journal ${keys.size} keys, result.json ${result.queries} queries`);
        // A real click on the canvas: scan the map's area until a click lands on a point and the side pane draws it.
        const box = await frame.locator('.chart-map canvas').first().boundingBox();
        // The side pane opens on the best architecture; a click must select another point.
        const initial = await frame.locator('.side code').first().textContent({ timeout: 1000 }).catch(() => null);
        let drawn;
        for (let gy = 0.15; gy <= 0.85 && !drawn; gy += 0.035) {
            for (let gx = 0.08; gx <= 0.85 && !drawn; gx += 0.025) {
                await page.mouse.click(box.x + box.width * gx, box.y + box.height * gy);
                const arch = await frame.locator('.side code').first().textContent({ timeout: 200 }).catch(() => null);
                if (arch && arch !== initial) drawn = arch;
            }
        }
        assert(drawn, 'no click on the map selected a point');
        const edges = await frame.locator('.side svg .dag-edge').count();
        const nodes = await frame.locator('.side svg .dag-node').count();
        assert(edges === 6 && nodes === 4, `the NB201 cell drawn with ${nodes} nodes and ${edges} edges (expected 4 and 6)`);
        const labels = await frame.locator('.side svg text').allTextContents();
        const ops = [...drawn.matchAll(/\|([a-z_0-9]+)~\d/g)].map((m) => m[1]);
        assert(ops.length === 6 && ops.every((op) => labels.includes(op)), `edge labels ${labels.join(',')} do not carry the ops of ${drawn}`);
        await shot('03-pockets-cell');
        return `${count} points = ${keys.size} journal keys; the side pane showed ${initial}, a click drew ${drawn}`;
    });

    await check('"Search from here" in the pocket view starts a search at the clicked architecture', async () => {
        const frame = await viewFrame('pockets');
        const arch = (await frame.locator('.side code').first().textContent()).trim();
        const before = existsSync(runs) ? readdirSync(runs) : [];
        await frame.locator('.side').getByText('Search from here').click();
        await pick('RS');
        const dir = await newRunDir(runs, 'RS-from', before);
        await waitFor('the search to finish', () => existsSync(join(dir, 'result.json')), RUN_MS);
        const result = json(join(dir, 'result.json'));
        assert(result.start === arch, `result.json start ${result.start}, clicked ${arch}`);
        const first = readFileSync(join(dir, 'journal.jsonl'), 'utf8').split('\n').find((l) => l.startsWith('{"type":"eval"'));
        assert(first, 'the search journaled no evaluation');
        return `${dir.split('/').pop()} started at ${arch}; ${result.queries} queries, best ${result.best?.report}`;
    });

    await check('the Runs view lists the run as finished', async () => {
        const row = await runsRow(lissnasDir, 'finished');
        await shot('04-runs-view');
        return (await row.getAttribute('aria-label')).slice(0, 160);
    });

    let absDir;
    await check('cancel leaves a resumable directory; resume completes it as an uninterrupted run would', async () => {
        await openFile('nb201.nas');
        const before = existsSync(runs) ? readdirSync(runs) : [];
        // The code lens above `policy ABS` (the second policy of the file).
        const lenses = page.locator('.codelens-decoration a').filter({ hasText: '▶ Shrink' });
        await lenses.nth(1).waitFor({ timeout: WAIT_MS });
        await lenses.nth(1).click();
        absDir = await newRunDir(runs, 'ABS', before);
        await waitFor('some evaluations journaled', () => existsSync(join(absDir, 'journal.jsonl')) && evalKeys(absDir).size >= 20, RUN_MS);
        await palette('LISSNAS: Cancel Run');
        await runsRow(absDir, 'interrupted');
        // The Runs view reads the directory; the run manager learns of the end when the process exits, a moment
        // later: Resume offers only runs it no longer tracks as running.
        const progress = await viewFrame('progress', absDir.split('/').pop());
        await waitFor('the progress panel to say interrupted', async () => (await progressCards(progress)).state === 'interrupted');
        assert(!existsSync(join(absDir, 'result.json')), 'the cancelled run wrote a result');
        assert(!existsSync(join(absDir, 'run.lock')), 'the cancelled run left its lock');
        const kept = evalKeys(absDir).size;
        await shot('05-cancelled');
        await palette('LISSNAS: Resume Run');
        await pick(absDir.split('/').pop());
        await runsRow(absDir, 'finished');
        // The same run without interruption, by the CLI directly, must give the same bytes.
        const scratch = mkdtempSync(join(tmpdir(), 'lissnas-e2e-abs-'));
        try {
            const cli = join(ROOT, 'out', 'cli', 'main.cjs');
            const straight = spawnSync(process.execPath, [cli, 'shrink', join(dirs.ws, 'examples', 'nb201.nas'), '--policy', 'ABS', '--out', join(scratch, 'abs')], { encoding: 'utf8' });
            assert(straight.status === 0, straight.stderr);
            const same = readFileSync(join(absDir, 'result.json'), 'utf8') === readFileSync(join(scratch, 'abs', 'result.json'), 'utf8');
            assert(same, 'the resumed result.json differs from an uninterrupted run');
        } finally {
            rmSync(scratch, { recursive: true, force: true });
        }
        await shot('06-resumed');
        return `cancelled with ${kept} evaluations kept; resumed to ${evalKeys(absDir).size}; result.json identical to an uninterrupted run`;
    });

    await check('a zero-cost proxy shrink on the back-end the settings choose (wasm): the panel says which, result.json records it', async () => {
        // Workspace settings, read by the extension when the command starts (client/config.ts); removed after.
        const vscodeDir = join(dirs.ws, '.vscode');
        mkdirSync(vscodeDir, { recursive: true });
        writeFileSync(join(vscodeDir, 'settings.json'), JSON.stringify({ 'lissnas.runs.backend': 'wasm' }));
        try {
            await openFile('fashion.nas');
            const before = existsSync(runs) ? readdirSync(runs) : [];
            // The setting may take a moment to reach the extension host: a run started before it is retried.
            let dir;
            let frame;
            for (let attempt = 1; ; attempt++) {
                await palette('LISSNAS: Shrink Search Space');
                await pick('Zero');
                dir = await newRunDir(runs, 'Zero', before);
                before.push(dir.split('/').pop());
                frame = await viewFrame('progress', 'Zero');
                const log = await waitFor('the back-end line in the panel', async () => {
                    const text = await frame.locator('.log').innerText().catch(() => '');
                    return /back-end: \S+/.test(text) ? text : undefined;
                });
                if (/back-end: wasm/.test(log) || attempt >= 2) break;
            }
            const final = await waitFor('the run to finish in the panel', async () => {
                const now = await progressCards(frame);
                return now.state === 'finished' || now.state === 'failed' ? now : undefined;
            }, RUN_MS);
            const log = await frame.locator('.log').innerText();
            assert(final.state === 'finished', `the run ${final.state}: ${log.slice(-400)}`);
            assert(/back-end: wasm \(tfjs.*\) on cpu/.test(log), `the panel's log does not name wasm: ${log.slice(0, 400)}`);
            const result = json(join(dir, 'result.json'));
            assert(result.backend?.name === 'wasm' && result.backend.device === 'cpu', `result.json backend ${JSON.stringify(result.backend)}`);
            assert(result.queries > 0 && result.pockets.length > 0, `${result.queries} queries, ${result.pockets.length} pockets`);
            await shot('08-proxy-shrink-wasm');
            return `${result.queries} synflow evaluations on ${result.backend.name} (${result.backend.workers ?? 1} worker processes), ${result.pockets.length} pockets`;
        } finally {
            rmSync(vscodeDir, { recursive: true, force: true });
        }
    });

    await check('a study runs from the palette and opens its comparison view', async () => {
        // A small study file: one LISSNAS policy and its random twin, so five seeds take seconds.
        writeFileSync(join(dirs.ws, 'examples', 'study-small.nas'), readFileSync(join(dirs.ws, 'examples', 'nb201.nas'), 'utf8')
            .replace(/policy Lissnas = lissnas\(NB201\) \{[^}]*\}/, 'policy Small = lissnas(NB201) { evaluate c10; sample 20; seeds top 3; neighbors distance 1; max_iterations 2; seed 1 }')
            .replace(/policy ABS .*\n/, '')
            .replace('match Lissnas', 'match Small')
            .replace(/search .*\n/g, ''));
        await openFile('study-small.nas');
        const before = existsSync(runs) ? readdirSync(runs) : [];
        await palette('LISSNAS: Run Study');
        const accept = async (step) => {
            await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: step }).waitFor({ timeout: WAIT_MS });
            await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
        };
        await accept('Policies');
        // No Searches step: the file declares no search.
        await page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Seeds' }).waitFor({ timeout: WAIT_MS });
        await page.locator('.quick-input-widget .quick-input-box input').fill('3');
        await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
        await accept('Datasets');
        const studyDir = await newRunDir(runs, 'study', before);
        await runsRow(studyDir, 'finished');
        const study = json(join(studyDir, 'study.json'));
        // Clicked again when no study view came: the Runs view re-renders as the study's last files change, and a
        // click on a row of the previous render runs nothing ("Actual command not found, wanted to execute
        // lissnas.openRun" in the browser console): in 2 of 5 full CI runs of 3 December 2026. A user clicks again.
        // Since then the view re-renders only rows that show something new (client/views/rendered-rows.ts), so the
        // finished row is left alone once it shows finished; the retry stays for a click that lands while it changes.
        let frame;
        for (let attempt = 1; !frame; attempt++) {
            await (await runsRow(studyDir, 'finished')).click();
            frame = await viewFrame('study', undefined, attempt < 3 ? 15_000 : WAIT_MS).catch((error) => {
                if (attempt >= 3) throw error;
                return undefined;
            });
        }
        const charts = await waitFor('the study charts', async () => {
            const n = await frame.locator('canvas').count();
            return n >= 2 ? n : undefined;
        });
        const text = await frame.locator('body').innerText();
        assert(text.includes('Small') && text.includes('Random'), `the study view does not name both policies: ${text.slice(0, 200)}`);
        await shot('07-study');
        return `${charts} charts; study.json has ${JSON.stringify(Object.keys(study)).slice(0, 80)}`;
    });
}
