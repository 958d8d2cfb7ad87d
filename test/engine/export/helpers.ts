/**
 * Shared by the interop tests: the tour's compiled spaces, each format's export of them, `.nas` text loaded
 * back through the real language (checked like `lissnas check`), and Python run on generated modules.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocuments } from '../../../dsl/load.js';
import { flattenSpace } from '../../../engine/export/decisions.js';
import { exportSpace, type SpaceFormat } from '../../../engine/export/index.js';
import type { ExportInput } from '../../../engine/export/input.js';
import { sizeOfSpace } from '../../../engine/size/index.js';
import type { Domain, DocumentSpec, SpaceSpec } from '../../../engine/spec.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const TOUR = join(ROOT, 'examples', 'tour.nas');
/** Every space of examples/tour.nas. */
export const TOUR_SPACES = ['NB201', 'NB101', 'DARTS', 'Mobile', 'Training', 'Joint', 'Small'] as const;

let tour: DocumentSpec | undefined;
export async function tourSpec(): Promise<DocumentSpec> {
    if (!tour) {
        const [loaded] = await loadDocuments([TOUR]);
        assert.equal(loaded.hasErrors, false);
        tour = loaded.spec;
    }
    return tour;
}

export async function tourSpace(name: string): Promise<SpaceSpec> {
    const s = (await tourSpec()).spaces.find((x) => x.name === name);
    assert.ok(s, `tour has space ${name}`);
    return s;
}

export async function exportTour(format: SpaceFormat, name: string, objective?: ExportInput['objective']) {
    const flat = flattenSpace(await tourSpace(name));
    return { flat, ...exportSpace(format, { flat, source: 'examples/tour.nas', ...(objective ? { objective } : {}) }) };
}

const work = mkdtempSync(join(tmpdir(), 'lissnas-interop-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
let counter = 0;

/** A fresh directory under this test file's temporary folder. */
export function tempDir(): string {
    const dir = join(work, `d${counter++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
}

/** Loads `.nas` text from a file through the real language: its diagnostics and spec. */
export async function loadNasText(text: string): Promise<{ spec: DocumentSpec; errors: string[]; warnings: string[] }> {
    const path = join(work, `imported-${counter++}.nas`);
    writeFileSync(path, text);
    const [loaded] = await loadDocuments([path]);
    return {
        spec: loaded.spec,
        errors: loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.col} ${d.message}`),
        warnings: loaded.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.line}:${d.col} ${d.message}`),
    };
}

/** Sizes as the engine counts them: raw and unique, as digit strings ('continuous' for continuous spaces). */
export function sizes(spec: SpaceSpec): { raw: string; unique: string } {
    const s = sizeOfSpace(spec);
    return { raw: String(s.raw), unique: String(s.unique) };
}

/** A domain's members when it is discrete (as sorted JSON strings), else its description. */
export function members(d: Domain): string[] {
    if (d.type === 'choice') return d.values.map((v) => JSON.stringify(v)).sort();
    if (d.type === 'randint') {
        const out: string[] = [];
        for (let x = d.low; d.highInclusive ? x <= d.high : x < d.high; x += d.step) out.push(JSON.stringify(x));
        return out.sort();
    }
    return [JSON.stringify(d)];
}

export const PYTHON = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined;
export const NO_PYTHON = PYTHON ? false : 'python3 is not installed: the generated Python cannot be compiled or run (apt-get install python3)';

/** Runs python3 on `script` with `files` written next to it; returns stdout parsed as JSON. */
export function runPython(files: Record<string, string>, script: string, env: Record<string, string> = {}, python = PYTHON ?? 'python3'): unknown {
    const dir = tempDir();
    for (const [name, text] of Object.entries(files)) {
        const path = join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
    }
    writeFileSync(join(dir, 'driver.py'), script);
    const r = spawnSync(python, ['driver.py'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONPATH: dir, PYTHONDONTWRITEBYTECODE: '1', ...env } });
    assert.equal(r.status, 0, `python failed:\n${r.stderr}`);
    return JSON.parse(r.stdout);
}

/** `python3 -m py_compile` on the text: the module is valid Python. */
export function pyCompile(text: string): void {
    const dir = tempDir();
    const path = join(dir, 'module.py');
    writeFileSync(path, text);
    const r = spawnSync(PYTHON ?? 'python3', ['-m', 'py_compile', path], { encoding: 'utf8' });
    assert.equal(r.status, 0, `py_compile failed:\n${r.stderr}`);
}
