// Op implementations and names, duplicate names, choices, distributions, conditional parameters.
// Each test pins every diagnostic of a small document: its 1-based position and its message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { check, expectDiagnostics } from './helpers.js';

describe('validation: op sets, names, domains, conditions', () => {
    test("duplicate op names in an op set", async () => {
        await expectDiagnostics(`ops O {
  a = relu_conv_bn(kernel: 3)
  a = identity
}`, [
            "[3:3] duplicate op name 'a': first used on line 2",
        ]);
    });

    test("unknown op implementation kind", async () => {
        await expectDiagnostics(`ops O { x = convolution(kernel: 3) }`, [
            "[1:13] unknown op implementation 'convolution'; known: identity, skip, skip_connect, zero, none, relu_conv_bn, nor_conv, conv_bn_relu, sep_conv, dil_conv, avg_pool, max_pool, linear",
        ]);
    });

    test("implementation missing its kernel", async () => {
        await expectDiagnostics(`ops O { x = relu_conv_bn }`, [
            "[1:13] relu_conv_bn needs kernel (e.g. relu_conv_bn(kernel: 3))",
        ]);
    });

    test("implementation with an unknown argument", async () => {
        await expectDiagnostics(`ops O { x = avg_pool(kernel: 3, stride: 2) }`, [
            "[1:33] avg_pool has no argument 'stride'; it takes kernel",
        ]);
    });

    test("implementation with too many arguments", async () => {
        await expectDiagnostics(`ops O { x = identity(3) }`, [
            "[1:22] identity has too many arguments; it takes no arguments",
        ]);
    });

    test("kernel that is not a positive whole number", async () => {
        await expectDiagnostics(`ops O { x = max_pool(kernel: 0) }`, [
            "[1:30] kernel must be a positive whole number",
        ]);
    });

    test("bare op with an unknown name warns", async () => {
        await expectDiagnostics(`ops O { mystery }`, [
            "[1:9] (warning) op 'mystery' is not a known op name: say what it computes, e.g. `mystery = relu_conv_bn(kernel: 3)`",
        ]);
    });

    test("inline op nothing defines warns", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, nor_conv_3x3, my_op] } }`, [
            "[1:51] (warning) unknown op 'my_op': define it in an ops block",
        ]);
    });

    test("inline op defined in an ops block is known", async () => {
        await expectDiagnostics(`ops Mine { my_op = sep_conv(kernel: 3) }
