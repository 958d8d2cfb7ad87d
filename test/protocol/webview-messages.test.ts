// protocol/webview.ts: every message between the host and the webviews is checked on arrival. Good messages pass;
// malformed ones are refused with a located problem (which field, what was expected), never echoing the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { POCKET_MAP_FORMAT } from '../../protocol/pocket-map.js';
import { FromWebviewCheck, PanelStateValidator, ToPocketsCheck, ToProgressCheck, ToStudyCheck, VIEW_TYPES } from '../../protocol/webview.js';

const point = { key: '1,2,0,0,2,4', arch: '|skip_connect~0|+|nor_conv_1x1~0|none~1|+|none~0|nor_conv_1x1~1|avg_pool_3x3~2|', x: 0.5, y: -1, metric: 86.9, report: 89.9, member: true, pocket: 0, iteration: 1, drawing: { graphs: [{ title: 'cell', nodes: [{ id: '0', label: '0' }, { id: '1', label: '1' }], edges: [{ from: '0', to: '1', label: 'skip_connect' }] }], tables: [] } };
const map = { format: POCKET_MAP_FORMAT, command: 'shrink', name: 'Lissnas', space: 'NB201', embedding: { method: 'classical-mds', landmarks: 1, explained: 0.4 }, points: [point], pockets: [{ seed: point.arch, seedKey: point.key, members: 1, radius: 1 }], bestKey: point.key };

test('webview -> host: the five messages pass; unknown types and bad fields are located', () => {
    for (const message of [
        { type: 'ready' },
        { type: 'copy', text: '|x~0|', what: 'the architecture string' },
        { type: 'searchFrom', runDir: '/r', key: 'k', arch: 'a' },
        { type: 'open', view: 'pockets', runDir: '/r' },
        { type: 'problem', message: 'x' },
    ]) assert.equal(FromWebviewCheck.problem(message), undefined, JSON.stringify(message));
    assert.match(FromWebviewCheck.problem({ type: 'eval', code: 'x' })!, /webview message\.type: expected one of ready, copy/);
    assert.equal(FromWebviewCheck.problem({ type: 'copy', what: 'x' }), 'webview message(copy).text: expected a string, got nothing');
    assert.equal(FromWebviewCheck.problem({ type: 'open', view: 'terminal', runDir: '/r' }), 'webview message(open).view: expected one of progress, pockets, study, got a string');
    assert.equal(FromWebviewCheck.problem('ready'), 'webview message: expected an object');
    assert.equal(FromWebviewCheck.problem(null), 'webview message: expected an object');
});

test('host -> progress: init and event batches pass; a malformed run event inside is located by index', () => {
    const events = [
        { event: 'start', command: 'shrink', name: 'Lissnas', seed: 42, journaled: 0 },
        { event: 'evaluation', key: 'k', metric: 90.1, cached: false },
        { event: 'iteration', name: 'Lissnas', iteration: 1, sampleMean: 85, sampleBest: 90, sizeLog10: 4.19, queries: 50 },
    ];
    const init = { type: 'progress/init', runDir: '/r', command: 'shrink', name: 'Lissnas', state: 'running', live: true, started: 1, events };
    assert.equal(ToProgressCheck.problem(init), undefined);
    assert.equal(ToProgressCheck.problem({ type: 'progress/events', runDir: '/r', events, state: 'finished', ended: 2 }), undefined);
    const bad = { ...init, events: [...events, { event: 'evaluation', key: 'k', metric: '90', cached: false }] };
    assert.equal(ToProgressCheck.problem(bad), 'progress message(progress/init).events[3]: evaluation event.metric: expected a number, got a string');
    assert.match(ToProgressCheck.problem({ ...init, state: 'paused' })!, /\.state: expected one of starting, running/);
    assert.match(ToProgressCheck.problem({ ...init, live: 'yes' })!, /\.live: expected true or false/);
    // A 100 KB value is never echoed into the problem.
    assert.ok(ToProgressCheck.problem({ ...init, name: 'x'.repeat(100_000) }) === undefined);
    assert.ok(ToProgressCheck.problem({ ...init, runDir: ['x'.repeat(100_000)] })!.length < 200);
});

