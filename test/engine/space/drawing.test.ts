import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDocuments } from '../../../dsl/load.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { drawGenotype } from '../../../engine/space/drawing.js';
import { nb201Space } from '../../../engine/space/nb201.js';
import { ShrunkSpace } from '../../../engine/space/shrunk.js';
import type { SearchSpace } from '../../../engine/space/types.js';
import type { DocumentSpec } from '../../../engine/spec.js';
import { PocketMapCheck } from '../../../protocol/pocket-map.js';

// The spaces of examples/tour.nas, read by the real parser: every space kind the language has.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let doc: DocumentSpec;
const space = (name: string): SearchSpace => compileSpace(doc.spaces.find((s) => s.name === name)!);

before(async () => {
    const [loaded] = await loadDocuments([join(ROOT, 'examples', 'tour.nas')]);
    assert.equal(loaded.hasErrors, false);
    doc = loaded.spec;
});

/** A drawing must pass the wire check: one map point holding it. */
function assertWireShape(drawing: unknown): void {
    const map = {
        format: 'lissnas-map/1',
        command: 'shrink',
        name: 'p',
        space: 's',
        embedding: { method: 'classical-mds', landmarks: 1, explained: 1 },
        points: [{ key: 'k', arch: 'a', x: 0, y: 0, member: true, drawing }],
        pockets: [],
    };
    assert.equal(PocketMapCheck.problem(map), undefined);
}

