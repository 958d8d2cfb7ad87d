// The parser: every construct of examples/tour.nas becomes the expected AST values; the tour checks without
// any diagnostic; syntax errors are recovered from (later declarations still parse).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createNasServices } from '../../dsl/nas-module.js';
import * as ast from '../../dsl/generated/ast.js';
import { check, render } from './helpers.js';

const TOUR = fileURLToPath(new URL('../../examples/tour.nas', import.meta.url));
const { Nas } = createNasServices(EmptyFileSystem);

function parse(text: string): { model: ast.Model; errors: string[] } {
    const result = Nas.parser.LangiumParser.parse<ast.Model>(text);
    const errors = [...result.lexerErrors.map((e) => `lexer ${e.line}:${e.column} ${e.message}`), ...result.parserErrors.map((e) => `${e.token.startLine}:${e.token.startColumn} ${e.message}`)];
    return { model: result.value, errors };
}

// The tour is built from disk (its table path is relative to examples/), so references are linked.
const onDisk = createNasServices(NodeFileSystem);
const tourDocument = await onDisk.shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(TOUR));
await onDisk.shared.workspace.DocumentBuilder.build([tourDocument], { validation: true });
const tour = { model: tourDocument.parseResult.value as ast.Model, errors: parse(readFileSync(TOUR, 'utf8')).errors };
const byName = <T extends ast.Declaration>(name: string): T => {
    const found = tour.model.declarations.find((d) => d.name === name);
    assert.ok(found, `declaration ${name}`);
    return found as T;
};
/** A setting's values as plain data: numbers, words, strings, quantities (as text), calls. */
function plain(value: ast.Value): unknown {
    if (ast.isNumberValue(value)) return value.value;
    if (ast.isQuantityValue(value)) return `q:${value.value}`;
    if (ast.isStringValue(value)) return `"${value.value}"`;
    if (ast.isBooleanValue(value)) return value.value;
    if (ast.isWordValue(value)) return value.word;
    if (ast.isListValue(value)) return value.items.map(plain);
    return { call: value.name, args: value.args.map((a) => [a.name, plain(a.value)]) };
}
function settings(owner: { settings: ast.Setting[] }): Array<[string, unknown]> {
    return owner.settings.map((s) => {
        if (ast.isEvaluateSetting(s)) return ['evaluate', s.evaluator.$refText];
        if (ast.isMatchSetting(s)) return ['match', s.policy.$refText];
        return [s.key, s.values.map(plain)];
    });
}

