/**
 * The settings each kind of evaluator, policy and search accepts (and those of a space's `network` block):
 * key, value shape, documentation. One table for the validator (unknown keys, value shapes), completion
 * (keys and kinds to offer) and hover (doc strings).
 */

/**
 * What a setting's values look like:
 * - `count`: a whole number >= 1 (K/M/G suffixes allowed: `budget 10K`);
 * - `integer`: a whole number >= 0 (seeds);
 * - `number`: any plain number;
 * - `count-or-percent`: a count or a percentage in (0, 100] (`subset 5000`, `subset 10%`);
 * - `duration`: a time with unit ms, s, m (minutes) or h, or a plain number of seconds;
 * - `flag`: no value;
 * - `column`: a column of the evaluator's table (a name or a string);
 * - `key-column`: `<column> as nb201|digits`;
 * - `word`: one of `words`;
 * - `text`: a string or a name;
 * - `seeds`: `top <count>` (or `top <percent>`);
 * - `neighbors`: `distance <count>`; `lissnas-neighbors`: that, then `[in current|full] [filter better_than median|mean|seed|none]`;
 * - `stop`: `plateau(patience: <count>, delta: <number>)` or `iterations(<count>)`;
 * - `keep`: `<count> per edge` or `<percent>`;
 * - `counts`: a list of counts (`[16, 32, 64]`);
 * - `evaluator` / `policy`: a reference (the grammar resolves it).
 */
export type ValueShape =
    | 'count'
    | 'integer'
    | 'number'
    | 'count-or-percent'
    | 'duration'
    | 'flag'
    | 'column'
    | 'key-column'
    | 'word'
    | 'text'
    | 'seeds'
    | 'neighbors'
    | 'lissnas-neighbors'
    | 'stop'
    | 'keep'
    | 'counts'
    | 'evaluator'
    | 'policy';

export interface SettingSchema {
    key: string;
    shape: ValueShape;
    /** The value as the user writes it, for messages, completion snippets and hover (`top <count>`). */
    syntax: string;
    doc: string;
    /** For `word`: the accepted words. */
    words?: readonly string[];
    /** The declaration is unusable without it. */
    required?: boolean;
}

export type DeclarationCategory = 'evaluator' | 'policy' | 'search' | 'network';

export interface ArgumentSchema {
    /** How the argument is written (`"path.csv"`). */
    syntax: string;
    shape: 'string' | 'word';
    /** What the argument is, for messages (`dataset`). */
    noun: string;
    /** For `word`: the accepted words. */
    words?: readonly string[];
    doc: string;
}

export interface KindSchema {
    category: DeclarationCategory;
    kind: string;
    doc: string;
    /** Positional arguments of an evaluator kind (policies and searches take the space/policy reference). */
    args: ArgumentSchema[];
    settings: SettingSchema[];
}

export const PROXY_NAMES = ['synflow', 'naswot', 'grad_norm', 'jacob_cov', 'snip', 'fisher'] as const;
export const TRAIN_DATASETS = ['fashion_mnist', 'cifar10'] as const;
export const KEY_FORMATS = ['nb201', 'digits'] as const;

const seed: SettingSchema = { key: 'seed', shape: 'integer', syntax: '<integer>', doc: 'Seed of the random number generator (runs with the same seed repeat exactly).' };
const evaluate = (required: boolean): SettingSchema => ({
    key: 'evaluate',
    shape: 'evaluator',
    syntax: '<evaluator>',
    doc: 'The evaluator that scores architectures.',
    required,
});
const minimize: SettingSchema = { key: 'minimize', shape: 'flag', syntax: '', doc: 'Lower metric values are better (e.g. loss, latency).' };
const maximize: SettingSchema = { key: 'maximize', shape: 'flag', syntax: '', doc: 'Higher metric values are better (the default).' };
const batch: SettingSchema = { key: 'batch', shape: 'count', syntax: '<count>', doc: 'Mini-batch size.' };
const device: SettingSchema = { key: 'device', shape: 'word', syntax: 'cpu|cuda|auto', words: ['cpu', 'cuda', 'auto'], doc: 'Where to compute.' };
const budget: SettingSchema = { key: 'budget', shape: 'count', syntax: '<count>', doc: 'Number of evaluations the search may spend.' };
const timeout: SettingSchema = { key: 'timeout', shape: 'duration', syntax: '<duration>', doc: 'Wall-clock limit per evaluation: 500ms, 30s, 30m (minutes), 2h; a plain number is seconds.' };

