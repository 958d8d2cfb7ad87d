import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EmptyFileSystem, URI } from 'langium';
import { loadDocument } from '../../dsl/load.js';
import { compileModel } from '../../dsl/compile.js';
import { createNasServices } from '../../dsl/nas-module.js';
import type { Model } from '../../dsl/generated/ast.js';
import type { ParamSpec, SpaceSpec } from '../../engine/spec.js';

const tour = join(import.meta.dirname, '..', '..', 'examples', 'tour.nas');

async function compileText(text: string) {
    const { shared } = createNasServices(EmptyFileSystem);
    const doc = shared.workspace.LangiumDocumentFactory.fromString(text, URI.file('/mem/test.nas'));
    shared.workspace.LangiumDocuments.addDocument(doc);
    await shared.workspace.DocumentBuilder.build([doc]);
    return compileModel(doc.parseResult.value as Model, '/mem/test.nas');
}

function space(spaces: SpaceSpec[], name: string): SpaceSpec {
    const found = spaces.find((s) => s.name === name);
    assert.ok(found, `space ${name}`);
    return found;
}

describe('compile: the tour', async () => {
    const loaded = await loadDocument(tour);

    test('checks without errors', () => {
        assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
    });

    test('NB201 cell: 4 nodes, 6 edges ordered by target then source, 5 ops with implementations', () => {
        const nb201 = space(loaded.spec.spaces, 'NB201');
        const cell = nb201.components[0];
        assert.equal(cell.kind, 'cell');
        if (cell.kind !== 'cell') return;
        assert.deepEqual(cell.edges, [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]]);
        assert.deepEqual(cell.ops.map((o) => o.name), ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
        assert.deepEqual(cell.ops[3], { name: 'nor_conv_3x3', impl: 'relu_conv_bn', args: { kernel: 3 } });
        // `written`: the keys the tour's block writes (a layer chain would take MobileNetV2's values for the others).
        assert.deepEqual(nb201.network, {
            stem: 16,
            stages: [16, 32, 64],
            cellsPerStage: 5,
            reduction: 'resnet',
            classes: 10,
            inputSize: 32,
            inputChannels: 3,
            written: ['stem', 'stages', 'cells_per_stage', 'reduction', 'classes'],
        });
    });

    test('DARTS: two independent DARTS cells, the copy named after itself', () => {
        const darts = space(loaded.spec.spaces, 'DARTS');
        assert.deepEqual(darts.components.map((c) => [c.kind, c.name]), [['darts', 'normal'], ['darts', 'reduce']]);
        const reduce = darts.components[1];
        assert.ok(reduce.kind === 'darts' && reduce.inputs === 2 && reduce.nodes === 4 && reduce.pick === 2 && reduce.ops.length === 7);
    });

    test('hyperparameters: domains and conditions', () => {
        const training = space(loaded.spec.spaces, 'Training');
        const byName = new Map(training.components.map((c) => [c.name, c as ParamSpec]));
        assert.deepEqual(byName.get('optimizer')?.domain, { type: 'choice', values: ['sgd', 'adam'] });
        assert.deepEqual(byName.get('lr')?.domain, { type: 'loguniform', low: 1e-4, high: 1e-1 });
        assert.deepEqual(byName.get('momentum')?.when, { op: '==', param: 'optimizer', value: 'sgd' });
        assert.deepEqual(byName.get('epochs')?.domain, { type: 'randint', low: 10, high: 200, step: 10, highInclusive: false });
        assert.deepEqual(byName.get('dropout')?.domain, { type: 'quniform', low: 0, high: 0.5, q: 0.1 });
    });

    test('chains, products and constraints in base units', () => {
        const mobile = space(loaded.spec.spaces, 'Mobile');
        assert.equal(mobile.components[0].kind === 'chain' && mobile.components[0].layers, 20);
        const joint = space(loaded.spec.spaces, 'Joint');
        assert.deepEqual(joint.components.map((c) => [c.kind, c.name]), [['subspace', 'arch'], ['subspace', 'train']]);
        const small = space(loaded.spec.spaces, 'Small');
        assert.deepEqual(small.constraints, [
            { metric: 'flops', op: '<=', value: 100e6 },
            { metric: 'params', op: '<=', value: 1e6 },
        ]);
    });

    test('evaluators, policies and searches keep their settings and references', () => {
        const c10 = loaded.spec.evaluators.find((e) => e.name === 'c10');
        assert.equal(c10?.kind, 'table');
        assert.deepEqual(c10?.args, [{ name: undefined, value: { kind: 'string', value: '../data/nb201/nb201.csv' } }]);
        assert.equal(c10?.sourceFile, tour);
        const lissnas = loaded.spec.policies.find((p) => p.name === 'Lissnas');
        assert.equal(lissnas?.evaluator, 'c10');
        assert.equal(lissnas?.space.name, 'NB201');
        assert.deepEqual(lissnas?.settings.find((s) => s.key === 'stop')?.values, [
            { kind: 'call', name: 'plateau', args: [{ name: 'patience', value: { kind: 'number', value: 1 } }, { name: 'delta', value: { kind: 'number', value: 0.05 } }] },
        ]);
        const random = loaded.spec.policies.find((p) => p.name === 'Random');
        assert.deepEqual(random?.settings.find((s) => s.key === 'keep')?.values, [{ kind: 'quantity', value: 5, unit: '%' }]);
        const rea = loaded.spec.searches.find((s) => s.name === 'REA');
        assert.deepEqual(rea?.target, { kind: 'policy', policy: 'Lissnas' });
        assert.equal(loaded.spec.searches.find((s) => s.name === 'RS')?.target.kind, 'space');
    });
});

describe('compile: problems are located, not thrown', () => {
    test('a space that contains itself', async () => {
        const { problems } = await compileText('space A { x A }');
        assert.deepEqual(problems.map((p) => p.message), ["space 'A' contains itself"]);
    });

    test('a cell without nodes and a distribution with a wrong argument', async () => {
        const { problems } = await compileText('space S { cell { ops [a] } lr uniform(0, 1, q: 2) }');
        assert.deepEqual(problems.map((p) => p.message), ["cell 'cell' needs `nodes N`", 'uniform has no argument \'q\'; it takes low, high']);
    });

    test('a constraint with a time unit', async () => {
        const { problems } = await compileText('space S { cell { nodes 2; ops [a] } constraint flops <= 10ms }');
        assert.deepEqual(problems.map((p) => p.message), ['`flops` is compared with a count: use a number with K, M or G (e.g. 100M)']);
    });

    test('explicit edges are put in target-then-source order', async () => {
        const { spec } = await compileText('space S { cell { nodes 4; edges [2->3, 0->1, 0->3, 1->2]; ops [a, b] } }');
        const cell = spec.spaces[0].components[0];
        assert.ok(cell.kind === 'cell');
        assert.deepEqual(cell.edges, [[0, 1], [1, 2], [0, 3], [2, 3]]);
    });
});
