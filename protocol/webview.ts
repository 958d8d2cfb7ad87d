/**
 * Every message between the extension host and the three webviews (progress, pockets, study), and the state a
 * webview keeps across a window reload. Both sides validate what they receive with the validators below: the
 * host checks what the webview posts (a webview is a browser page and could be anything), and the webview
 * checks what the host sends (logs and ignores a malformed message instead of drawing garbage).
 *
 * Handshake: the webview posts `ready` once its script runs; the host sends data only after that (a message
 * posted before the webview listens is lost, so the host never relies on one). A webview that is reloaded
 * posts `ready` again and gets the whole snapshot again.
 *
 * The payloads the host reads from run files (result.json, study.json) arrive as `unknown` on the host (the
 * client may not import engine/ types) and are checked here structurally, field by field, for what the views
 * draw; the webview then narrows them to the engine/report/ types. Extra fields are allowed (forward compatible).
 */

import { arrayOf, bool, int, nullable, num, oneOf, opt, recordOf, shape, str, validator, type Check, type Validator } from './check.js';
import { PocketMapCheck, type PocketMap } from './pocket-map.js';
import { runEventProblem, type RunEvent } from './run-events.js';

export type ViewKind = 'progress' | 'pockets' | 'study';

/** The webview panel types, as registered with VS Code (serializers, activation events). */
export const VIEW_TYPES: Record<ViewKind, string> = { progress: 'lissnas.progress', pockets: 'lissnas.pockets', study: 'lissnas.study' };

// ---- helpers ---------------------------------------------------------------------------------------------

/** A run event, checked by protocol/run-events.ts (the same check the run manager applies to stdout lines). */
const runEvent: Check = (value, path) => {
    const problem = runEventProblem(value);
    return problem === undefined ? undefined : `${path}: ${problem}`;
};

/** A pocket map, checked by protocol/pocket-map.ts; its problem is re-rooted at `path`. */
const pocketMap: Check = (value, path) => PocketMapCheck.problem(value)?.replace(/^map/, path);

