// Reading the settings of the `table` and `command` evaluators, with no file or process access: the engine
// builds evaluators from them (create.ts), and the language's checks report their problems (dsl/validation/
// settings.ts) from any host, a browser worker included.
import type { EvaluatorSpec, SettingValue } from '../spec.js';
import { commandKind } from '../registry/kinds/command.js';
import { tableKind } from '../registry/kinds/table.js';
import { kindDeclaration } from '../registry/index.js';
import { SettingsReader, type SettingsError } from '../registry/settings-reader.js';
import type { SettingDeclaration } from '../registry/types.js';
import { splitCommandLine } from './command-line.js';
import { neuralSettingsProblems } from './neural/neural-settings.js';
import type { TableKeyFormat } from './table.js';

/** Reads a table evaluator's settings; in collecting mode (language server) problems land in `reader.problems`. */
export function readTableSettings(spec: EvaluatorSpec, collect = false) {
    const owner = `evaluator ${spec.name}`;
    const T = tableKind.settings;
    const reader = new SettingsReader(owner, spec.settings, tableKind, collect);
    const path = tablePathArg(spec.args);
    if (path === undefined) reader.report(undefined, 'table(...) expects the CSV path as a string, e.g. table("data/nb201/nb201.csv")', undefined, { argument: true });
    const key = reader.read(T.key);
    const metric = reader.read(T.metric);
    const report = reader.read(T.report);
    const minimize = direction(reader, T.minimize, T.maximize);
    reader.read(T.query_cost); // checked here; studies read it through queryCostOf (engine/evaluate/query-cost.ts)
    reader.done();
    return { reader, path, keyColumn: key?.column ?? 'arch', keyFormat: (key?.format ?? 'nb201') as TableKeyFormat, metric, report, minimize };
}

/** `minimize` or `maximize` (the default, written out); both at once is a contradiction. */
export function direction(reader: SettingsReader, minimize: SettingDeclaration<boolean>, maximize: SettingDeclaration<boolean>): boolean {
    const min = reader.read(minimize) ?? false;
    const max = reader.read(maximize) ?? false;
    if (min && max) reader.report('maximize', 'give `minimize` or `maximize`, not both');
    return min;
}

export function tablePathArg(args: EvaluatorSpec['args']): string | undefined {
    const arg = args.find((a) => a.name === 'path') ?? args.find((a) => a.name === undefined);
    const v: SettingValue | undefined = arg?.value;
    return v?.kind === 'string' ? v.value : undefined;
}

/** Reads a command evaluator's declaration: `command("python train.py --arch {arch}") { timeout 10m; parallel 4 }`. */
export function readCommandSettings(spec: EvaluatorSpec, collect = false) {
    const owner = `evaluator ${spec.name}`;
    const C = commandKind.settings;
    const reader = new SettingsReader(owner, spec.settings, commandKind, collect);
    const strings = spec.args.map((a) => (a.value.kind === 'string' ? a.value.value : undefined));
    let argv: string[] = [];
    if (strings.length === 0 || strings.some((x) => x === undefined)) {
        reader.report(undefined, 'command(...) expects the command line as a string, e.g. command("python train.py --arch {arch}")', undefined, { argument: true });
    } else {
        try {
            argv = strings.length === 1 ? splitCommandLine(strings[0]!) : (strings as string[]);
        } catch (e) {
            reader.report(undefined, (e as Error).message);
        }
    }
    const timeoutSeconds = reader.read(C.timeout);
    const parallel = reader.get(C.parallel, 1);
    const retries = reader.get(C.retries, 0);
    const metricField = reader.get(C.metric, 'metric');
    const reportField = reader.read(C.report);
    const output = reader.get(C.answer, 'json');
    const seed = reader.get(C.seed, 0);
    const executor = reader.get(C.executor, { kind: 'local' });
    if (output === 'last_number' && reader.has('report')) reader.report('report', '`report` names a field of the JSON answer: it has no meaning with `answer last_number`');
    const minimize = direction(reader, C.minimize, C.maximize);
    reader.read(C.query_cost); // checked here; studies read it through queryCostOf (engine/evaluate/query-cost.ts)
    reader.done();
    return { reader, argv, timeoutSeconds, parallel, retries, metricField, reportField, output, seed, executor, minimize };
}

/** Every settings problem of an evaluator declaration, without loading anything (for the language server). */
export function validateEvaluatorSettings(spec: EvaluatorSpec): SettingsError[] {
    if (spec.kind === 'table') return readTableSettings(spec, true).reader.problems;
    if (spec.kind === 'command') return readCommandSettings(spec, true).reader.problems;
    if (spec.kind === 'proxy' || spec.kind === 'train') return neuralSettingsProblems(spec as EvaluatorSpec & { kind: 'proxy' | 'train' });
    const declaration = kindDeclaration('evaluator', spec.kind);
    if (!declaration) return [];
    const reader = new SettingsReader(`evaluator ${spec.name}`, spec.settings, declaration, true);
    reader.readAll();
    return reader.problems;
}
