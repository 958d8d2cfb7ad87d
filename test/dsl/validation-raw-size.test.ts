/**
 * The validator's raw-only size (dsl/validation/space-size.ts `plainRawCount`) must equal the raw count of
 * the engine's full size computation wherever it answers, and leave constrained and conditional spaces to
 * the engine. Also: a policy's `sample` is still checked against that size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { check } from './helpers.js';
import * as ast from '../../dsl/generated/ast.js';
import { compileSpace } from '../../dsl/compile.js';
import { plainRawCount } from '../../dsl/validation/space-size.js';
import { sizeOfSpace } from '../../engine/size/index.js';

const EXTRA = `
ops Five { none; skip_connect = identity; c1 = relu_conv_bn(kernel: 1); c3 = relu_conv_bn(kernel: 3); p3 = avg_pool(kernel: 3) }
space Empty { }
space Zero { c { nodes 4; edges all; ops Five } x choice [] }
space Continuous { lr loguniform(1e-4, 1e-1) }
space ZeroTimesContinuous { lr uniform(0, 1)  none choice [] }
space Darts { cell n { inputs 2; nodes 3; pick 2; ops [sep_conv_3x3, skip_connect] } }
space Nested { a Continuous; b Darts; k randint(1, 10, step: 3); q quniform(0, 1, 0.25) }
space Chain { layers 3 { k choice [3, 5]; e choice [1, 2, 3] } }
space Cond { o choice ["a", "b"]  m uniform(0, 1) when o == "a" }
space Constrained { arch Darts  constraint params <= 1M }
`;

test('raw-only sizes equal the engine raw counts; constrained and conditional spaces are left to the engine', async () => {
    const tour = readFileSync(resolve('examples/tour.nas'), 'utf8');
    const { model } = await check(tour + EXTRA);
    const answered: string[] = [];
    const left: string[] = [];
    for (const space of model.declarations.filter(ast.isSpace)) {
        const spec = compileSpace(space);
        const raw = plainRawCount(spec);
        if (raw === undefined) {
            left.push(space.name);
            continue;
        }
        answered.push(space.name);
        assert.equal(raw, sizeOfSpace(spec, { workLimit: 200_000 }).raw, space.name);
    }
    // Training and Cond have a `when`; Joint holds Training; Small and Constrained have constraints.
    assert.deepEqual(left.sort(), ['Cond', 'Constrained', 'Joint', 'Small', 'Training']);
    assert.deepEqual(answered.sort(), ['Chain', 'Continuous', 'DARTS', 'Darts', 'Empty', 'Mobile', 'NB101', 'NB201', 'Nested', 'Zero', 'ZeroTimesContinuous']);
});

test('sample larger than the space is still reported, from the raw count', async () => {
    const { diagnostics } = await check(`space S { x choice [1, 2, 3]  y randint(0, 4) }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; sample 13; seeds top 1 }
policy Q = lissnas(S) { evaluate e; sample 12; seeds top 1 }`);
    assert.deepEqual(diagnostics.filter((d) => d.includes('sample')), ["[3:44] sample 13 is larger than space 'S', which has 12 architectures"]);
});
