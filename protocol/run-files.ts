/**
 * The parts of a run or study directory's files that readers outside the engine rely on (the Runs view, the
 * panels): `run.json`, `result.json`, `run.lock`, `study-run.json` and `study.json`, as the engine writes them
 * (engine/run/run-dir.ts, engine/report/result.ts, engine/run/run-lock.ts, engine/run/study.ts; docs/runs.md).
 *
 * These files are read from disk, written by a CLI of any version or edited by hand, so a reader decodes them as
 * `unknown` and narrows them with these validators. Only the fields a reader needs are checked: the rest (the
 * compiled spec, histories, pockets) is allowed and ignored, so adding a field to a file breaks no reader.
 */

import { arrayOf, int, num, oneOf, opt, shape, str, validator, type Check } from './check.js';

export const RUN_FILE_NAMES = {
    manifest: 'run.json',
    journal: 'journal.jsonl',
    result: 'result.json',
    report: 'report.html',
    lock: 'run.lock',
    studyManifest: 'study-run.json',
    studyJournal: 'cells.jsonl',
    studyResult: 'study.json',
} as const;

/** `run.json`: what a run is (`format: lissnas-run/1`). */
export interface RunManifestHead {
    format: string;
    command: 'shrink' | 'search';
    /** Policy or search name. */
    name: string;
    seed: number;
    budget?: number;
    dataset?: string;
    source?: string;
    /** ISO time the run was created. */
    created: string;
}

export const RUN_MANIFEST_FORMAT = 'lissnas-run/1';

export const RunManifestHead = validator<RunManifestHead>(
    shape({
        format: oneOf(RUN_MANIFEST_FORMAT),
        command: oneOf('shrink', 'search'),
        name: str,
        seed: num,
        budget: opt(num),
        dataset: opt(str),
        source: opt(str),
        created: str,
    }),
    'run.json',
);

/** `run.lock`: the process writing the directory (run-lock.ts). */
export interface LockOwner {
    pid: number;
    hostname: string;
    started?: string;
    command?: string;
}

export const LockOwner = validator<LockOwner>(shape({ pid: int, hostname: str, started: opt(str), command: opt(str) }), 'run.lock');

export interface ArchScoreHead {
    arch: string;
    metric?: number;
    report?: number;
}

export interface FailureSummaryHead {
    count: number;
    first: Array<{ arch: string; error: string }>;
}

/** `result.json` of a shrink or a search (`format: lissnas-result/1`), the fields a summary needs. */
export interface RunResultHead {
    format: string;
    command: 'shrink' | 'search';
    name: string;
    queries: number;
    /** A search's shrinkage queries (0 in a full space). */
    shrinkQueries?: number;
    budget?: number;
    best?: ArchScoreHead;
    stopReason?: string;
    failures?: FailureSummaryHead;
    /** A search inside a policy: the shrink result it ran in. */
    shrink?: { queries: number; failures?: FailureSummaryHead };
    /** A shrink's final space size (decimal digits) and its log10. */
    size?: string;
    sizeLog10?: number;
}

export const RUN_RESULT_FORMAT = 'lissnas-result/1';

const archScore: Check = shape({ arch: str, metric: opt(num), report: opt(num) });
const failures: Check = shape({ count: int, first: arrayOf(shape({ arch: str, error: str })) });

export const RunResultHead = validator<RunResultHead>(
    shape({
        format: oneOf(RUN_RESULT_FORMAT),
        command: oneOf('shrink', 'search'),
        name: str,
        queries: int,
        shrinkQueries: opt(int),
        budget: opt(num),
        best: opt(archScore),
        stopReason: opt(str),
        failures: opt(failures),
        shrink: opt(shape({ queries: int, failures: opt(failures) })),
        size: opt(str),
        sizeLog10: opt(num),
    }),
    'result.json',
);

/** `study-run.json`: what a study is (`format: lissnas-study-run/1`). */
export interface StudyManifestHead {
    format: string;
    command: 'study' | 'demo';
    /** The `.nas` file as given on the command line. */
    file: string;
    policies: string[];
    searches: string[];
    seeds: number;
    datasets: string[];
    created: string;
}

export const STUDY_MANIFEST_FORMAT = 'lissnas-study-run/1';

export const StudyManifestHead = validator<StudyManifestHead>(
    shape({
        format: oneOf(STUDY_MANIFEST_FORMAT),
        command: oneOf('study', 'demo'),
        file: str,
        policies: arrayOf(str),
        searches: arrayOf(str),
        seeds: int,
        datasets: arrayOf(str),
        created: str,
    }),
    'study-run.json',
);

/** `study.json`: a finished study's tables (`format: lissnas-study/1`), the fields a summary needs. */
export interface StudyResultHead {
    format: string;
    file: string;
    policies: string[];
    searches: string[];
    seeds: number[];
    datasets: string[];
    runs: unknown[];
}

export const STUDY_RESULT_FORMAT = 'lissnas-study/1';

export const StudyResultHead = validator<StudyResultHead>(
    shape({
        format: oneOf(STUDY_RESULT_FORMAT),
        file: str,
        policies: arrayOf(str),
        searches: arrayOf(str),
        seeds: arrayOf(num),
        datasets: arrayOf(str),
        runs: arrayOf(() => undefined),
    }),
    'study.json',
);
