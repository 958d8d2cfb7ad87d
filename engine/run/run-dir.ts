import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentSpec } from '../spec.js';
import { RESULT_FORMAT, type RunResult } from '../report/result.js';
import { claimOutputDir, defaultOutputDir, OutputDirError } from './output-dir.js';

/**
 * A run directory: `run.json` (what to run: enough to re-execute it), `journal.jsonl` (what happened),
 * `result.json` (the outcome, deterministic: no times, so an interrupted-then-resumed run and an uninterrupted
 * one give byte-identical files), `report.html`. See docs/runs.md.
 */

export const RUN_FORMAT = 'lissnas-run/1';

export interface RunManifest {
    format: typeof RUN_FORMAT;
    command: 'shrink' | 'search';
    /** Policy or search name inside `spec`. */
    name: string;
    seed: number;
    /** Query budget of a search (overrides the spec's `budget`). */
    budget?: number;
    /** A search's start architecture (`--start`), in its space's own spelling; absent for a search from random starts. */
    start?: string;
    /** Dataset prefix the evaluator columns were switched to (`--datasets`), if any. */
    dataset?: string;
    engineVersion: string;
    /** The command line that created the run (for people; resume does not parse it). */
    argv: string[];
    /** The `.nas` file it came from (for people; resume uses `spec`, not the file, so later edits do not leak in). */
    source?: string;
    created: string;
    /** Snapshot of the compiled document: re-execution needs nothing else. */
    spec: DocumentSpec;
    /** The neural back-end asked for (`--backend`), when not `auto`; a resume asks for the same. */
    backend?: 'torch' | 'cpu' | 'tensorflow' | 'webgpu' | 'wasm';
}

export const RUN_FILES = {
    manifest: 'run.json',
    journal: 'journal.jsonl',
    result: 'result.json',
    report: 'report.html',
} as const;

export function runPath(dir: string, file: keyof typeof RUN_FILES): string {
    return join(dir, RUN_FILES[file]);
}

/** Writes a file atomically (temp file + rename) so a kill never leaves a half-written result. */
export function writeFileAtomic(path: string, text: string): void {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
}

export function writeJson(path: string, value: unknown): void {
    writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Creates a run directory: only a new or empty one (engine/run/output-dir.ts), and run.json with an exclusive
 * open, so that of two processes given the same empty directory one wins and the other is refused.
 */
export function createRunDir(dir: string, manifest: RunManifest): string {
    const abs = claimOutputDir(dir, 'run');
    try {
        writeFileSync(join(abs, RUN_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx' });
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
            throw new OutputDirError(abs, 'run', `${dir} already holds a run: continue it with \`lissnas resume ${dir}\`, or choose a new --out`);
        }
        throw error;
    }
    return abs;
}

export function readManifest(dir: string): RunManifest {
    const path = join(dir, RUN_FILES.manifest);
    if (!existsSync(path)) throw new Error(`${dir} is not a run directory (no run.json)`);
    let value: RunManifest;
    try {
        value = JSON.parse(readFileSync(path, 'utf8')) as RunManifest;
    } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        throw new Error(`${path} is damaged (${error.message}); it cannot be resumed: start the run again with a new --out`);
    }
    if (value.format !== RUN_FORMAT) throw new Error(`${path}: unknown format ${JSON.stringify(value.format)} (expected ${RUN_FORMAT})`);
    if (value.command !== 'shrink' && value.command !== 'search') throw new Error(`${path}: unknown command ${JSON.stringify(value.command)}`);
    if (typeof value.name !== 'string' || typeof value.seed !== 'number' || typeof value.spec !== 'object') {
        throw new Error(`${path}: missing name, seed or spec`);
    }
    if (value.start !== undefined && (typeof value.start !== 'string' || value.command !== 'search')) throw new Error(`${path}: \`start\` must be an architecture string of a search run`);
    return value;
}

/** Timestamped default run directory, `runs/<name>-<YYYYMMDD-HHMMSS>`, never one already taken (output-dir.ts). */
export function defaultRunDir(name: string, now = new Date()): string {
    return defaultOutputDir(name, process.cwd(), now);
}

let cachedRoot: { dir: string; version: string } | null | undefined;

/** The project root (the folder of lissnas's package.json), found upwards from this file, bundled or not. */
export function packageRoot(): { dir: string; version: string } | undefined {
    if (cachedRoot !== undefined) return cachedRoot ?? undefined;
    for (const start of [hereDir(), process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd()]) {
        let dir = start;
        for (let i = 0; i < 6; i++) {
            const candidate = join(dir, 'package.json');
            if (existsSync(candidate)) {
                const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
                if (pkg.name === 'lissnas' && pkg.version) return (cachedRoot = { dir, version: pkg.version });
            }
            dir = dirname(dir);
        }
    }
    cachedRoot = null;
    return undefined;
}

/** The engine version from package.json. */
export function engineVersion(): string {
    return packageRoot()?.version ?? 'unknown';
}

/** This module's folder; in a CommonJS bundle `import.meta.url` is empty, so fall back to the launched script's. */
function hereDir(): string {
    try {
        return dirname(fileURLToPath(import.meta.url));
    } catch {
        return process.argv[1] ? dirname(resolve(process.argv[1])) : process.cwd();
    }
}

/** result.json of a run directory, or undefined while it has none (a running or interrupted run). */
export function readRunResult(dir: string): RunResult | undefined {
    const path = runPath(dir, 'result');
    if (!existsSync(path)) return undefined;
    let result: RunResult;
    try {
        result = JSON.parse(readFileSync(path, 'utf8')) as RunResult;
    } catch (error) {
        throw new Error(`${path} is damaged (${(error as Error).message}); rewrite it with \`lissnas resume ${dir}\``);
    }
    if (result.format !== RESULT_FORMAT) throw new Error(`${path}: unknown format ${JSON.stringify(result.format)} (expected ${RESULT_FORMAT})`);
    return result;
}
