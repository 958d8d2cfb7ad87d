import { resolve } from 'node:path';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { DocumentSpec, Setting } from '../../../engine/spec.js';

/** examples/nb201.nas written as engine data (no DSL): a table evaluator on the real NB201 CSV, small policies. */
const num = (key: string, value: number): Setting => ({ key, values: [{ kind: 'number', value }] });
const words = (key: string, ...values: Array<string | number>): Setting => ({
    key,
    values: values.map((v) => (typeof v === 'number' ? { kind: 'number' as const, value: v } : { kind: 'word' as const, value: v })),
});

export const CSV = resolve('data/nb201/nb201.csv');

export function nb201Doc(): DocumentSpec {
    return {
        spaces: [NB201_SPACE_SPEC],
        evaluators: [
            {
                name: 'c10',
                kind: 'table',
                args: [{ value: { kind: 'string', value: CSV } }],
                settings: [words('key', 'arch', 'as', 'nb201'), words('metric', 'c10_val_naslib'), words('report', 'c10_test')],
            },
        ],
        policies: [
            {
                name: 'Lissnas',
                kind: 'lissnas',
                space: NB201_SPACE_SPEC,
                evaluator: 'c10',
                settings: [num('sample', 30), words('seeds', 'top', 5), words('neighbors', 'distance', 1), num('max_iterations', 3), num('seed', 42)],
            },
            { name: 'Random', kind: 'random_shrink', space: NB201_SPACE_SPEC, match: 'Lissnas', settings: [num('seed', 42)] },
        ],
        searches: [
            { name: 'RS', kind: 'random', target: { kind: 'space', space: NB201_SPACE_SPEC }, evaluator: 'c10', settings: [num('budget', 60), num('seed', 1)] },
            { name: 'REA', kind: 'evolution', target: { kind: 'policy', policy: 'Lissnas' }, evaluator: 'c10', settings: [num('budget', 200), num('population', 10), num('seed', 1)] },
        ],
    };
}