/** A message union discriminated by `type`: an unknown type is a problem, a known one is checked by its shape. */
function tagged<T>(root: string, variants: Record<string, Record<string, Check>>): Validator<T> {
    const check: Check = (value, path) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object`;
        const type = (value as { type?: unknown }).type;
        if (typeof type !== 'string' || !(type in variants)) return `${path}.type: expected one of ${Object.keys(variants).join(', ')}`;
        return shape(variants[type])(value, `${path}(${type})`);
    };
    return validator<T>(check, root);
}

// ---- webview -> host (every view) -------------------------------------------------------------------------

export type FromWebview =
    /** The script runs and listens: the host may send data now. */
    | { type: 'ready' }
    /** Put text on the clipboard (the webview has no clipboard permission of its own under the CSP). */
    | { type: 'copy'; text: string; what: string }
    /** Start a local search seeded at an architecture of a run (pocket view, "Search from here"). */
    | { type: 'searchFrom'; runDir: string; key: string; arch: string }
    /** Open another view of the same run (pocket view <-> progress panel). */
    | { type: 'open'; view: ViewKind; runDir: string }
    /** Something the webview rejected or failed to draw; the host writes it to its output channel. */
    | { type: 'problem'; message: string };

export const FromWebviewCheck = tagged<FromWebview>('webview message', {
    ready: {},
    copy: { text: str, what: str },
    searchFrom: { runDir: str, key: str, arch: str },
    open: { view: oneOf('progress', 'pockets', 'study'), runDir: str },
    problem: { message: str },
});

// ---- host -> progress panel ---------------------------------------------------------------------------------

export type RunStateName = 'starting' | 'running' | 'finished' | 'interrupted' | 'failed';
const RUN_STATES: RunStateName[] = ['starting', 'running', 'finished', 'interrupted', 'failed'];

export interface ProgressInit {
    type: 'progress/init';
    runDir: string;
    /** Run command as run.json (or the start event) says: shrink, search, study, ... */
    command: string;
    name: string;
    state: RunStateName;
    /** True while the run is tracked live in this window (more events follow). */
    live: boolean;
    /** Date.now() (ms) when the run started and ended, when known: evaluations per second and ETA. */
    started?: number;
    ended?: number;
    /** Search budget (total queries) when known from the run's result or its progress events. */
    budget?: number;
    /** The whole history so far: live events of a tracked run, or a finished run's journal converted to events. */
    events: RunEvent[];
}

export interface ProgressEvents {
    type: 'progress/events';
    runDir: string;
    /** Appended in order after the init's events. */
    events: RunEvent[];
    state: RunStateName;
    ended?: number;
}

export type ToProgress = ProgressInit | ProgressEvents;

export const ToProgressCheck = tagged<ToProgress>('progress message', {
    'progress/init': {
        runDir: str,
        command: str,
        name: str,
        state: oneOf(...RUN_STATES),
        live: bool,
        started: opt(num),
        ended: opt(num),
        budget: opt(int),
        events: arrayOf(runEvent),
    },
    'progress/events': { runDir: str, events: arrayOf(runEvent), state: oneOf(...RUN_STATES), ended: opt(num) },
});

// ---- host -> pocket view ----------------------------------------------------------------------------------

export type ToPockets =
    | { type: 'pockets/loading'; runDir: string; message: string }
    | { type: 'pockets/error'; runDir: string; message: string }
    | { type: 'pockets/map'; runDir: string; map: PocketMap };

export const ToPocketsCheck = tagged<ToPockets>('pockets message', {
    'pockets/loading': { runDir: str, message: str },
    'pockets/error': { runDir: str, message: str },
    'pockets/map': { runDir: str, map: pocketMap },
});

// ---- host -> study view (a study directory, or a comparison of runs) ---------------------------------------

export interface StatData {
    mean: number;
    std: number;
    n: number;
}

/** The fields of study.json (engine/report/study-result.ts `StudyResult`) the study view draws. */
export interface StudyData {
    file: string;
    seeds: number[];
    policies: string[];
    searches: string[];
    shrink: Array<{ dataset: string; policy: string; kind: string; stats: Record<string, StatData> }>;
    search: Array<{ dataset: string; search: string; space: string; budget: number; feasible: number; bestReport?: StatData; bestMetric?: StatData }>;
    runs: Array<{ dataset: string; seed: number; policy?: string; search?: string; budget?: number; values: Record<string, number> }>;
}

const stat: Check = shape({ mean: num, std: num, n: int });

const studyData: Check = shape({
    file: str,
    seeds: arrayOf(int),
    policies: arrayOf(str),
    searches: arrayOf(str),
    shrink: arrayOf(shape({ dataset: str, policy: str, kind: str, stats: recordOf(stat) })),
    search: arrayOf(shape({ dataset: str, search: str, space: str, budget: int, feasible: int, bestReport: opt(stat), bestMetric: opt(stat) })),
    runs: arrayOf(shape({ dataset: str, seed: int, policy: opt(str), search: opt(str), budget: opt(int), values: recordOf(num) })),
});

/** The fields of a result.json (engine/report/result.ts `RunResult`) a comparison draws. */
export interface CompareResultData {
    command: 'shrink' | 'search';
    name: string;
    seed: number;
    queries: number;
    best?: { arch: string; metric?: number; report?: number };
    /** Shrink results. */
    history?: Array<{ iteration: number; sampleMean: number; sampleBest: number; sizeLog10: number; queries: number }>;
    metrics?: Record<string, number>;
    sizeLog10?: number;
    /** Search results. */
    budget?: number;
    shrinkQueries?: number;
    trajectory?: Array<number | null>;
}

const compareResult: Check = shape({
    command: oneOf('shrink', 'search'),
    name: str,
    seed: num,
    queries: int,
    best: opt(shape({ arch: str, metric: opt(num), report: opt(num) })),
    history: opt(arrayOf(shape({ iteration: int, sampleMean: num, sampleBest: num, sizeLog10: num, queries: int }))),
    metrics: opt(recordOf(num)),
    sizeLog10: opt(num),
    budget: opt(int),
    shrinkQueries: opt(int),
    trajectory: opt(arrayOf(nullable(num))),
});

export type ToStudy =
    | { type: 'study/data'; dir: string; title: string; study: StudyData }
    | { type: 'study/compare'; title: string; runs: Array<{ runDir: string; label: string; result: CompareResultData }> }
    | { type: 'study/error'; message: string };

export const ToStudyCheck = tagged<ToStudy>('study message', {
    'study/data': { dir: str, title: str, study: studyData },
    'study/compare': { title: str, runs: arrayOf(shape({ runDir: str, label: str, result: compareResult })) },
    'study/error': { message: str },
});

// ---- state kept by the webview (getState/setState), read back by the panel serializer after a reload ------

export type PanelState =
    | { view: 'progress'; runDir: string }
    | { view: 'pockets'; runDir: string }
    | { view: 'study'; dir: string }
    | { view: 'compare'; runDirs: string[] };

const STATE_SHAPES: Record<PanelState['view'], Record<string, Check>> = {
    progress: { runDir: str },
    pockets: { runDir: str },
    study: { dir: str },
    compare: { runDirs: arrayOf(str) },
};

/** The state a webview saved, checked (a state from an older extension version may be anything). */
export const PanelStateValidator: Validator<PanelState> = validator<PanelState>((value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object`;
    const view = (value as { view?: unknown }).view;
    if (typeof view !== 'string' || !(view in STATE_SHAPES)) return `${path}.view: expected one of ${Object.keys(STATE_SHAPES).join(', ')}`;
    return shape(STATE_SHAPES[view as PanelState['view']])(value, path);
}, 'state');
