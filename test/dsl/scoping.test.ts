// Linking within a document: unknown names say which kind was expected and suggest the closest visible name;
// parameters and cells are scoped to their space.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectDiagnostics } from './helpers.js';
import { closestName, editDistance } from '../../dsl/scoping/closest-name.js';

describe('scoping and unknown names', () => {
    test("unknown op set suggests the closest", async () => {
        await expectDiagnostics(`ops NB201Ops { none; skip_connect }
space S { cell { nodes 4 ops NB201Op } }`, [
            "[2:30] unknown op set 'NB201Op' (did you mean 'NB201Ops'?)",
        ]);
    });

    test("unknown evaluator suggests the closest", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator c10 = proxy(synflow)
search R = random(S) { evaluate c1O; budget 10 }`, [
            "[3:33] unknown evaluator 'c1O' (did you mean 'c10'?)",
        ]);
    });

    test("unknown policy in match", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy Lissnas = lissnas(S) { evaluate e; sample 10 }
policy R = random_shrink(S) { match Lisnas }`, [
            "[4:37] unknown policy 'Lisnas' (did you mean 'Lissnas'?)",
        ]);
    });

    test("unknown search target says space or policy", async () => {
        await expectDiagnostics(`space NB201 { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
search R = random(NB210) { evaluate e; budget 10 }`, [
            "[3:19] unknown space or policy 'NB210' (did you mean 'NB201'?)",
        ]);
    });

    test("unknown cell to copy", async () => {
        await expectDiagnostics(`space S {
  cell normal { nodes 4 ops [none, skip_connect] }
  cell reduce = norml
}`, [
            "[3:17] unknown cell 'norml' (did you mean 'normal'?)",
        ]);
    });

    test("a parameter of another space is not visible in a condition", async () => {
        await expectDiagnostics(`space A { opt choice [1, 2] }
space B { y uniform(0, 1) when opt == 1 }`, [
            "[2:32] unknown parameter 'opt'",
        ]);
    });

    test("a cell of another space cannot be copied", async () => {
        await expectDiagnostics(`space A { cell normal { nodes 4 ops [none, skip_connect] } }
space B { cell reduce = normal }`, [
            "[2:25] unknown cell 'normal'",
        ]);
    });

    test("a policy name is not an evaluator", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; sample 10 }
search R = random(S) { evaluate P; budget 10 }`, [
            "[4:33] unknown evaluator 'P'",
        ]);
    });

    test("a search target may be a policy", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; sample 10 }
search R = random(P) { evaluate e; budget 10 }`, [

        ]);
    });
});

describe('closest names', () => {
    test('edit distance counts a swap of neighbours as one edit and ignores case', () => {
        assert.equal(editDistance('bacth', 'batch'), 1);
        assert.equal(editDistance('nb201', 'NB201'), 0);
        assert.equal(editDistance('kitten', 'sitting'), 3);
    });

    test('suggests only plausible typos', () => {
        assert.equal(closestName('evolutoin', ['random', 'evolution', 'local']), 'evolution');
        assert.equal(closestName('z', ['x', 'y']), undefined);
        assert.equal(closestName('foo', ['NB201', 'Training']), undefined);
        assert.equal(closestName('Lissna', ['Lissnas', 'ABS']), 'Lissnas');
    });
});
