import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seedOf, switchColumn, switchDataset, withSeed } from '../../../engine/run/datasets.js';
import type { DocumentSpec } from '../../../engine/spec.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';

const doc: DocumentSpec = {
    spaces: [NB201_SPACE_SPEC],
    evaluators: [
        {
            name: 'c10',
            kind: 'table',
            args: [{ value: { kind: 'string', value: 'data/nb201/nb201.csv' } }],
            settings: [
                { key: 'key', values: [{ kind: 'word', value: 'arch' }, { kind: 'word', value: 'as' }, { kind: 'word', value: 'nb201' }] },
                { key: 'metric', values: [{ kind: 'word', value: 'c10_val_naslib' }] },
                { key: 'report', values: [{ kind: 'word', value: 'c10_test' }] },
            ],
        },
    ],
    policies: [{ name: 'P', kind: 'lissnas', space: NB201_SPACE_SPEC, evaluator: 'c10', settings: [{ key: 'seed', values: [{ kind: 'number', value: 42 }] }] }],
    searches: [],
};

describe('dataset switching', () => {
    test('renames known prefixes only', () => {
        assert.equal(switchColumn('c10_val_naslib', 'c100'), 'c100_val_naslib');
        assert.equal(switchColumn('c100_test', 'in16'), 'in16_test');
        assert.equal(switchColumn('in16_flops_m', 'c10'), 'c10_flops_m');
        assert.equal(switchColumn('accuracy', 'c100'), 'accuracy');
        assert.equal(switchColumn('c10x_test', 'c100'), 'c10x_test');
    });

    test('switches metric and report of table evaluators, leaves the key and the input intact', () => {
        const out = switchDataset(doc, 'in16');
        const settings = Object.fromEntries(out.evaluators[0].settings.map((s) => [s.key, s.values.map((v) => ('value' in v ? v.value : '')).join(' ')]));
        assert.deepEqual(settings, { key: 'arch as nb201', metric: 'in16_val_naslib', report: 'in16_test' });
        assert.equal(doc.evaluators[0].settings[1].values[0].kind === 'word' && doc.evaluators[0].settings[1].values[0].value, 'c10_val_naslib');
        assert.throws(() => switchDataset(doc, 'imagenet'), /unknown dataset 'imagenet'/);
    });

    test('seed override replaces the seed setting', () => {
        assert.equal(seedOf(doc.policies[0].settings), 42);
        const out = withSeed(doc, 'P', 7);
        assert.equal(seedOf(out.policies[0].settings), 7);
        assert.equal(out.policies[0].settings.filter((s) => s.key === 'seed').length, 1);
        assert.equal(seedOf(doc.policies[0].settings), 42, 'input unchanged');
        assert.equal(seedOf([]), 0);
    });
});
