// Keywords as names (docs/language.md "Keywords as names"): a column, op, space, evaluator, policy or search may
// be called like a keyword. `key ops as digits` used to give ten cascading errors; now it is valid, and where a
// keyword cannot be a bare name one error says how to write it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../dsl/compile.js';
import * as ast from '../../dsl/generated/ast.js';
import { assertDiagnostics, check, checkOnDisk } from './helpers.js';

const CSV = 'index,ops,nodes,c10_val,choice\n0,0001,1,90.1,3\n1,0002,2,91.2,4\n';

describe('keywords as names', () => {
    test('`key ops as digits` on a table whose key column is called ops: no diagnostic, and the engine reads `ops`', async () => {
        const text = 'evaluator e = table("t.csv") {\n  key ops as digits\n  metric c10_val\n  report nodes\n}\n';
        const { diagnostics, document } = await checkOnDisk({ 't.csv': CSV, 'main.nas': text }, 'main.nas');
        assert.deepEqual(diagnostics, []);
        const evaluator = compileModel(document.parseResult.value as ast.Model).spec.evaluators[0];
        const values = (key: string) => JSON.stringify(evaluator.settings.find((s) => s.key === key)?.values);
        assert.match(values('key'), /^\[[^\]]*"ops"[^\]]*"as"[^\]]*"digits"/);
        assert.match(values('report'), /"nodes"/);
    });

    test('declarations named like keywords, referenced from other declarations', async () => {
        const { diagnostics, model } = await check([
            'ops choice { nodes = zero; cell = zero; all = identity }',
            'space ops { cell { nodes 3; ops choice } }',
            'space space {',
            '  network { stem 16 }',
            '  cell choice [1, 2]',
            '  nodes uniform(0, 1) when cell == 1',
            '  graph choice [3]',
            '}',
            'evaluator space = proxy(synflow)',
            'policy search = lissnas(ops) { evaluate space }',
            'search policy = random(search) { evaluate space; budget 10 }',
        ].join('\n'));
        assert.deepEqual(diagnostics, []);
        const names = model.declarations.map((d) => `${d.$type} ${d.name}`);
        assert.deepEqual(names, ['OpSet choice', 'Space ops', 'Space space', 'Evaluator space', 'Policy search', 'Search policy']);
        const opSet = model.declarations[0] as ast.OpSet;
        assert.deepEqual(opSet.ops.map((o) => o.name), ['nodes', 'cell', 'all']);
        const space = model.declarations[2] as ast.Space;
        assert.deepEqual(space.members.filter(ast.isDimension).map((d) => d.name), ['cell', 'nodes', 'graph']);
        const policy = model.declarations[4] as ast.Policy;
        assert.equal(policy.space.ref, model.declarations[1]);
        // The compiled space has the keyword-named parameters, and the condition refers to `cell`.
        const compiled = compileModel(model).spec.spaces.find((s) => s.name === 'space')!;
        assert.ok(JSON.stringify(compiled).includes('"cell"') && JSON.stringify(compiled).includes('"nodes"'));
    });

    test('a quoted name is the name without quotes: `"space" choice [...]` and an op `"search"`', async () => {
        const { diagnostics, model } = await check([
            'ops O { "search"; none }',
            'space S {',
            '  "space" choice [1, 2]',
            '  x choice [1] when space == 2',
            '  cell { nodes 3; ops [search, "none"] }',
            '}',
        ].join('\n'));
        assert.deepEqual(diagnostics, ["[1:9] (warning) op 'search' is not a known op name: say what it computes, e.g. `search = relu_conv_bn(kernel: 3)`"]);
        const space = model.declarations[1] as ast.Space;
        assert.equal((space.members[0] as ast.Dimension).name, 'space');
        assert.equal(((space.members[1] as ast.Dimension).condition as ast.Comparison).param.ref, space.members[0]);
    });

    test('a quoted name must spell a word', async () => {
        const { diagnostics } = await check('space S {\n  "my param" choice [1, 2]\n  "2x" choice [1]\n}\n');
        assertDiagnostics(diagnostics, [
            "[2:3] a quoted name must still be a word (letters, digits and '_', not starting with a digit): 'my param'",
            "[3:3] a quoted name must still be a word (letters, digits and '_', not starting with a digit): '2x'",
        ]);
    });

    test('a declaration keyword as a dimension or op name: one error that says to quote it', async () => {
        const { diagnostics } = await check('space S {\n  x choice [1]\n  space choice [1, 2]\n}\n');
        assertDiagnostics(diagnostics, ['[3:3] `space` is a keyword here: if a new declaration starts, add the missing `}` before it; to use it as a name or value, write `"space"`']);
    });

    test('a keyword value that would start a declaration or member: one error that says to quote it', async () => {
        const { diagnostics } = await check('evaluator e = proxy(synflow) {\n  device cell\n}\n');
        assertDiagnostics(diagnostics, ['[2:10] `cell` is a keyword here; write `"cell"` to use it as a value']);
    });

    test('a setting key as a value (`key seed as digits`): one error that says to quote it', async () => {
        const text = 'evaluator e = table("t.csv") {\n  key seed as digits\n  metric c10_val\n}\n';
        const { diagnostics } = await checkOnDisk({ 't.csv': 'seed,c10_val\n0001,1\n', 'main.nas': text }, 'main.nas');
        assertDiagnostics(diagnostics, ['[2:7] `seed` is a keyword here (a setting key, so it ends `key` and starts a new setting); write `"seed"` to use it as a value']);
        const quoted = await checkOnDisk({ 't.csv': 'seed,c10_val\n0001,1\n', 'main.nas': text.replace('key seed', 'key "seed"') }, 'main.nas');
        assert.deepEqual(quoted.diagnostics, []);
    });

    test('flags followed by a setting on the same line stay valid (`minimize seed 3` is two settings)', async () => {
        const { diagnostics } = await checkOnDisk({ 't.csv': 'arch,loss\n0001,1\n', 'main.nas': 'evaluator e = table("t.csv") { key arch as digits; metric loss; minimize }\n' }, 'main.nas');
        assert.deepEqual(diagnostics, []);
    });
});
