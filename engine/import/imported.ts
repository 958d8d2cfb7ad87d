import type { Condition, Domain } from '../spec.js';

/**
 * What an importer makes of another tool's search space: the parameters lissnas can express, and every
 * construct it could not (with where it was in the source file), so that nothing is dropped silently.
 */
export interface ImportedParam {
    name: string;
    domain: Domain;
    when?: Condition;
}

export interface ImportProblem {
    /** Where in the source: `line:col` for YAML/JSON text with positions, else a path like `optimizer._value[0]`. */
    location: string;
    message: string;
}

export interface ImportedSpace {
    name: string;
    params: ImportedParam[];
    problems: ImportProblem[];
}

export const IMPORT_FORMATS = ['nni', 'wandb', 'katib', 'optuna-json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A number read from another format (Katib writes them as strings). */
export function numberOf(x: unknown): number | undefined {
    if (typeof x === 'number' && Number.isFinite(x)) return x;
    if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return Number(x);
    return undefined;
}
