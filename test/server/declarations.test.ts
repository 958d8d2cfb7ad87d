import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHelper } from 'langium/test';
import { declarationsOf } from '../../server/features/declarations.js';
import { DeclarationsResult } from '../../protocol/lsp.js';
import { examplesUri, Nas } from './services.js';

/**
 * `lissnas/declarations` (what the run commands offer, and whether a run would start a `command` evaluator, which
 * an untrusted workspace refuses).
 */
const parse = parseHelper(Nas);

test('tour.nas: every space, policy and search in source order, with the command evaluators each reaches', async () => {
    const tour = readFileSync(new URL('../../examples/tour.nas', import.meta.url), 'utf8');
    const document = await parse(tour, { documentUri: examplesUri('declarations-tour.nas') });
    const declarations = declarationsOf(document);
    assert.ok(DeclarationsResult.is({ declarations }), DeclarationsResult.problem({ declarations }));
    const runnable = declarations.filter((d) => d.kind !== 'space').map((d) => `${d.kind} ${d.name} ${d.detail} [${d.commandEvaluators.join(',')}]`);
    assert.deepEqual(runnable, [
        'policy Lissnas lissnas(NB201) []',
        'policy ABS op_pruning(NB201) []',
        'policy Random random_shrink(NB201) []',
        'search REA evolution(Lissnas) []',
        'search REA_full evolution(NB201) []',
        'search RS random(NB201) []',
    ]);
    assert.equal(declarations.filter((d) => d.kind === 'space').length, 7);
    // The algorithm and target, as data (the editor's "Search from here" puts `local` searches first).
    assert.deepEqual(
        declarations.filter((d) => d.kind !== 'space').map((d) => [d.name, d.algorithm, d.target]),
        [['Lissnas', 'lissnas', 'NB201'], ['ABS', 'op_pruning', 'NB201'], ['Random', 'random_shrink', 'NB201'], ['REA', 'evolution', 'Lissnas'], ['REA_full', 'evolution', 'NB201'], ['RS', 'random', 'NB201']],
    );
    assert.ok(declarations.filter((d) => d.kind === 'space').every((d) => d.algorithm === undefined && d.target === undefined));
    const lissnas = declarations.find((d) => d.name === 'Lissnas')!;
    assert.equal(tour.split('\n')[lissnas.nameRange.start.line].slice(lissnas.nameRange.start.character, lissnas.nameRange.end.character), 'Lissnas');
});

test('a command evaluator is found through evaluate, match and a search inside a policy; table-only declarations have none', async () => {
    const text = `
ops O { none  skip_connect = identity }
space S { cell { nodes 3  edges all  ops O } }
evaluator t = table("t.csv") { key arch as nb201; metric m }
evaluator train = command("python3 train.py --arch {arch}") { parallel 2 }
policy Safe = lissnas(S) { evaluate t }
policy Slow = lissnas(S) { evaluate train }
policy Copy = random_shrink(S) { match Slow }
search InSlow = random(Slow) { evaluate t; budget 10 }
search Direct = random(S) { evaluate train; budget 10 }
search Plain = random(S) { evaluate t; budget 10 }
`;
    const document = await parse(text, { documentUri: examplesUri('declarations-command.nas') });
    const byName = Object.fromEntries(declarationsOf(document).map((d) => [d.name, d.commandEvaluators]));
    assert.deepEqual(byName, { S: [], Safe: [], Slow: ['train'], Copy: ['train'], InSlow: ['train'], Direct: ['train'], Plain: [] });
});
