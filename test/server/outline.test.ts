import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectFoldings, expectSymbols } from 'langium/test';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { Nas } from './services.js';

const tour = readFileSync(new URL('../../examples/tour.nas', import.meta.url), 'utf8');
const symbols = expectSymbols(Nas);
const foldings = expectFoldings(Nas);

const kindName = new Map(Object.entries(SymbolKind).map(([name, value]) => [value as number, name]));

function flatten(list: DocumentSymbol[], prefix = ''): string[] {
    return list.flatMap((s) => [`${prefix}${s.name}:${kindName.get(s.kind) ?? s.kind}${s.detail ? ` (${s.detail})` : ''}`, ...flatten(s.children ?? [], `${prefix}${s.name}/`)]);
}

describe('document symbols', () => {
    test('declarations of the tour, with kinds and details, nested', async () => {
        await symbols({
            text: tour,
            assert: (list) => {
                const all = flatten(list);
                assert.equal(list.length, 18, 'top-level declarations: 1 op set, 7 spaces, 4 evaluators, 3 policies, 3 searches');
                for (const expected of [
                    'NB201Ops:Enum (op set)',
                    'NB201Ops/nor_conv_3x3:EnumMember (relu_conv_bn(kernel: 3))',
                    'NB201:Struct (space)',
                    'NB201/cell:Class (cell)',
                    'NB201/network:Object (macro skeleton)',
                    'DARTS/reduce:Class (copy of normal)',
                    'Mobile/layers 20:Array (20 layers)',
                    'Mobile/layers 20/kernel:Field (3 choices)',
                    'Training/lr:Field (loguniform(1e-4, 1e-1))',
                    'Joint/arch:Module (space NB201)',
                    'Small/constraint flops <= 100M:Boolean',
                    'c10:Function (evaluator table)',
                    'Lissnas:Event (policy lissnas(NB201))',
                    'REA:Method (search evolution(Lissnas))',
                ]) {
                    assert.ok(all.includes(expected), `missing ${expected} in\n${all.join('\n')}`);
                }
                // Arguments, calls and inline ops have a `name` too, but are not outline entries.
                assert.ok(!all.some((s) => /^NB201Ops\/\w+\//.test(s)), 'op arguments are not symbols');
                assert.ok(!all.some((s) => s.startsWith('NB101/graph/')), 'inline ops are not symbols');
                const nb201 = list.find((s) => s.name === 'NB201')!;
                assert.equal(nb201.selectionRange.start.line, 13);
                assert.equal(nb201.selectionRange.start.character, 6);
                assert.equal(nb201.range.end.line, 26);
            },
        });
    });
});

describe('folding', () => {
    test('blocks, multi-line lists and runs of line comments fold; one-line bodies do not', async () => {
        await foldings({
            text: [
                '<|// first line of a comment run',
                '// second line',
                '// third line|>',
                '<|space S {',
                '  <|cell {',
                '    nodes 3',
                '    ops [a, b]',
                '  |>}',
                '  x choice <|[',
                '    1,',
                '    2,',
                '    3',
                '  |>]',
                '|>}',
                'search R = random(S) { budget 10 }',
                '<|/* a block',
                '   comment',
                '*/|>',
            ].join('\n'),
            assert: (ranges, expected) => {
                const actual = ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind === FoldingRangeKind.Comment ? ' comment' : ''}`).sort();
                assert.deepEqual(actual, ['0-2 comment', '15-16 comment', '3-12', '4-6', '8-11'].sort());
                assert.equal(expected.length, 5);
            },
        });
    });
});