describe('parser: examples/tour.nas', () => {
    test('parses without lexer or parser errors', () => {
        assert.deepEqual(tour.errors, []);
        assert.deepEqual(
            tour.model.declarations.map((d) => `${d.$type} ${d.name}`),
            ['OpSet NB201Ops', 'Space NB201', 'Space NB101', 'Space DARTS', 'Space Mobile', 'Space Training', 'Space Joint', 'Space Small',
                'Evaluator c10', 'Evaluator zc', 'Evaluator fm', 'Evaluator mine', 'Policy Lissnas', 'Policy ABS', 'Policy Random',
                'Search REA', 'Search REA_full', 'Search RS'],
        );
    });

    test('checks with zero diagnostics (errors and warnings)', () => {
        assert.deepEqual(render(tourDocument), []);
    });

    test('op set: bare names and implementations with named arguments', () => {
        const ops = byName<ast.OpSet>('NB201Ops');
        assert.deepEqual(
            ops.ops.map((o) => [o.name, o.impl?.kind, o.impl?.args.map((a) => [a.name, plain(a.value)])]),
            [
                ['none', undefined, undefined],
                ['skip_connect', 'identity', []],
                ['nor_conv_1x1', 'relu_conv_bn', [['kernel', 1]]],
                ['nor_conv_3x3', 'relu_conv_bn', [['kernel', 3]]],
                ['avg_pool_3x3', 'avg_pool', [['kernel', 3]]],
            ],
        );
    });

    test('cell space: nodes, edges all, an op set reference, a network skeleton', () => {
        const space = byName<ast.Space>('NB201');
        const cell = space.members[0] as ast.Cell;
        assert.equal(cell.name, undefined);
        const [nodes, edges, ops] = cell.settings as [ast.NodesSetting, ast.EdgesSetting, ast.OpsSetting];
        assert.equal(nodes.count, 4);
        assert.equal(edges.all, true);
        assert.equal(ops.opSet?.$refText, 'NB201Ops');
        assert.equal(ops.opSet?.ref, byName('NB201Ops'));
        const network = space.members[1] as ast.Network;
        assert.deepEqual(settings(network), [
            ['stem', [16]],
            ['stages', [[16, 32, 64]]],
            ['cells_per_stage', [5]],
            ['reduction', ['resnet']],
            ['classes', [10]],
        ]);
    });

    test('graph space: max_nodes, max_edges, inline ops', () => {
        const graph = byName<ast.Space>('NB101').members[0] as ast.Graph;
        assert.equal((graph.settings[0] as ast.MaxNodesSetting).count, 7);
        assert.equal((graph.settings[1] as ast.MaxEdgesSetting).count, 9);
        assert.deepEqual((graph.settings[2] as ast.OpsSetting).inline.map((o) => o.name), ['conv3x3_bn_relu', 'conv1x1_bn_relu', 'maxpool3x3']);
    });

    test('DARTS space: a named cell with inputs/nodes/pick, and a copy', () => {
        const [normal, reduce] = byName<ast.Space>('DARTS').members as [ast.Cell, ast.Cell];
        assert.equal(normal.name, 'normal');
        assert.deepEqual(normal.settings.map((s) => [s.$type, 'count' in s ? s.count : undefined]), [
            ['InputsSetting', 2],
            ['NodesSetting', 4],
            ['PickSetting', 2],
            ['OpsSetting', undefined],
        ]);
        assert.equal((normal.settings[3] as ast.OpsSetting).inline.length, 7);
        assert.equal(reduce.name, 'reduce');
        assert.equal(reduce.copyOf?.ref, normal);
        assert.equal(reduce.settings.length, 0);
    });

    test('layer chain with per-layer choices (numbers, booleans), and a top-level choice of decimals', () => {
        const [layers, width] = byName<ast.Space>('Mobile').members as [ast.Layers, ast.Dimension];
        assert.equal(layers.count, 20);
        assert.deepEqual(layers.params.map((p) => [p.name, (p.domain as ast.Choice).values.map(plain)]), [
            ['kernel', [3, 5, 7]],
            ['expand', [3, 6]],
            ['se', [false, true]],
        ]);
        assert.deepEqual([width.name, (width.domain as ast.Choice).values.map(plain)], ['width', [0.75, 1.0, 1.25]]);
    });

    test('hyperparameters: distributions with positional and named arguments, and a condition', () => {
        const members = byName<ast.Space>('Training').members as ast.Dimension[];
        const show = (d: ast.Dimension) => (ast.isChoice(d.domain) ? ['choice', d.domain.values.map(plain)] : [(d.domain as ast.Distribution).kind, (d.domain as ast.Distribution).args.map((a) => [a.name, plain(a.value)])]);
        assert.deepEqual(members.map((m) => [m.name, ...show(m)]), [
            ['optimizer', 'choice', ['"sgd"', '"adam"']],
            ['lr', 'loguniform', [[undefined, 1e-4], [undefined, 1e-1]]],
            ['momentum', 'uniform', [[undefined, 0.8], [undefined, 0.99]]],
            ['batch', 'choice', [64, 128, 256]],
            ['epochs', 'randint', [[undefined, 10], [undefined, 200], ['step', 10]]],
            ['dropout', 'quniform', [[undefined, 0.0], [undefined, 0.5], [undefined, 0.1]]],
        ]);
        const condition = members[2].condition as ast.Comparison;
        assert.equal(condition.param.ref, members[0]);
        assert.equal(condition.operator, '==');
        assert.deepEqual(plain(condition.value!), '"sgd"');
    });

    test('composition: dimensions whose domain is another space', () => {
        const members = byName<ast.Space>('Joint').members as ast.Dimension[];
        assert.deepEqual(members.map((m) => [m.name, m.space?.ref?.name]), [
            ['arch', 'NB201'],
            ['train', 'Training'],
        ]);
    });

    test('constraints with unit suffixes', () => {
        const constraints = byName<ast.Space>('Small').members.filter(ast.isConstraint);
        assert.deepEqual(constraints.map((c) => [c.metric, c.op, plain(c.value)]), [
            ['flops', '<=', 'q:100M'],
            ['params', '<=', 'q:1.0M'],
        ]);
    });

    test('evaluators: kinds, arguments and settings', () => {
        const show = (e: ast.Evaluator) => [e.kind, e.args.map((a) => plain(a.value)), settings(e)];
        assert.deepEqual(show(byName<ast.Evaluator>('c10')), ['table', ['"../data/nb201/nb201.csv"'], [['key', ['arch', 'as', 'nb201']], ['metric', ['c10_val_naslib']], ['report', ['c10_test']]]]);
        assert.deepEqual(show(byName<ast.Evaluator>('zc')), ['proxy', ['synflow'], [['batch', [64]]]]);
        assert.deepEqual(show(byName<ast.Evaluator>('fm')), ['train', ['fashion_mnist'], [['epochs', [1]], ['batch', [128]]]]);
        assert.deepEqual(show(byName<ast.Evaluator>('mine')), ['command', ['"python3 train.py --arch {arch}"'], [['parallel', [2]], ['timeout', ['q:30m']]]]);
    });

    test('policies: kind, space reference, multi-value settings and calls', () => {
        const lissnas = byName<ast.Policy>('Lissnas');
        assert.equal(lissnas.kind, 'lissnas');
        assert.equal(lissnas.space.ref, byName('NB201'));
        assert.deepEqual(settings(lissnas), [
            ['evaluate', 'c10'],
            ['sample', [100]],
            ['seeds', ['top', 10]],
            ['neighbors', ['distance', 1]],
            ['stop', [{ call: 'plateau', args: [['patience', 1], ['delta', 0.05]] }]],
            ['max_iterations', [10]],
            ['seed', [42]],
        ]);
        assert.equal((lissnas.settings[0] as ast.EvaluateSetting).evaluator.ref, byName('c10'));
        assert.deepEqual(settings(byName<ast.Policy>('ABS')), [['evaluate', 'c10'], ['sample', [200]], ['keep', [2, 'per', 'edge']]]);
        assert.deepEqual(settings(byName<ast.Policy>('Random')), [['keep', ['q:5%']], ['seed', [42]]]);
    });

    test('searches: a policy or a space as target', () => {
        const rea = byName<ast.Search>('REA');
        assert.equal(rea.kind, 'evolution');
        assert.equal(rea.target.ref, byName('Lissnas'));
        assert.deepEqual(settings(rea), [['evaluate', 'c10'], ['population', [20]], ['tournament', [5]], ['budget', [100]]]);
        assert.equal(byName<ast.Search>('REA_full').target.ref, byName('NB201'));
        assert.deepEqual(settings(byName<ast.Search>('RS')), [['evaluate', 'c10'], ['budget', [100]]]);
    });
});

