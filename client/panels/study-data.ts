/**
 * The study view's data, read from files: a study directory (study.json) or a comparison of finished runs (their
 * result.json files). The files are read as JSON and forwarded; the message check (protocol/webview.ts) decides
 * whether they hold what the view draws, so a study from another engine version fails with a located reason.
 * No `vscode` here (tested on real directories in test/client/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ToStudyCheck, type ToStudy } from '../../protocol/webview.js';

export type StudySource = { dir: string } | { runDirs: string[] };

function readJson(path: string): unknown {
    return JSON.parse(readFileSync(path, 'utf8'));
}

/** The message for a source, built from its files; an error message when a file is missing or malformed. */
export function studyMessage(source: StudySource): ToStudy {
    try {
        if ('dir' in source) {
            const path = join(source.dir, 'study.json');
            if (!existsSync(path)) return { type: 'study/error', message: `${source.dir} has no study.json (the study has not finished)` };
            const message = { type: 'study/data', dir: source.dir, title: `Study: ${basename(source.dir)}`, study: readJson(path) };
            return ToStudyCheck.is(message) ? message : { type: 'study/error', message: `study.json cannot be shown: ${ToStudyCheck.problem(message)}` };
        }
        const runs = source.runDirs.map((runDir) => {
            const path = join(runDir, 'result.json');
            if (!existsSync(path)) throw new Error(`${runDir} has no result.json (the run has not finished)`);
            const result = readJson(path) as { name?: unknown };
            return { runDir, label: `${typeof result.name === 'string' ? result.name : 'run'} (${basename(runDir)})`, result };
        });
        const message = { type: 'study/compare', title: `Compare ${runs.length} runs`, runs };
        return ToStudyCheck.is(message) ? message : { type: 'study/error', message: `these results cannot be compared: ${ToStudyCheck.problem(message)}` };
    } catch (error) {
        return { type: 'study/error', message: error instanceof Error ? error.message : String(error) };
    }
}
