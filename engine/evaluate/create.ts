import { dirname, isAbsolute, resolve } from 'node:path';
import type { EvaluatorSpec } from '../spec.js';
import { kindDeclaration, kindsOf } from '../registry/index.js';
import { SettingsReader } from '../registry/settings-reader.js';
import { CommandEvaluator } from './command.js';
import { TableEvaluator } from './table.js';
import type { Evaluator } from './types.js';
import { readCommandSettings, readTableSettings } from './evaluator-settings.js';

// Reading settings lives in evaluator-settings.ts (no file or process access, so the language can use it).
export { readCommandSettings, readTableSettings, validateEvaluatorSettings } from './evaluator-settings.js';

export interface EvaluatorOptions {
    /** Folder that relative paths resolve against when the spec has no `sourceFile` (default: `process.cwd()`). */
    baseDir?: string;
}

/** Resolves a path written in a `.nas` file: relative to that file's folder. */
export function resolveSpecPath(path: string, spec: { sourceFile?: string }, options: EvaluatorOptions = {}): string {
    if (isAbsolute(path)) return path;
    const base = spec.sourceFile ? dirname(spec.sourceFile) : (options.baseDir ?? process.cwd());
    return resolve(base, path);
}

/** Builds the evaluator an `evaluator NAME = kind(...) { settings }` declaration describes. */
export function createEvaluator(spec: EvaluatorSpec, options: EvaluatorOptions = {}): Evaluator {
    if (spec.kind === 'table') return createTable(spec, options);
    if (spec.kind === 'command') return createCommand(spec, options);
    const declaration = kindDeclaration('evaluator', spec.kind);
    if (declaration) {
        // Settings first, so a mistake in them is reported like for any kind; then the refusal.
        new SettingsReader(`evaluator ${spec.name}`, spec.settings, declaration).readAll();
        const available = kindsOf('evaluator').filter((k) => kindDeclaration('evaluator', k)?.implemented);
        throw new Error(`evaluator ${spec.name}: kind '${spec.kind}' is not available yet in this version (available: ${available.join(', ')})`);
    }
    throw new Error(`evaluator ${spec.name}: unknown kind '${spec.kind}' (known: ${kindsOf('evaluator').join(', ')})`);
}

function createTable(spec: EvaluatorSpec, options: EvaluatorOptions): TableEvaluator {
    const s = readTableSettings(spec);
    return new TableEvaluator({
        name: spec.name,
        path: resolveSpecPath(s.path!, spec, options),
        keyColumn: s.keyColumn,
        keyFormat: s.keyFormat,
        metric: s.metric!,
        report: s.report,
        minimize: s.minimize,
    });
}

function createCommand(spec: EvaluatorSpec, options: EvaluatorOptions): CommandEvaluator {
    const s = readCommandSettings(spec);
    const cwd = spec.sourceFile ? dirname(spec.sourceFile) : (options.baseDir ?? process.cwd());
    return new CommandEvaluator({ name: spec.name, argv: s.argv, cwd, timeoutSeconds: s.timeoutSeconds, parallel: s.parallel, minimize: s.minimize });
}