describe('drawGenotype', () => {
    test('NB201 cell: 4 nodes, one edge per genotype position labelled with its op (none kept)', () => {
        const nb201 = nb201Space();
        const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
        const d = drawGenotype(nb201, nb201.parse(arch));
        assert.equal(d.tables.length, 0);
        assert.equal(d.graphs.length, 1);
        assert.deepEqual(d.graphs[0].nodes.map((n) => n.id), ['0', '1', '2', '3']);
        assert.deepEqual(d.graphs[0].edges, [
            { from: '0', to: '1', label: 'nor_conv_3x3' },
            { from: '0', to: '2', label: 'nor_conv_3x3' },
            { from: '1', to: '2', label: 'avg_pool_3x3' },
            { from: '0', to: '3', label: 'skip_connect' },
            { from: '1', to: '3', label: 'nor_conv_3x3' },
            { from: '2', to: '3', label: 'skip_connect' },
        ]);
        const withNone = drawGenotype(nb201, nb201.parse('|none~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|'));
        assert.deepEqual(withNone.graphs[0].edges.map((e) => e.label), ['none', 'none', 'none', 'none', 'none', 'avg_pool_3x3']);
        assertWireShape(d);
    });

    test('the tour NB201 (parsed from examples/tour.nas) draws the same cell as the built-in one', () => {
        const s = space('NB201');
        const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
        assert.deepEqual(drawGenotype(s, s.parse(arch)), drawGenotype(nb201Space(), nb201Space().parse(arch)));
    });

    test('DARTS: normal and reduce cells as two graphs with the picked inputs and ops', () => {
        const s = space('DARTS');
        const normal = '|sep_conv_3x3~0|sep_conv_5x5~1|+|skip_connect~0|dil_conv_3x3~2|+|max_pool_3x3~1|avg_pool_3x3~3|+|sep_conv_3x3~2|skip_connect~4|';
        const reduce = '|max_pool_3x3~0|max_pool_3x3~1|+|skip_connect~1|max_pool_3x3~2|+|dil_conv_5x5~0|skip_connect~3|+|avg_pool_3x3~0|sep_conv_5x5~1|';
        const d = drawGenotype(s, s.parse(`normal={${normal}};reduce={${reduce}}`));
        assert.deepEqual(d.graphs.map((g) => g.title), ['normal', 'reduce']);
        const [n, r] = d.graphs;
        assert.deepEqual(n.nodes.map((x) => x.label), ['in 0', 'in 1', '2', '3', '4', '5', 'out']);
        // Node 2 picks 0 and 1; node 5 picks 2 and 4; every intermediate node feeds the output (concatenation).
        assert.deepEqual(n.edges.slice(0, 2), [
            { from: '0', to: '2', label: 'sep_conv_3x3' },
            { from: '1', to: '2', label: 'sep_conv_5x5' },
        ]);
        assert.deepEqual(n.edges.slice(6, 8), [
            { from: '2', to: '5', label: 'sep_conv_3x3' },
            { from: '4', to: '5', label: 'skip_connect' },
        ]);
        assert.deepEqual(n.edges.slice(8).map((e) => `${e.from}->${e.to}:${e.label ?? ''}`), ['2->out:', '3->out:', '4->out:', '5->out:']);
        assert.equal(n.edges.length, 4 * 2 + 4);
        assert.deepEqual(r.edges.filter((e) => e.label).map((e) => e.label), [
            'max_pool_3x3', 'max_pool_3x3', 'skip_connect', 'max_pool_3x3', 'dil_conv_5x5', 'skip_connect', 'avg_pool_3x3', 'sep_conv_5x5',
        ]);
        assertWireShape(d);
    });

    test('graph space: the pruned graph (nodes off every input->output path and their edges dropped)', () => {
        const s = space('NB101');
        // 7 nodes; ops of inner nodes 1..5; rows: 0->1, 0->2, 1->6, 2->3 (3 is a dead end: it reaches nothing), 4->5 (unreachable), 5->6.
        const g = s.parse('conv3x3_bn_relu,conv1x1_bn_relu,maxpool3x3,conv3x3_bn_relu,conv1x1_bn_relu:110000|00001|1000|000|10|1');
        const d = drawGenotype(s, g);
        assert.equal(d.graphs.length, 1);
        const graph = d.graphs[0];
        assert.deepEqual(graph.nodes, [
            { id: '0', label: 'input' },
            { id: '1', label: 'conv3x3_bn_relu' },
            { id: '6', label: 'output' },
        ]);
        assert.deepEqual(graph.edges, [
            { from: '0', to: '1' },
            { from: '1', to: '6' },
        ]);
        assertWireShape(d);
    });

    test('chain (+ a hyperparameter): a layer table, one row per layer with its choices, and a name/value table', () => {
        const s = space('Mobile');
        const layers = Array.from({ length: 20 }, (_, i) => `kernel=${[3, 5, 7][i % 3]};expand=${i % 2 ? 6 : 3};se=${i === 19}`).join('|');
        const d = drawGenotype(s, s.parse(`layers={${layers}};width=1.25`));
        assert.equal(d.graphs.length, 0);
        assert.deepEqual(d.tables.map((t) => t.title), ['hyperparameters', 'layers']);
        assert.deepEqual(d.tables[0].rows, [['width', '1.25']]);
        const table = d.tables[1];
        assert.deepEqual(table.columns, ['layer', 'kernel', 'expand', 'se']);
        assert.equal(table.rows.length, 20);
        assert.deepEqual(table.rows[0], ['0', '3', '3', 'false']);
        assert.deepEqual(table.rows[1], ['1', '5', '6', 'false']);
        assert.deepEqual(table.rows[19], ['19', '5', '6', 'true']);
        assertWireShape(d);
    });

    test('hyperparameters: name/value rows, an inactive conditional one marked', () => {
        const s = space('Training');
        const adam = drawGenotype(s, s.parse('optimizer=adam;lr=0.001;batch=128;epochs=50;dropout=0.2'));
        assert.deepEqual(adam.tables, [
            {
                title: 'hyperparameters',
                columns: ['parameter', 'value'],
                rows: [
                    ['optimizer', 'adam'],
                    ['lr', '0.001'],
                    ['momentum', '— (inactive)'],
                    ['batch', '128'],
                    ['epochs', '50'],
                    ['dropout', '0.2'],
                ],
            },
        ]);
        const sgd = drawGenotype(s, s.parse('optimizer=sgd;lr=0.01;momentum=0.9;batch=64;epochs=10;dropout=0'));
        assert.deepEqual(sgd.tables[0].rows[2], ['momentum', '0.9']);
    });

    test('product of subspaces: each part drawn, titled by the part; constrained and shrunk spaces delegate', () => {
        const joint = space('Joint');
        const arch = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
        const d = drawGenotype(joint, joint.parse(`arch={${arch}};train={optimizer=adam;lr=0.001;batch=128;epochs=50;dropout=0.2}`));
        assert.deepEqual(d.graphs.map((g) => g.title), ['arch']);
        assert.equal(d.graphs[0].edges[2].label, 'avg_pool_3x3');
        assert.deepEqual(d.tables.map((t) => t.title), ['train']);
        assert.equal(d.tables[0].rows.length, 6);

        const small = space('Small');
        const g = small.parse('|none~0|+|skip_connect~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|');
        const expected = drawGenotype(nb201Space(), g);
        assert.deepEqual(drawGenotype(small, g).graphs[0].edges, expected.graphs[0].edges);
        const shrunk = new ShrunkSpace(small, [{ seed: g, members: [g], radius: 0 }]);
        assert.deepEqual(drawGenotype(shrunk, g).graphs[0].edges, expected.graphs[0].edges);
    });

    test('an unknown space kind is refused, not drawn as nothing', () => {
        const odd = { ...nb201Space(), name: 'odd' } as unknown as SearchSpace;
        assert.throws(() => drawGenotype(odd, [0, 0, 0, 0, 0, 0]), /no drawing for space odd/);
    });
});