test('host -> pockets: a map passes; a broken point is located under the message (re-rooted from the map check)', () => {
    assert.equal(ToPocketsCheck.problem({ type: 'pockets/map', runDir: '/r', map }), undefined);
    assert.equal(ToPocketsCheck.problem({ type: 'pockets/loading', runDir: '/r', message: 'computing' }), undefined);
    const broken = { ...map, points: [{ ...point, x: 'left' }] };
    assert.equal(ToPocketsCheck.problem({ type: 'pockets/map', runDir: '/r', map: broken }), 'pockets message(pockets/map).map.points[0].x: expected a number, got a string');
    const noDrawing = { ...map, points: [{ ...point, drawing: { graphs: [{ title: 't', nodes: [], edges: [{ from: 0, to: '1' }] }], tables: [] } }] };
    assert.match(ToPocketsCheck.problem({ type: 'pockets/map', runDir: '/r', map: noDrawing })!, /map\.points\[0\]\.drawing\.graphs\[0\]\.edges\[0\]\.from: expected a string/);
});

test('host -> study: a study and a comparison pass; a stat without its std is located', () => {
    const stat = { mean: 1, std: 0.1, n: 3 };
    const study = {
        file: 'examples/nb201.nas',
        seeds: [0, 1, 2],
        policies: ['Lissnas'],
        searches: ['RS'],
        shrink: [{ dataset: 'as declared', policy: 'Lissnas', kind: 'lissnas', stats: { sizeLog10: stat } }],
        search: [{ dataset: 'as declared', search: 'RS', space: 'full', budget: 100, feasible: 3, bestReport: stat }],
        runs: [{ dataset: 'as declared', seed: 0, policy: 'Lissnas', values: { sizeLog10: 2.3 } }],
    };
    assert.equal(ToStudyCheck.problem({ type: 'study/data', dir: '/s', title: 'S', study }), undefined);
    const broken = { ...study, shrink: [{ ...study.shrink[0], stats: { sizeLog10: { mean: 1, n: 3 } } }] };
    assert.equal(ToStudyCheck.problem({ type: 'study/data', dir: '/s', title: 'S', study: broken }), 'study message(study/data).study.shrink[0].stats.sizeLog10.std: expected a number, got nothing');
    const compare = { type: 'study/compare', title: 'C', runs: [{ runDir: '/a', label: 'A', result: { command: 'search', name: 'RS', seed: 42, queries: 500, budget: 500, trajectory: [null, 90.1, 91] } }] };
    assert.equal(ToStudyCheck.problem(compare), undefined);
    assert.match(ToStudyCheck.problem({ ...compare, runs: [{ ...compare.runs[0], result: { ...compare.runs[0].result, trajectory: ['x'] } }] })!, /result\.trajectory\[0\]: expected a number, got a string/);
});

test('saved panel state: each view restores from its own fields; anything else is refused', () => {
    assert.equal(PanelStateValidator.problem({ view: 'progress', runDir: '/r' }), undefined);
    assert.equal(PanelStateValidator.problem({ view: 'compare', runDirs: ['/a', '/b'] }), undefined);
    assert.equal(PanelStateValidator.problem({ view: 'study', runDir: '/r' }), 'state.dir: expected a string, got nothing');
    assert.match(PanelStateValidator.problem({ view: 'editor' })!, /state\.view: expected one of/);
    assert.equal(PanelStateValidator.problem(undefined), 'state: expected an object');
    assert.deepEqual(VIEW_TYPES, { progress: 'lissnas.progress', pockets: 'lissnas.pockets', study: 'lissnas.study' });
});