describe('parser: constructs beyond the tour', () => {
    test('imports, explicit edges, comments', () => {
        const { model, errors } = parse('import "a.nas";\nimport \'b.nas\'\n/* block */ space S { cell { nodes 3; edges [0->1, 1->2, 0->2]; ops [none] } } // end\n');
        assert.deepEqual(errors, []);
        assert.deepEqual(model.imports.map((i) => i.path), ['a.nas', 'b.nas']);
        const edges = ((model.declarations[0] as ast.Space).members[0] as ast.Cell).settings[1] as ast.EdgesSetting;
        assert.deepEqual(edges.edges.map((e) => [e.from, e.to]), [[0, 1], [1, 2], [0, 2]]);
    });

    test('conditions: in, not in, !=, and/or with precedence and parentheses', () => {
        const { model, errors } = parse('space S { a choice [1, 2]; b choice ["x", "y"]; c uniform(0, 1) when a in [1] and (b not in ["x"] or a != 2) }');
        assert.deepEqual(errors, []);
        const condition = ((model.declarations[0] as ast.Space).members[2] as ast.Dimension).condition as ast.BinaryCondition;
        assert.equal(condition.operator, 'and');
        const left = condition.left as ast.Comparison;
        assert.deepEqual([left.operator, left.negated, left.list?.items.map(plain)], ['in', false, [1]]);
        const right = condition.right as ast.BinaryCondition;
        assert.equal(right.operator, 'or');
        const notIn = right.left as ast.Comparison;
        assert.deepEqual([notIn.operator, notIn.negated], ['in', true]);
        assert.equal((right.right as ast.Comparison).operator, '!=');
    });

    test('setting keys and distribution names are usable as names', () => {
        const { model, errors } = parse('space S { batch choice [1]; uniform choice [2]; cell normal { nodes 2; ops [none] } }');
        assert.deepEqual(errors, []);
        assert.deepEqual((model.declarations[0] as ast.Space).members.map((m) => (m as ast.Dimension).name), ['batch', 'uniform', 'normal']);
    });

    test('quantities: every unit suffix, and negative / exponent numbers', () => {
        const { model, errors } = parse('space S { x choice [1K, 2M, 3G, 4%, 5ms, 6s, 7m, 8h, -1.5, 2e-3] }');
        assert.deepEqual(errors, []);
        const values = (((model.declarations[0] as ast.Space).members[0] as ast.Dimension).domain as ast.Choice).values.map(plain);
        assert.deepEqual(values, ['q:1K', 'q:2M', 'q:3G', 'q:4%', 'q:5ms', 'q:6s', 'q:7m', 'q:8h', -1.5, 2e-3]);
    });
});

