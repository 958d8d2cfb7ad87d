import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError, type FlagDef } from '../../cli/args.js';

const FLAGS: FlagDef[] = [
    { name: 'json', type: 'boolean', description: '' },
    { name: 'policy', type: 'string', description: '' },
    { name: 'budget', type: 'int', description: '' },
    { name: 'policies', type: 'list', description: '' },
    { name: 'budgets', type: 'intList', description: '' },
];

describe('argument parsing', () => {
    test('positionals, flags with separate or = values, booleans, lists', () => {
        const a = parseArgs(['file.nas', '--policy', 'Lissnas', '--budget=300', '--json', '--policies', 'A,B , C', '--budgets', '100,200'], FLAGS);
        assert.deepEqual(a.positionals, ['file.nas']);
        assert.deepEqual(a.flags, { policy: 'Lissnas', budget: 300, json: true, policies: ['A', 'B', 'C'], budgets: [100, 200] });
        assert.equal(a.help, false);
    });

    test('-- ends options; --help and -h anywhere', () => {
        assert.deepEqual(parseArgs(['--', '--json', 'x'], FLAGS).positionals, ['--json', 'x']);
        assert.equal(parseArgs(['x', '-h'], FLAGS).help, true);
        assert.equal(parseArgs(['--help'], FLAGS).help, true);
        assert.deepEqual(parseArgs(['-'], FLAGS).positionals, ['-'], 'a lone dash is a positional (stdin convention)');
    });

    test('errors are UsageErrors with clear messages', () => {
        const cases: Array<[string[], RegExp]> = [
            [['--nope'], /unknown option '--nope' \(known: --json, --policy, --budget, --policies, --budgets, --help\)/],
            [['-x'], /unknown option '-x' \(options are spelled --name\)/],
            [['--policy'], /option '--policy' needs a value/],
            [['--policy', '--json'], /option '--policy' needs a value/],
            [['--budget', 'ten'], /needs a non-negative integer, got 'ten'/],
            [['--budget', '-5'], /needs a value|non-negative integer/],
            [['--budget', '1.5'], /non-negative integer, got '1.5'/],
            [['--budget', '99999999999999999999'], /too large/],
            [['--budgets', '100,,200'], /without empty items/],
            [['--budgets', '100,x'], /non-negative integer, got 'x'/],
            [['--json=yes'], /takes no value/],
            [['--policy', 'a', '--policy', 'b'], /given twice/],
            [['--policy='], /non-empty value/],
        ];
        for (const [argv, message] of cases) {
            assert.throws(() => parseArgs(argv, FLAGS, 'shrink'), (e: unknown) => e instanceof UsageError && message.test(e.message) && e.command === 'shrink', argv.join(' '));
        }
    });

    test('--json=false is an explicit false', () => {
        assert.equal(parseArgs(['--json=false'], FLAGS).flags.json, false);
    });
});
