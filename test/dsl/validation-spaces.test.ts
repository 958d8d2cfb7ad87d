// Cell and graph shapes, unreachable outputs, constraint units and satisfiability, declaration names.
// Each test pins every diagnostic of a small document: its 1-based position and its message.
import { describe, test } from 'node:test';
import { expectDiagnostics } from './helpers.js';

describe('validation: cells, graphs, constraints, spaces', () => {
    test("cell without nodes", async () => {
        await expectDiagnostics(`space S { cell { ops [none, nor_conv_3x3] } }`, [
            "[1:11] a cell needs `nodes N`",
        ]);
    });

    test("cell without ops", async () => {
        await expectDiagnostics(`space S { cell c { nodes 4 } }`, [
            "[1:16] a cell needs `ops` (an op set name or a list of ops)",
        ]);
    });

    test("cell with fewer than 2 nodes", async () => {
        await expectDiagnostics(`space S { cell { nodes 1 ops [nor_conv_3x3] } }`, [
            "[1:24] nodes (input and output included) must be a whole number >= 2, not 1",
        ]);
    });

    test("edge going backwards", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 edges [0->1, 2->1, 1->3] ops [nor_conv_3x3] } }`, [
            "[1:39] edge 2 -> 1 goes backwards: edges go from a lower to a higher node",
        ]);
    });

    test("edge out of range", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 edges [0->1, 1->4] ops [nor_conv_3x3] } }`, [
            "[1:42] edge 1 -> 4 is out of range: nodes are 0..3",
        ]);
    });

    test("duplicate edge", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 edges [0->1, 1->3, 0->1] ops [nor_conv_3x3] } }`, [
            "[1:45] duplicate edge 0 -> 1",
        ]);
    });

    test("explicit edges never reach the output", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 edges [0->1, 0->2, 1->2] ops [nor_conv_3x3] } }`, [
            "[1:26] the output node 3 is unreachable from the input node 0 through these edges, for every choice of ops",
        ]);
    });

    test("inline ops all none", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none] } }`, [
            "[1:26] every op of this cell is 'none': the output is unreachable for every choice",
        ]);
    });

    test("op set whose ops are all zero", async () => {
        await expectDiagnostics(`ops Z { none; nothing = zero }
space S { cell { nodes 4 ops Z } }`, [
            "[2:30] every op of this cell is 'none': the output is unreachable for every choice",
        ]);
    });

    test("DARTS pick exceeds predecessors", async () => {
        await expectDiagnostics(`space S { cell { inputs 2 nodes 4 pick 3 ops [sep_conv_3x3] } }`, [
            "[1:40] pick 3 exceeds the 2 predecessors of the first intermediate node (it can only pick among the 2 inputs)",
        ]);
    });

    test("DARTS cell with edges", async () => {
        await expectDiagnostics(`space S { cell { inputs 2 nodes 4 pick 2 edges all ops [sep_conv_3x3] } }`, [
            "[1:42] a DARTS-style cell (inputs/pick) chooses its own edges: remove `edges`",
        ]);
    });

    test("setting given twice in a cell", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 nodes 5 ops [none, nor_conv_3x3] } }`, [
            "[1:26] `nodes` is given twice",
        ]);
    });

    test("copy of a copy", async () => {
        await expectDiagnostics(`space S {
  cell a { nodes 4 ops [nor_conv_3x3] }
  cell b = a
  cell c = b
}`, [
            "[4:12] 'b' is itself a copy: copy the cell that has a body",
        ]);
    });

    test("graph without max_nodes", async () => {
        await expectDiagnostics(`space S { graph { max_edges 9 ops [maxpool3x3] } }`, [
            "[1:11] a graph needs `max_nodes N` (input and output included)",
        ]);
    });

    test("graph with fewer than 2 nodes", async () => {
        await expectDiagnostics(`space S { graph { max_nodes 1 ops [maxpool3x3] } }`, [
            "[1:29] max_nodes must be a whole number >= 2 (input and output), not 1",
        ]);
    });

    test("graph with more edges than a DAG allows warns", async () => {
        await expectDiagnostics(`space S { graph { max_nodes 4 max_edges 9 ops [maxpool3x3] } }`, [
            "[1:41] (warning) max_edges 9 exceeds the 6 edges a DAG on 4 nodes can have",
        ]);
    });

    test("unknown constraint metric", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [nor_conv_3x3] } constraint latency <= 10 }`, [
            "[1:58] unknown constraint metric 'latency'; expected flops or params",
        ]);
    });

    test("flops compared with a time", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [nor_conv_3x3] } constraint flops <= 100ms }`, [
            "[1:67] '100ms' is a time in milliseconds: flops is a count; use K, M or G",
        ]);
    });

    test("params in minutes", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [nor_conv_3x3] } constraint params <= 30m }`, [
            "[1:68] '30m' is a time in minutes: params is a count; use K, M or G (for millions write 30M)",
        ]);
    });

    test("params compared with a percentage", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [nor_conv_3x3] } constraint params <= 5% }`, [
            "[1:68] '5%' is a percentage: params needs a count (a number, optionally with K, M or G)",
        ]);
    });

    test("constraints no architecture satisfies", async () => {
        await expectDiagnostics(`ops O { none; skip_connect = identity; c = relu_conv_bn(kernel: 3) }
space S {
  cell { nodes 4 ops O }
  network { stem 16 }
  constraint flops <= 1K
}`, [
            "[5:23] no architecture of space 'S' satisfies flops <= 1K",
        ]);
    });

    test("spaces containing each other", async () => {
        await expectDiagnostics(`space A { x B }
space B { y A }`, [
            "[1:13] space 'A' contains itself: A -> B -> A",
            "[2:13] space 'B' contains itself: B -> A -> B",
        ]);
    });

    test("layer chain with 0 layers", async () => {
        await expectDiagnostics(`space A { layers 0 { k choice [1] } }`, [
            "[1:18] a layer chain needs a whole number of layers >= 1, not 0",
        ]);
    });

    test("duplicate space", async () => {
        await expectDiagnostics(`space A { x choice [1] }
space A { y choice [2] }`, [
            "[2:7] duplicate space 'A': first declared on line 1",
        ]);
    });

    test("space and policy with the same name", async () => {
        await expectDiagnostics(`space A { x choice [1] }
policy A = random_shrink(A) { keep 5% }`, [
            "[2:8] 'A' names both a space and a policy (searches could not tell them apart): first declared on line 1",
        ]);
    });

    test("unknown space", async () => {
        await expectDiagnostics(`space S { x NB201 }`, [
            "[1:13] unknown space 'NB201'",
        ]);
    });

    test("unknown space suggests the closest name", async () => {
        await expectDiagnostics(`space NB201 { x choice [1] }
space S { x nb201 }`, [
            "[2:13] unknown space 'nb201' (did you mean 'NB201'?)",
        ]);
    });
});