describe('parser: error recovery', () => {
    test('an error in one declaration still yields the later declarations', () => {
        const { model, errors } = parse('space A { x choice [1, 2 }\nspace B { y choice [3] }\nevaluator e = proxy(synflow)\n');
        assert.equal(errors.length > 0, true);
        assert.deepEqual(model.declarations.map((d) => d.name), ['A', 'B', 'e']);
    });

    test('a broken setting line keeps the rest of the document', () => {
        const { model, errors } = parse('evaluator e = proxy(synflow) { batch = 3 }\npolicy P = lissnas(S) { sample 10 }\nsearch R = random(S) { budget 5 }\n');
        assert.ok(errors.length > 0);
        assert.deepEqual(model.declarations.map((d) => `${d.$type} ${d.name}`), ['Evaluator e', 'Policy P', 'Search R']);
        assert.deepEqual(settings(model.declarations[2] as ast.Search), [['budget', [5]]]);
    });

    test('a syntax error is reported at the offending token, and later declarations are still validated', async () => {
        const { diagnostics } = await check('space A { cell { nodes } }\nspace B { x choice [] }\n');
        assert.deepEqual(diagnostics.filter((d) => d.startsWith('[2:')), ['[2:13] empty choice: give at least one value']);
        assert.ok(diagnostics.some((d) => d.startsWith('[1:24] ')), diagnostics.join('\n'));
    });

    test('garbage between declarations is reported and skipped', () => {
        const { model, errors } = parse('space A { x choice [1] }\n@@@ 42\nspace B { y choice [2] }\n');
        assert.ok(errors.length > 0);
        assert.deepEqual(model.declarations.map((d) => d.name), ['A', 'B']);
    });
});
