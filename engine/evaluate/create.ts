import { dirname, isAbsolute, resolve } from 'node:path';
import type { EvaluatorSpec, SettingValue } from '../spec.js';
import { SettingsReader, wordOf, type SettingsError } from '../policy/settings.js';
import { CommandEvaluator, splitCommandLine } from './command.js';
import { TableEvaluator, type TableKeyFormat } from './table.js';
import type { Evaluator } from './types.js';

export interface EvaluatorOptions {
    /** Folder that relative paths resolve against when the spec has no `sourceFile` (default: `process.cwd()`). */
    baseDir?: string;
}

/** Accepted settings per evaluator kind, with their expected shapes (also used by the language server). */
export const TABLE_SETTINGS = {
    key: '`<column> as nb201` or `<column> as digits`',
    metric: 'a column name (the searched metric)',
    report: 'a column name (the reported metric)',
    minimize: 'no value (the searched metric is minimized)',
} as const;

export const COMMAND_SETTINGS = {
    timeout: 'a duration per evaluation: seconds (`timeout 600`) or with a unit (`timeout 30s`, `timeout 10m`, `timeout 2h`)',
    parallel: 'a whole number >= 1 (evaluations at the same time)',
    minimize: 'no value (the printed number is minimized)',
} as const;

/** Kinds the language knows but this version cannot run yet. */
const NOT_YET = new Set(['proxy', 'train']);

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
    if (NOT_YET.has(spec.kind)) {
        throw new Error(`evaluator ${spec.name}: kind '${spec.kind}' is not available yet in this version (available: table, command)`);
    }
    throw new Error(`evaluator ${spec.name}: unknown kind '${spec.kind}' (known: table, proxy, train, command)`);
}

/** Reads a table evaluator's settings; in collecting mode (language server) problems land in `reader.problems`. */
export function readTableSettings(spec: EvaluatorSpec, collect = false) {
    const owner = `evaluator ${spec.name}`;
    const reader = new SettingsReader(owner, spec.settings, TABLE_SETTINGS, collect);
    const path = tablePathArg(spec.args);
    if (path === undefined) reader.report(undefined, `${owner}: table(...) expects the CSV path as a string, e.g. table("data/nb201/nb201.csv")`);
    let keyColumn = 'arch';
    let keyFormat: TableKeyFormat = 'nb201';
    const key = reader.values('key');
    if (key === undefined) {
        reader.report(undefined, `${owner}: missing setting \`key\` (${TABLE_SETTINGS.key})`);
    } else {
        const [column, as, format] = key.map(wordOf);
        if (key.length !== 3 || column === undefined || as !== 'as' || (format !== 'nb201' && format !== 'digits')) {
            reader.expected('key', undefined);
        } else {
            keyColumn = column;
            keyFormat = format;
        }
    }
    const metric = reader.name('metric', undefined);
    if (metric === undefined && !reader.has('metric')) reader.report(undefined, `${owner}: missing setting \`metric\` (${TABLE_SETTINGS.metric})`);
    const report = reader.name('report', undefined);
    const minimize = reader.flag('minimize');
    reader.done();
    return { reader, path, keyColumn, keyFormat, metric, report, minimize };
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

function tablePathArg(args: EvaluatorSpec['args']): string | undefined {
    const arg = args.find((a) => a.name === 'path') ?? args.find((a) => a.name === undefined);
    const v: SettingValue | undefined = arg?.value;
    return v?.kind === 'string' ? v.value : undefined;
}

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600 };

/** Reads a command evaluator's declaration: `command("python train.py --arch {arch}") { timeout 10m; parallel 4 }`. */
export function readCommandSettings(spec: EvaluatorSpec, collect = false) {
    const owner = `evaluator ${spec.name}`;
    const reader = new SettingsReader(owner, spec.settings, COMMAND_SETTINGS, collect);
    const strings = spec.args.map((a) => (a.value.kind === 'string' ? a.value.value : undefined));
    let argv: string[] = [];
    if (strings.length === 0 || strings.some((x) => x === undefined)) {
        reader.report(undefined, `${owner}: command(...) expects the command line as a string, e.g. command("python train.py --arch {arch}")`);
    } else {
        try {
            argv = strings.length === 1 ? splitCommandLine(strings[0]!) : (strings as string[]);
        } catch (e) {
            reader.report(undefined, `${owner}: ${(e as Error).message}`);
        }
        if (argv.length > 0 && !argv.some((a) => a.includes('{arch}') || a.includes('{key}') || a.includes('{genotype}'))) {
            reader.report(undefined, `${owner}: the command line never mentions {arch} (or {key}, {genotype}), so every architecture would get the same result`);
        }
    }
    let timeoutSeconds: number | undefined;
    const t = reader.values('timeout');
    if (t !== undefined) {
        const v = t.length === 1 ? t[0] : undefined;
        if (v?.kind === 'number' && v.value > 0) timeoutSeconds = v.value;
        else if (v?.kind === 'quantity' && SECONDS_PER_UNIT[v.unit] !== undefined && v.value > 0) timeoutSeconds = v.value * SECONDS_PER_UNIT[v.unit];
        else reader.expected('timeout', undefined);
    }
    const parallel = reader.number('parallel', 1, { integer: true, min: 1 });
    const minimize = reader.flag('minimize');
    reader.done();
    return { reader, argv, timeoutSeconds, parallel, minimize };
}

function createCommand(spec: EvaluatorSpec, options: EvaluatorOptions): CommandEvaluator {
    const s = readCommandSettings(spec);
    const cwd = spec.sourceFile ? dirname(spec.sourceFile) : (options.baseDir ?? process.cwd());
    return new CommandEvaluator({ name: spec.name, argv: s.argv, cwd, timeoutSeconds: s.timeoutSeconds, parallel: s.parallel, minimize: s.minimize });
}

/** Every settings problem of an evaluator declaration, without loading anything (for the language server). */
export function validateEvaluatorSettings(spec: EvaluatorSpec): SettingsError[] {
    if (spec.kind === 'table') return readTableSettings(spec, true).reader.problems;
    if (spec.kind === 'command') return readCommandSettings(spec, true).reader.problems;
    return [];
}