space S { cell { nodes 4 ops [none, my_op] } }`, [

        ]);
    });

    test("duplicate inline op", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [nor_conv_3x3, nor_conv_3x3] } }`, [
            "[1:45] duplicate op 'nor_conv_3x3' in the list",
        ]);
    });

    test("inline op typo suggests the known name", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [nor_conv_3x4] } }`, [
            "[1:31] (warning) unknown op 'nor_conv_3x4': define it in an ops block (did you mean 'nor_conv_3x3'?)",
        ]);
    });

    test("empty op list", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [] } }`, [
            "[1:26] the op list is empty: a cell needs at least one op",
        ]);
    });

    test("duplicate parameter names in a space", async () => {
        await expectDiagnostics(`space S {
  x choice [1, 2]
  x choice [3]
}`, [
            "[3:3] duplicate parameter name 'x': first used on line 2",
        ]);
    });

    test("duplicate parameter names in a layer chain", async () => {
        await expectDiagnostics(`space S { layers 3 { k choice [3, 5]; k choice [7] } }`, [
            "[1:39] duplicate parameter name 'k': first used on line 1",
        ]);
    });

    test("empty choice", async () => {
        await expectDiagnostics(`space S { x choice [] }`, [
            "[1:13] empty choice: give at least one value",
        ]);
    });

    test("duplicate choice values (1 and 1.0)", async () => {
        await expectDiagnostics(`space S { x choice [1, 2, 1.0, "1"] }`, [
            "[1:27] duplicate choice value 1.0",
        ]);
    });

    test("uniform low >= high", async () => {
        await expectDiagnostics(`space S { x uniform(1, 1) }`, [
            "[1:24] uniform: low (1) must be less than high (1)",
        ]);
    });

    test("loguniform low <= 0", async () => {
        await expectDiagnostics(`space S { x loguniform(-1, 1) }`, [
            "[1:24] loguniform: low must be > 0 (a logarithm is taken), not -1",
        ]);
    });

    test("randint low >= high", async () => {
        await expectDiagnostics(`space S { x randint(5, 2) }`, [
            "[1:24] randint: low (5) must be less than high (2)",
        ]);
    });

    test("randint step <= 0", async () => {
        await expectDiagnostics(`space S { x randint(1, 10, step: -2) }`, [
            "[1:34] randint: step must be > 0, not -2",
        ]);
    });

    test("quniform q <= 0", async () => {
        await expectDiagnostics(`space S { x quniform(0, 1, 0) }`, [
            "[1:28] quniform: q must be > 0, not 0",
        ]);
    });

    test("normal sigma <= 0", async () => {
        await expectDiagnostics(`space S { x normal(0, 0) }`, [
            "[1:23] normal: sigma must be > 0, not 0",
        ]);
    });

    test("missing distribution argument", async () => {
        await expectDiagnostics(`space S { x uniform(1) }`, [
            "[1:13] uniform needs high (uniform(low, high))",
        ]);
    });

    test("extra distribution argument", async () => {
        await expectDiagnostics(`space S { x uniform(1, 2, 3) }`, [
            "[1:27] uniform takes at most 2 arguments (low, high)",
        ]);
    });

    test("unknown named distribution argument", async () => {
        await expectDiagnostics(`space S { x uniform(low: 1, hi: 2) }`, [
            "[1:29] uniform has no argument 'hi'; it takes low, high",
        ]);
    });

    test("argument given twice", async () => {
        await expectDiagnostics(`space S { x uniform(low: 1, low: 2) }`, [
            "[1:29] argument 'low' is given twice",
        ]);
    });

    test("randint bounds must be whole", async () => {
        await expectDiagnostics(`space S { x randint(1.5, 4) }`, [
            "[1:21] randint: low must be a whole number, not 1.5",
        ]);
    });

    test("condition on a later parameter", async () => {
        await expectDiagnostics(`space S {
  y uniform(0, 1) when x == 1
  x choice [1, 2]
}`, [
            "[2:24] 'y' depends on 'x', which is declared later: declare 'x' first",
        ]);
    });

    test("condition value not among the choices", async () => {
        await expectDiagnostics(`space S {
  x choice [1, 2]
  y uniform(0, 1) when x == 3
}`, [
            "[3:29] 'x' never equals 3: its choices are 1, 2",
        ]);
    });

    test("condition list value not among the choices", async () => {
        await expectDiagnostics(`space S {
  x choice ["a", "b"]
  y uniform(0, 1) when x in ["a", "c"]
}`, [
            "[3:35] 'x' never equals \"c\": its choices are \"a\", \"b\"",
        ]);
    });

    test("condition on a continuous parameter", async () => {
        await expectDiagnostics(`space S {
  x uniform(0, 1)
  y uniform(0, 1) when x == 1
}`, [
            "[3:24] a condition compares a choice parameter; 'x' is a continuous parameter",
        ]);
    });

    test("condition on an unknown parameter suggests a name", async () => {
        await expectDiagnostics(`space S {
  x choice [1]
  y uniform(0, 1) when z == 1
}`, [
            "[3:24] unknown parameter 'z'",
        ]);
    });

    test("condition on itself", async () => {
        await expectDiagnostics(`space S {
  x choice [1]
  y uniform(0, 1) when y == 1
}`, [
            "[3:24] parameter 'y' cannot depend on itself",
        ]);
    });
});

describe('validation: codes for quick fixes', () => {
    test('inverted bounds, duplicate choices, duplicate ops and backward edges carry their codes', async () => {
        const { document } = await check('space S {\n  x uniform(2, 1)\n  y choice [1, 1]\n  cell { nodes 3; edges [0->1, 2->1, 1->2]; ops [none, skip_connect, none] }\n}\n');
        const codes = (document.diagnostics ?? []).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
        assert.deepEqual(codes.sort(), ['2:16 nas.inverted-bounds', '3:16 nas.duplicate-choice', '4:32 nas.backward-edge', '4:70 nas.duplicate-op']);
    });
});
