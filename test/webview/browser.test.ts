// The built webviews in a real headless Chromium under the panels' own CSP (bench/webview-harness.ts): the pocket
// view draws a 1,000-point map (canvas, side pane with the best's cell as an SVG DAG, virtualised table rendering
// only the visible rows), refuses a malformed message, copies through the host; the progress panel replays a real
// shrink run; the study view draws a real study and a comparison of two runs. Any CSP violation or page error fails. Needs /usr/bin/chromium (or CHROMIUM); bench:webview times it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromiumPath } from '../../bench/webview-harness.js';
import { root } from '../architecture/sources.js';
import { ensureBundle } from '../client/bundle.js';

test('the pocket and progress views render in Chromium under the strict CSP, validate messages and talk to the host', { skip: chromiumPath() ? false : 'no chromium on this machine' }, () => {
    ensureBundle();
    const child = spawnSync(process.execPath, ['--experimental-websocket', '--no-warnings', '--import', 'tsx', join(root, 'test', 'webview', 'browser-check.ts'), '1000'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(child.status, 0, child.stderr);
    const out = JSON.parse(child.stdout.trim().split('\n').pop()!);
    // The malformed map was refused: nothing drawn, no state saved, and the host was told where it was wrong.
    assert.deepEqual(out.afterMalformed, { state: null, canvases: 0 });
    assert.ok(out.pockets.posted.includes('problem: ignored a malformed message: pockets message(pockets/map).map.points[0].x: expected a number, got a string'), out.pockets.posted.join('\n'));
    assert.equal(out.pockets.posted[0], 'ready', 'ready is the first message');
    assert.deepEqual(out.pockets.state, { view: 'pockets', runDir: out.pockets.state.runDir });
    assert.ok(out.pockets.canvases >= 1);
    assert.match(out.pockets.status, /1000 evaluated architectures, 100 in the shrunk space, 5 pockets/);
    assert.equal(out.pockets.side, out.best, 'the side pane opens on the best architecture');
    assert.equal(out.pockets.svgEdges, 6, 'an NB201 cell: 6 edges');
    assert.equal(out.pockets.svgLabels.length, 6);
    assert.ok(out.pockets.tableRows > 0 && out.pockets.tableRows < 60, `virtualised: ${out.pockets.tableRows} rows in the DOM for 1000`);
    assert.equal(out.pockets.pocketRows, 5);
    assert.equal(out.picked.side, out.picked.arch, 'clicking a row draws that architecture');
    assert.deepEqual(out.picked.last, { type: 'copy', text: out.picked.arch, what: 'the architecture string' });
    // The one console line is the page logging the malformed message it ignored; nothing else (no CSP violation).
    assert.deepEqual(out.pocketProblems, ['console.warning: lissnas webview: ignored a malformed message: pockets message(pockets/map).map.points[0].x: expected a number, got a string']);
    assert.deepEqual(out.progress.state, { view: 'progress', runDir: out.pockets.state.runDir });
    assert.ok(out.progress.cards.includes('failed evaluations=0'));
    assert.ok(out.progress.cards.some((c: string) => /^queries=\d+$/.test(c)));
    assert.ok(out.progress.cards.some((c: string) => /^iterations=[1-9]$/.test(c)));
    assert.equal(out.progress.canvases, 2, 'distribution and size charts');
    assert.match(out.progress.log, /done: \d+ evaluated/);
    assert.deepEqual(out.progressProblems, []);
    // The Trials section of a command run (examples/command, synthetic): one row per trial, all done at the end,
    // the chart on accuracy first and on loss once picked; the malformed trial event was refused.
    assert.equal(out.trials.hidden, false);
    assert.equal(out.trials.rows.length, out.trialIds.length, 'one row per trial');
    assert.ok(out.trialIds.length >= 12, `${out.trialIds.length} trials`);
    assert.equal(out.trials.summary, `0 running, ${out.trialIds.length} done, 0 failed`);
    assert.deepEqual(out.trials.options, ['accuracy', 'loss', 'epoch']);
    assert.equal(out.trials.chosen, 'accuracy');
    assert.deepEqual(out.trials.head, ['trial', 'architecture', 'status', 'step', 'accuracy', 'loss', 'elapsed']);
    for (const row of out.trials.rows) {
        assert.ok(out.trialIds.includes(row[0]));
        assert.equal(row[2], 'done');
        assert.equal(row[3], '2', 'the last step: epoch 2');
        assert.match(row[4], /^\d+\.\d+$/, `accuracy ${row[4]}`);
    }
    assert.equal(out.trials.chartCanvases, 1);
    assert.ok(out.trials.posted.some((m: string) => /progress message\(progress\/events\)\.events\[0\]: trial event\.progress\.loss: expected a number, got a string/.test(m)), out.trials.posted.join('\n'));
    assert.deepEqual(out.trialsPicked, { chosen: 'loss', chartCanvases: 1 });
    assert.deepEqual(out.trialsProblems.filter((p: string) => !p.includes('ignored a malformed message')), []);
    // The study view of a real study: one box/strip chart per shrinkage metric, the budget chart, the table.
    assert.equal(out.studyMessageType, 'study/data');
    assert.deepEqual(out.study.state, { view: 'study', dir: out.studyDir });
    assert.ok(out.study.canvases >= 10, `${out.study.canvases} charts`);
    assert.equal(out.study.rows, 2, 'one aggregate row per policy');
    assert.deepEqual(out.studyProblems, []);
    // Compare: a shrink run and a search run side by side.
    assert.equal(out.compareMessageType, 'study/compare');
    assert.deepEqual(out.compare.state, { view: 'compare', runDirs: [out.runDir, out.searchDir] });
    assert.equal(out.compare.canvases, 3, 'iteration curves, sizes, best-so-far');
    assert.deepEqual(out.compare.rows.map((r: string) => r.split(' ')[0]), ['Lissnas', 'RS']);
    assert.deepEqual(out.compareProblems, []);
    assert.ok(out.detectorProblems.some((p: string) => /CSP blocked style-src/.test(p)), `an inline style is caught: ${out.detectorProblems.join('; ')}`);
});
