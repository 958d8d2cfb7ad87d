import { dirname, isAbsolute, resolve } from 'node:path';
import type { EvaluatorSpec } from '../spec.js';
import { kindDeclaration, kindsOf } from '../registry/index.js';
import { SettingsReader } from '../registry/settings-reader.js';
import { CommandEvaluator } from './command.js';
import { TableEvaluator } from './table.js';
import type { Evaluator } from './types.js';
import type { WatchTrial } from './trial-watch.js';
import type { SearchSpace } from '../space/types.js';
import type { BackendName } from './neural/backend.js';
import { NeuralEvaluator } from './neural/neural-evaluator.js';
import type { NetworkPlan } from './neural/network-plan.js';
import { readProxySettings, readTrainSettings } from './neural/neural-settings.js';
import { readCommandSettings, readTableSettings } from './evaluator-settings.js';
import { CostModelEvaluator, isCostModelProxy } from './cost-model-evaluator.js';

// Reading settings lives in evaluator-settings.ts (no file or process access, so the language can use it).
export { readCommandSettings, readTableSettings, validateEvaluatorSettings } from './evaluator-settings.js';

export interface EvaluatorOptions {
    /** Folder that relative paths resolve against when the spec has no `sourceFile` (default: `process.cwd()`). */
    baseDir?: string;
    /** Neural evaluators: the back-end asked for (`--backend`; default auto). */
    backend?: BackendName;
    /** Neural evaluators: how to build the network of a genotype of a space (the run session knows the specs). */
    planFor?: (space: SearchSpace) => NetworkPlan | string;
    /** Command evaluators: the run directory their trials write under (default: a temporary folder). */
    runDir?: string;
    /** Command evaluators: told when each trial starts and ends (the run follows its progress.jsonl). */
    watchTrial?: WatchTrial;
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
    if (spec.kind === 'proxy' || spec.kind === 'train') return createNeural(spec, options);
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
    return new CommandEvaluator({
        name: spec.name,
        argv: s.argv,
        cwd,
        timeoutSeconds: s.timeoutSeconds,
        parallel: s.parallel,
        minimize: s.minimize,
        retries: s.retries,
        output: s.output,
        metricField: s.metricField,
        reportField: s.reportField,
        seed: s.seed,
        executor: s.executor,
        runDir: options.runDir,
        watchTrial: options.watchTrial,
    });
}

/**
 * `proxy(name)` / `train(dataset)`: the back-end is resolved on first use or by `prepare()` (no probe here).
 * `proxy(params)` and `proxy(flops)` are counted in-process by the cost model (same values, no torch worker).
 */
function createNeural(spec: EvaluatorSpec, options: EvaluatorOptions): NeuralEvaluator | CostModelEvaluator {
    const task = spec.kind === 'proxy' ? { kind: 'proxy' as const, settings: readProxySettings(spec) } : { kind: 'train' as const, settings: readTrainSettings(spec) };
    const planFor = options.planFor ?? ((): string => `evaluator ${spec.name}: no network plan (this evaluator runs inside a run session)`);
    if (task.kind === 'proxy' && isCostModelProxy(task.settings.proxy)) return new CostModelEvaluator({ name: spec.name, proxy: task.settings.proxy, planFor });
    return new NeuralEvaluator({ name: spec.name, task, backend: options.backend, planFor });
}