export const SETTING_SCHEMAS: readonly KindSchema[] = [
    // ------------------------------------------------------------------ evaluators
    {
        category: 'evaluator',
        kind: 'table',
        doc: 'Looks architectures up in a CSV benchmark table (e.g. NAS-Bench-201); the path is relative to the .nas file.',
        args: [{ syntax: '"path.csv"', shape: 'string', noun: 'table path', doc: 'CSV file, relative to the .nas file' }],
        settings: [
            { key: 'key', shape: 'key-column', syntax: '<column> as nb201|digits', doc: 'The column naming each architecture, and how: `nb201` arch strings (`|op~0|+...`) or `digits` (one op index per edge).', required: true },
            { key: 'metric', shape: 'column', syntax: '<column>', doc: 'The column searches optimize (maximized unless `minimize`).', required: true },
            { key: 'report', shape: 'column', syntax: '<column>', doc: 'The column reports show (e.g. test accuracy).' },
            minimize,
            maximize,
        ],
    },
    {
        category: 'evaluator',
        kind: 'proxy',
        doc: 'A zero-cost proxy score computed at initialization (no training).',
        args: [{ syntax: PROXY_NAMES.join('|'), shape: 'word', noun: 'proxy', words: PROXY_NAMES, doc: 'the proxy' }],
        settings: [batch, seed, device],
    },
    {
        category: 'evaluator',
        kind: 'train',
        doc: 'Trains each architecture briefly and reports its validation accuracy.',
        args: [{ syntax: TRAIN_DATASETS.join('|'), shape: 'word', noun: 'dataset', words: TRAIN_DATASETS, doc: 'the dataset' }],
        settings: [
            { key: 'epochs', shape: 'count', syntax: '<count>', doc: 'Training epochs per architecture.' },
            batch,
            { key: 'lr', shape: 'number', syntax: '<number>', doc: 'Learning rate.' },
            seed,
            device,
            { key: 'subset', shape: 'count-or-percent', syntax: '<count>|<percent>', doc: 'Train on this many examples (or this share of the training set).' },
            { key: 'workers', shape: 'count', syntax: '<count>', doc: 'Data-loading workers.' },
            timeout,
        ],
    },
    {
        category: 'evaluator',
        kind: 'command',
        doc: 'Runs a command per architecture; `{arch}` in the command is replaced by the architecture; the last number printed is the metric.',
        args: [{ syntax: '"command {arch}"', shape: 'string', noun: 'command', doc: 'the command template' }],
        settings: [
            { key: 'parallel', shape: 'count', syntax: '<count>', doc: 'How many commands run at once.' },
            timeout,
            { key: 'retries', shape: 'integer', syntax: '<integer>', doc: 'How many times a failing command is retried.' },
            minimize,
            maximize,
        ],
    },
    // ------------------------------------------------------------------ policies
    {
        category: 'policy',
        kind: 'lissnas',
        doc: 'LISSNAS shrinkage: sample, keep the best as seeds, grow their structural neighbourhoods, repeat until the average accuracy plateaus.',
        args: [],
        settings: [
            evaluate(true),
            { key: 'sample', shape: 'count', syntax: '<count>', doc: 'Architectures sampled (and evaluated) in the first iteration.' },
            { key: 'seeds', shape: 'seeds', syntax: 'top <count>', doc: 'How many of the best sampled architectures become seeds.' },
            { key: 'neighbors', shape: 'lissnas-neighbors', syntax: 'distance <count> [in current|full] [filter better_than median|mean|seed|none]', doc: 'Neighbourhood radius around each seed (structural distance); `in full` (default) takes neighbours in the full space, `in current` inside the current shrunk space; `filter` evaluates neighbours and keeps those at least as good as the sample median, mean or their seed.' },
            { key: 'stop', shape: 'stop', syntax: 'plateau(patience: <count>, delta: <number>)', doc: 'When to stop: the average accuracy improved by less than `delta` for `patience` iterations.' },
            { key: 'max_iterations', shape: 'count', syntax: '<count>', doc: 'Upper bound on iterations.' },
            seed,
        ],
    },
    {
        category: 'policy',
        kind: 'op_pruning',
        doc: 'Op pruning (ABS-style): evaluate samples, score each op on each edge, keep the best ops per edge.',
        args: [],
        settings: [
            evaluate(true),
            { key: 'sample', shape: 'count', syntax: '<count>', doc: 'Architectures sampled to score the ops.' },
            { key: 'keep', shape: 'keep', syntax: '<count> per edge', doc: 'Ops kept on every edge.' },
            seed,
        ],
    },
    {
        category: 'policy',
        kind: 'random_shrink',
        doc: 'A baseline: a random subspace of the given size.',
        args: [],
        settings: [
            { key: 'keep', shape: 'keep', syntax: '<percent>|<count> per edge', doc: 'Share of the space kept, or ops kept per edge.' },
            { key: 'match', shape: 'policy', syntax: '<policy>', doc: "Keep as many architectures as another policy's result." },
            seed,
        ],
    },
    // ------------------------------------------------------------------ searches
    {
        category: 'search',
        kind: 'random',
        doc: 'Random search: evaluate uniform samples.',
        args: [],
        settings: [evaluate(true), budget, seed],
    },
    {
        category: 'search',
        kind: 'evolution',
        doc: 'Regularized evolution (REA): tournament selection, mutation, the oldest member dies.',
        args: [],
        settings: [
            evaluate(true),
            { key: 'population', shape: 'count', syntax: '<count>', doc: 'Population size.' },
            { key: 'tournament', shape: 'count', syntax: '<count>', doc: 'Tournament size (at most the population).' },
            budget,
            seed,
        ],
    },
    {
        category: 'search',
        kind: 'local',
        doc: 'Local search: move to the best neighbour until none improves, then restart.',
        args: [],
        settings: [
            evaluate(true),
            budget,
            { key: 'neighbors', shape: 'neighbors', syntax: 'distance <count>', doc: 'Neighbourhood radius.' },
            seed,
        ],
    },
    // ------------------------------------------------------------------ the network skeleton of a space
    {
        category: 'network',
        kind: 'network',
        doc: 'The macro skeleton around the searched cell: used by the cost model, network builders and training.',
        args: [],
        settings: [
            { key: 'stem', shape: 'count', syntax: '<count>', doc: 'Channels of the stem convolution (default 16).' },
            { key: 'stages', shape: 'counts', syntax: '[<count>, ...]', doc: 'Channels of each stage (default [16, 32, 64]).' },
            { key: 'cells_per_stage', shape: 'count', syntax: '<count>', doc: 'Cells stacked in each stage (default 5).' },
            { key: 'reduction', shape: 'word', syntax: 'resnet|cell', words: ['resnet', 'cell'], doc: 'How stages reduce resolution: a ResNet block (NAS-Bench-201) or a reduction cell.' },
            { key: 'classes', shape: 'count', syntax: '<count>', doc: 'Output classes (default 10).' },
            { key: 'input', shape: 'count', syntax: '<count>', doc: 'Input resolution (default 32).' },
            { key: 'channels', shape: 'count', syntax: '<count>', doc: 'Input channels (default 3).' },
        ],
    },
];

/** The schema of one kind of a category, if the kind exists. */
export function kindSchema(category: DeclarationCategory, kind: string): KindSchema | undefined {
    return SETTING_SCHEMAS.find((schema) => schema.category === category && schema.kind === kind);
}

/** The kinds of a category, in table order (`table`, `proxy`, `train`, `command` for evaluators). */
export function kindsOf(category: DeclarationCategory): string[] {
    return SETTING_SCHEMAS.filter((schema) => schema.category === category).map((schema) => schema.kind);
}

/** The schema of one setting of a kind, if the kind accepts it. */
export function settingSchema(category: DeclarationCategory, kind: string, key: string): SettingSchema | undefined {
    return kindSchema(category, kind)?.settings.find((setting) => setting.key === key);
}
