import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { flattenSpace } from '../../../engine/export/decisions.js';
import { exportSpace } from '../../../engine/export/index.js';
import { loadNasText, NO_PYTHON, runPython } from './helpers.js';

/**
 * What the tour does not hold but docs/interop.md promises: normal distributions (Optuna and Katib take a
 * range, with a warning), `and` conditions (NNI cannot nest them: unconditional, warned; Optuna and Ray keep
 * them), `!=` conditions (NNI nests them in the other branches), and a stepped randint whose low is not a
 * multiple of its step (Ray lists it instead of qrandint, which rounds to multiples).
 */
const SOURCE = `
space Edge {
  a  choice ["x", "y", "z"]
  b  choice [1, 2]
  n  normal(0, 1)
  ln lognormal(0, 0.5)
  r  randint(3, 20, step: 5)
  c  uniform(0, 1) when a == "x" and b == 2
  d  choice [true, false] when a != "x"
}
`;

async function edge() {
    const loaded = await loadNasText(SOURCE);
    assert.deepEqual(loaded.errors, []);
    return { flat: flattenSpace(loaded.spec.spaces[0]), source: 'edge.nas' };
}

describe('export: constructs beyond the tour', () => {
    test('NNI: `!=` nests in the other branches; `and` is exported unconditionally with a warning', async () => {
        const out = exportSpace('nni', await edge());
        const json = JSON.parse(out.text);
        assert.deepEqual(json.a._value.map((v: { _name: string; d?: unknown }) => [v._name, v.d !== undefined]), [['x', false], ['y', true], ['z', true]]);
        assert.ok(json.c, 'c is a top-level parameter');
        assert.ok(out.warnings.some((w) => w.construct === 'c' && w.message.includes(`NNI cannot express 'when a == "x" and b == 2'`)));
        assert.deepEqual(json.r, { _type: 'choice', _value: [3, 8, 13, 18] });
    });

    test('Optuna: normal and lognormal become uniform ranges over mu ± 3 sigma, warned', async () => {
        const out = exportSpace('optuna', await edge());
        assert.match(out.text, /trial\.suggest_float\("n", -3, 3\)/);
        assert.match(out.text, /trial\.suggest_float\("ln", 0\.22313\d*, 4\.48168\d*, log=True\)/);
        assert.deepEqual(out.warnings.map((w) => w.construct).sort(), ['ln', 'n']);
    });

    test('Optuna runs the `and` condition exactly', { skip: NO_PYTHON }, async () => {
        const out = exportSpace('optuna', await edge());
        const script = `
import json, space
class T:
    def __init__(self, fixed): self.fixed = fixed
    def suggest_categorical(self, n, c): return self.fixed.get(n, c[0])
    def suggest_int(self, n, lo, hi, step=1): return lo
    def suggest_float(self, n, lo, hi, step=None, log=False): return lo
print(json.dumps([sorted(space.suggest(T(f)).keys()) for f in [{"a": "x", "b": 2}, {"a": "x", "b": 1}, {"a": "y", "b": 2}]]))
`;
        const keys = runPython({ 'space.py': out.text }, script) as string[][];
        assert.deepEqual(keys, [['a', 'b', 'c', 'ln', 'n', 'r'], ['a', 'b', 'ln', 'n', 'r'], ['a', 'b', 'd', 'ln', 'n', 'r']]);
    });

    test('Ray: randn for normal, a listed choice for a stepped randint off the multiples, both conditions in sample_from', async () => {
        const out = exportSpace('ray', await edge());
        assert.match(out.text, /"n": tune\.randn\(0, 1\)/);
        assert.match(out.text, /"r": tune\.choice\(\[3, 8, 13, 18\]\)/);
        assert.match(out.text, /"c": tune\.sample_from\(lambda spec: random\.uniform\(0, 1\) if \(_get\(spec, "a"\) == "x" and _get\(spec, "b"\) == 2\) else None\)/);
    });

    test('Katib: normal as a range (warned), booleans as strings (warned); W&B keeps mu and sigma', async () => {
        const katib = exportSpace('katib', await edge());
        const params = parseYaml(katib.text).spec.parameters as Array<{ name: string; feasibleSpace: Record<string, unknown> }>;
        assert.deepEqual(params.find((p) => p.name === 'n')!.feasibleSpace, { min: '-3', max: '3', distribution: 'normal' });
        assert.ok(katib.warnings.some((w) => w.construct === 'n' && w.message.includes('takes a range')));
        assert.ok(katib.warnings.some((w) => w.construct === 'd' && w.message.includes('no booleans')));
        const wandb = parseYaml(exportSpace('wandb', await edge()).text);
        assert.deepEqual(wandb.parameters.n, { distribution: 'normal', mu: 0, sigma: 1 });
        assert.deepEqual(wandb.parameters.ln, { distribution: 'log_normal', mu: 0, sigma: 0.5 });
    });
});
