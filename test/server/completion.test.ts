import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectCompletion, parseHelper } from 'langium/test';
import { CompletionItemKind, type CompletionList } from 'vscode-languageserver';
import { examplesUri, Nas } from './services.js';

const complete = expectCompletion(Nas);
// Documents live in examples/ so that `table("../data/nb201/nb201.csv")` resolves to the real benchmark file.
let id = 0;
const inExamples = () => ({ documentUri: examplesUri(`completion-${id++}.nas`) });

/** Asserts the exact labels offered at the first `<|>` (order-insensitive). */
async function offers(text: string, expected: string[]): Promise<void> {
    await complete({
        text,
        index: 0,
        parseOptions: inExamples(),
        assert: (list: CompletionList) => assert.deepEqual(list.items.map((i) => i.label).sort(), [...expected].sort()),
    });
}

const NB201_COLUMNS = ['index', 'arch', 'ops', 'c10_test', 'c100_test', 'in16_test', 'c10_val_naslib', 'c100_val_naslib', 'in16_val_naslib',
    'c10_params_m', 'c100_params_m', 'in16_params_m', 'c10_flops_m', 'c100_flops_m', 'in16_flops_m'];

describe('completion', () => {
    test('top-level keywords (Langium default), without the setting keys the grammar also accepts as names', async () => {
        await offers('<|>', ['import', 'ops', 'space', 'evaluator', 'policy', 'search']);
    });

    test('space members, cell settings, domains after a parameter name', async () => {
        await offers('space S {\n  <|>\n}', ['cell', 'graph', 'network', 'layers', 'constraint']);
        await offers('space S { cell { nodes 4; <|> } }', ['nodes', 'edges', 'ops', 'inputs', 'pick']);
        await offers('space S { layers 3 { k <|> } }', ['choice', 'uniform', 'loguniform', 'quniform', 'qloguniform', 'normal', 'lognormal', 'qnormal', 'qlognormal', 'randint', 'S']);
        await offers('space S {\n  constraint <|>\n}', ['flops', 'params']);
    });

    test('evaluator, policy and search kinds after `=`', async () => {
        await offers('evaluator e = <|>', ['table', 'proxy', 'train', 'command']);
        await offers('space S { x choice [1] }\npolicy p = <|>', ['lissnas', 'op_pruning', 'random_shrink']);
        await offers('space S { x choice [1] }\nsearch s = <|>', ['random', 'evolution', 'local']);
    });

    test('references: spaces for policies, spaces and policies for searches, evaluators after `evaluate`', async () => {
        const declarations = 'space S { x choice [1] }\nspace T { y choice [2] }\nevaluator e = proxy(synflow)\nevaluator f = proxy(snip)\npolicy P = lissnas(S) { evaluate e }\n';
        await offers(`${declarations}policy Q = lissnas(<|>)`, ['S', 'T']);
        await offers(`${declarations}search R = random(<|>)`, ['S', 'T', 'P']);
        await offers(`${declarations}search R = random(S) { evaluate <|> }`, ['e', 'f']);
        await complete({
            text: `${declarations}search R = random(<|>)`,
            index: 0,
            assert: (list) => {
                assert.equal(list.items.find((i) => i.label === 'S')?.kind, CompletionItemKind.Struct);
                assert.equal(list.items.find((i) => i.label === 'P')?.kind, CompletionItemKind.Event);
            },
        });
    });

    test('setting keys valid for the enclosing kind, not those already set', async () => {
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { evaluate c; sample 3; <|> }', ['seeds', 'neighbors', 'stop', 'max_iterations', 'seed']);
        await offers('space S { x choice [1] }\nsearch R = evolution(S) {\n  <|>\n}', ['evaluate', 'population', 'tournament', 'budget', 'seed']);
        await offers('evaluator e = command("x") { timeout 3s\n <|> }', ['minimize', 'maximize', 'parallel', 'retries', 'metric', 'report', 'answer', 'seed', 'executor', 'query_cost']);
        await offers('space S { network { <|> } }', ['stem', 'stages', 'cells_per_stage', 'reduction', 'strides', 'head', 'classes', 'input', 'channels']);
        // Around a cell, a chain's keys are not offered; around a layer chain, a cell skeleton's are not.
        const ops = 'ops O { none; skip_connect = identity; conv = relu_conv_bn(kernel: 3) }\n';
        await offers(`${ops}space S { cell { nodes 4 edges all ops O } network { stem 8; <|> } }`, ['stages', 'cells_per_stage', 'reduction', 'classes', 'input', 'channels']);
        await offers(`space S { layers 4 { kernel choice [3, 5] } network { <|> } }`, ['stem', 'stages', 'strides', 'head', 'classes', 'input', 'channels']);
        // Around DARTS cells: C (`stem`) and the normal cells per stage; no stages (C doubles at each reduction).
        await offers(`space S { cell n { inputs 2 nodes 2 pick 2 ops [skip_connect, sep_conv_3x3] } cell r = n network { <|> } }`, ['stem', 'cells_per_stage', 'classes', 'input', 'channels']);
        // Around a graph: NAS-Bench-101's width (`stem`), its stacks (`stages`) and cells per stack; no reduction (max pooling between stacks).
        await offers('space S { graph { max_nodes 4 max_edges 5 ops [conv3x3_bn_relu] } network { <|> } }', ['stem', 'stages', 'cells_per_stage', 'classes', 'input', 'channels']);
        await offers('space S { x choice [1] }\nsearch R = random(S) { b<|> }', ['budget', 'batch']);
    });

    test('column names of the table file after metric, report and key; key formats after `as`', async () => {
        const table = 'evaluator e = table("../data/nb201/nb201.csv") {\n';
        await offers(`${table}  metric <|>\n}`, NB201_COLUMNS);
        // A typed prefix narrows the columns (Langium's fuzzy matcher).
        await offers(`${table}  key arch\n  report c10<|>\n}`, NB201_COLUMNS.filter((c) => c.startsWith('c10')));
        await offers(`${table}  key <|>\n}`, NB201_COLUMNS);
        await offers(`${table}  key arch as <|>\n}`, ['nb201', 'digits']);
        await offers('evaluator e = table("missing.csv") {\n  metric <|>\n}', []);
    });

    test('op names inside `ops [...]`: op sets in scope and the catalogue, not those already listed', async () => {
        await offers('ops O { a; b }\nspace S { cell { nodes 4; ops [<|>] } }', ['a', 'b', 'none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3',
            'conv3x3_bn_relu', 'conv1x1_bn_relu', 'maxpool3x3', 'max_pool_3x3', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5']);
        await complete({
            text: 'space S { cell { nodes 4; ops [none, skip_connect, <|>] } }',
            index: 0,
            assert: (list) => {
                const labels = list.items.map((i) => i.label);
                assert.ok(!labels.includes('none') && !labels.includes('skip_connect'));
                assert.ok(labels.includes('nor_conv_3x3'));
                assert.equal(list.items.find((i) => i.label === 'nor_conv_3x3')?.detail, 'relu_conv_bn(kernel: 3) (NB201)');
            },
        });
    });

    test('op names of imported op sets, and only of imported ones', async () => {
        await parseHelper(Nas)('ops Shared { p = identity; q }', { documentUri: examplesUri('completion-shared-ops.nas') });
        const labels = async (text: string, uri: string) => {
            let result: string[] = [];
            await complete({ text, index: 0, parseOptions: { documentUri: uri }, assert: (list) => { result = list.items.map((i) => i.label); } });
            return result;
        };
        const importing = await labels('import "completion-shared-ops.nas"\nspace S { cell { nodes 3; ops [<|>] } }', examplesUri('completion-importer.nas'));
        assert.ok(importing.includes('p') && importing.includes('q'), importing.join(' '));
        const other = await labels('space S { cell { nodes 3; ops [<|>] } }', examplesUri('completion-other.nas'));
        assert.ok(!other.includes('p') && !other.includes('q'), other.join(' '));
    });

    test('proxy names, datasets, words of word-valued settings, stop conditions', async () => {
        await offers('evaluator e = proxy(<|>)', ['synflow', 'naswot', 'grad_norm', 'jacob_cov', 'snip', 'fisher', 'params', 'flops']);
        await offers('evaluator e = train(f<|>)', ['fashion_mnist']);
        await offers('space S { network { reduction <|> } }', ['resnet', 'cell']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { stop <|> }', ['plateau']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { seeds <|> }', ['top']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { neighbors <|> }', ['distance', 'count']);
        await offers('space S { x choice [1] }\nsearch L = local(S) { neighbors <|> }', ['distance']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { sample 1% <|> }', ['min', 'max']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { sample 1% min 20 <|> }', ['max']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { sample 1% max 200 m<|> }', ['min']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { seeds top 10 <|> }', ['apart']);
        await offers('space S { x choice [1] }\npolicy P = lissnas(S) { seeds top 5% a<|> }', ['apart']);
        await offers('evaluator e = command("x") { answer <|> }', ['json', 'last_number']);
        await offers('evaluator e = command("x") { executor <|> }', ['local', 'slurm']);
    });
});
