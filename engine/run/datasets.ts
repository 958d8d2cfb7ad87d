import type { DocumentSpec, Setting } from '../spec.js';

/**
 * `--datasets c10,c100,in16`: the same document on another NAS-Bench-201 dataset, by renaming the table
 * evaluators' `metric` and `report` columns: a column named `<prefix>_<rest>` with a known prefix becomes
 * `<dataset>_<rest>` (c10_val_naslib -> c100_val_naslib, c10_test -> in16_test). Other columns are left alone.
 */
export const DATASET_PREFIXES = ['c10', 'c100', 'in16'] as const;

const PREFIX = /^(c10|c100|in16)_/;

export function isDataset(name: string): boolean {
    return (DATASET_PREFIXES as readonly string[]).includes(name);
}

export function switchColumn(column: string, dataset: string): string {
    return PREFIX.test(column) ? column.replace(PREFIX, `${dataset}_`) : column;
}

/** A copy of the document whose table evaluators read `dataset`'s columns. */
export function switchDataset(doc: DocumentSpec, dataset: string): DocumentSpec {
    if (!isDataset(dataset)) throw new Error(`unknown dataset '${dataset}' (known: ${DATASET_PREFIXES.join(', ')})`);
    const copy = structuredClone(doc);
    for (const evaluator of copy.evaluators) {
        if (evaluator.kind !== 'table') continue;
        evaluator.settings = evaluator.settings.map((s) => (s.key === 'metric' || s.key === 'report' ? renameSetting(s, dataset) : s));
    }
    return copy;
}

function renameSetting(setting: Setting, dataset: string): Setting {
    return {
        ...setting,
        values: setting.values.map((v) =>
            v.kind === 'word' || v.kind === 'string' ? { ...v, value: switchColumn(v.value, dataset) } : v,
        ),
    };
}

/** A copy of the document where policy or search `name` has `seed N` (replacing any seed setting). */
export function withSeed(doc: DocumentSpec, name: string, seed: number): DocumentSpec {
    const copy = structuredClone(doc);
    const target = copy.policies.find((p) => p.name === name) ?? copy.searches.find((s) => s.name === name);
    if (!target) throw new Error(`no policy or search named '${name}'`);
    target.settings = [...target.settings.filter((s) => s.key !== 'seed'), { key: 'seed', values: [{ kind: 'number', value: seed }] }];
    return copy;
}

/** The `seed N` setting of a policy or search, or 0 (every policy and search defaults to seed 0). */
export function seedOf(settings: readonly Setting[]): number {
    const v = settings.find((s) => s.key === 'seed')?.values[0];
    return v?.kind === 'number' ? v.value : 0;
}
