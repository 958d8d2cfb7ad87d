// The language checks of the real-editor test: what a user sees while editing examples/tour.nas (language mode
// and colours, semantic tokens, squiggles and the Problems count, hover, the status bar size, completion).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    ARTIFACTS, ROOT, WAIT_MS, assert, characterClasses, check, editorLines, goTo, lineTokens, locate, page, problemCounts,
    quickInput, statusText, suggestions, visibleLines, waitFor,
} from './harness.mjs';

export async function languageChecks(dirs) {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const languageName = manifest.contributes.languages.find((l) => l.id === 'nas').aliases[0];
    const tour = readFileSync(join(ROOT, 'examples/tour.nas'), 'utf8');

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
        const hover = page.locator('.monaco-hover-content').filter({ hasText: '15,625' });
        // A hover waits at most 750 ms for a size; before the size job has answered it says "size being computed
        // in the background: hover again in a moment". Hover again, as a user would, until the size shows.
        const deadline = Date.now() + WAIT_MS;
        for (;;) {
            await goTo(nb201.line, nb201.column);
            await page.keyboard.press('Control+k');
            await page.keyboard.press('Control+i');
            const shown = await hover.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
            if (shown) break;
            if (Date.now() > deadline) throw new Error('no hover with the size of NB201');
            await page.keyboard.press('Escape');
        }
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
}
