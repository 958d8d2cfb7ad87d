import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { flattenSpace } from '../../../engine/export/decisions.js';
import { guessFormat, importSpace, nasText, spaceNameOf } from '../../../engine/import/index.js';
import { exportTour, loadNasText, members, PYTHON, runPython, sizes, tourSpace } from '../export/helpers.js';

/**
 * `lissnas import` on files written the way people write them for NNI, W&B, Katib and Optuna (not only on
 * lissnas's own exports): every construct with a .nas equivalent is imported, every other one is reported
 * with its location, and the produced text checks clean.
 */

async function clean(space: ReturnType<typeof importSpace>) {
    const text = nasText(space, 'test');
    const loaded = await loadNasText(text);
    assert.deepEqual(loaded.errors, [], text);
    return { text, spec: loaded.spec.spaces[0] };
}

describe('import --from nni', () => {
    test('a hand-written NNI space with nested choices, shared children and an unsupported type', async () => {
        const json = JSON.stringify({
            lr: { _type: 'loguniform', _value: [1e-5, 1e-1] },
            layers: { _type: 'randint', _value: [1, 5] },
            model: {
                _type: 'choice',
                _value: [
                    { _name: 'cnn', kernel: { _type: 'choice', _value: [3, 5] }, dropout: { _type: 'uniform', _value: [0, 0.5] } },
                    { _name: 'mlp', dropout: { _type: 'uniform', _value: [0, 0.5] } },
                    { _name: 'rnn' },
                ],
            },
            act: { _type: 'choice', _value: [[1, 2], 'relu'] },
            mix: { _type: 'mutable_layer', _value: [] },
        });
        const space = importSpace('nni', json, 'hand');
        const { text, spec } = await clean(space);
        assert.match(text, /kernel +choice \[3, 5\] when model == "cnn"/);
        assert.match(text, /dropout +uniform\(0, 0\.5\) when model in \["cnn", "mlp"\]/);
        assert.match(text, /"layers" +randint\(1, 5\)/);
        assert.deepEqual(
            space.problems.map((p) => p.location),
            ['act._value[0]', 'mix'],
        );
        assert.match(text, /\/\/ not imported: mix: _type 'mutable_layer' has no \.nas equivalent/);
        // randint [1, 5) has 4 members, model 3, kernel 2 (only under cnn): the engine counts what NNI means.
        assert.equal(sizes(spec).raw, 'continuous');
    });

    test('a child with different domains in two branches is kept once per branch, reported', async () => {
        const json = JSON.stringify({ opt: { _type: 'choice', _value: [{ _name: 'a', x: { _type: 'choice', _value: [1, 2] } }, { _name: 'b', x: { _type: 'choice', _value: [3] } }] } });
        const space = importSpace('nni', json, 'two');
        const { text } = await clean(space);
        assert.match(text, /x_opt_a +choice \[1, 2\] when opt == "a"/);
        assert.match(text, /x_opt_b +choice \[3\] when opt == "b"/);
        assert.equal(space.problems.length, 1);
        assert.match(space.problems[0].message, /several branches with different domains/);
    });
});

describe('import --from wandb', () => {
    test('a sweep with values, value, int_uniform, log_uniform (exponents), nested parameters and unsupported keys', async () => {
        const yaml = [
            'program: train.py',
            'method: bayes',
            'metric: {name: val_loss, goal: minimize}',
            'parameters:',
            '  batch_size: {values: [16, 32, 64]}',
            '  epochs: {value: 10}',
            '  layers: {distribution: int_uniform, min: 1, max: 4}',
            '  lr: {distribution: log_uniform, min: -9.21, max: -2.3}',
            '  optimizer:',
            '    parameters:',
            '      beta1: {min: 0.8, max: 0.99}',
            '  dropout: {distribution: inv_log_uniform_values, min: 0.1, max: 0.5}',
            '  act: {values: [relu, gelu], probabilities: [0.5, 0.5]}',
            '',
        ].join('\n');
        const space = importSpace('wandb', yaml, 'sweep');
        const { text, spec } = await clean(space);
        assert.match(text, /batch_size +choice \[16, 32, 64\]/);
        assert.match(text, /"epochs" +choice \[10\]/);
        assert.match(text, /"layers" +randint\(1, 4, inclusive: true\)/);
        assert.match(text, /optimizer__beta1 +uniform\(0\.8, 0\.99\)/);
        const lr = flattenSpace(spec).decisions.find((d) => d.name === 'lr')!.domain as { type: string; low: number; high: number };
        assert.equal(lr.type, 'loguniform');
        assert.ok(Math.abs(lr.low - Math.exp(-9.21)) < 1e-12);
        assert.deepEqual(
            space.problems.map((p) => `${p.location} ${p.message.split(':')[0]}`),
            ['12:27 dropout', '13:46 act'],
        );
        assert.match(space.problems[0].message, /inv_log_uniform_values' has no \.nas equivalent/);
        assert.match(space.problems[1].message, /'probabilities' has no \.nas equivalent/);
    });

    test('broken YAML is reported with its position, nothing imported', () => {
        const space = importSpace('wandb', 'parameters:\n  a: {values: [1, 2\n', 'x');
        assert.equal(space.params.length, 0);
        assert.match(space.problems[0].location, /^\d+:\d+$/);
    });
});

describe('import --from katib', () => {
    test("Katib's own random example: int, double, categorical; the objective is reported as not part of a space", async () => {
        const yaml = [
            'apiVersion: kubeflow.org/v1beta1',
            'kind: Experiment',
            'metadata: {namespace: kubeflow, name: random}',
            'spec:',
            '  objective: {type: maximize, goal: 0.99, objectiveMetricName: Validation-accuracy}',
            '  algorithm: {algorithmName: random}',
            '  parameters:',
            '    - name: lr',
            '      parameterType: double',
            '      feasibleSpace: {min: "0.01", max: "0.03"}',
            '    - name: num-layers',
            '      parameterType: int',
            '      feasibleSpace: {min: "2", max: "5"}',
            '    - name: optimizer',
            '      parameterType: categorical',
            '      feasibleSpace: {list: [sgd, adam, ftrl]}',
            '    - name: momentum',
            '      parameterType: double',
            '      feasibleSpace: {min: "0.5", max: "0.9", distribution: normal}',
            '    - name: units',
            '      parameterType: discrete',
            '      feasibleSpace: {list: ["32", "64"]}',
            '    - name: bad',
            '      parameterType: double',
            '      feasibleSpace: {list: ["1"]}',
            '',
        ].join('\n');
        const space = importSpace('katib', yaml, 'x');
        const { text, spec } = await clean(space);
        assert.match(text, /^space random \{/m);
        assert.match(text, /"lr" +uniform\(0\.01, 0\.03\)/);
        assert.match(text, /num_layers +randint\(2, 5, inclusive: true\)/);
        assert.match(text, /units +choice \[32, 64\]/);
        assert.deepEqual(space.problems.map((p) => p.location), ['5:14', '19:61', '25:22']);
        assert.match(space.problems[1].message, /normal over \[0\.5, 0\.9\] has no exact \.nas equivalent; imported as normal\(0\.7/);
        assert.match(space.problems[2].message, /needs min and max; skipped/);
        assert.equal(flattenSpace(spec).decisions.length, 5);
    });
});

/** A python3 that has Optuna (Debian's python3-optuna installs into the system python3). */
const OPTUNA_PYTHON = [PYTHON ?? 'python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0);

describe('import --from optuna-json', () => {
    test('distribution_to_json objects and strings, old and new names; a None choice is reported', async () => {
        const json = JSON.stringify({
            lr: { name: 'FloatDistribution', attributes: { low: 1e-5, high: 0.1, log: true, step: null } },
            drop: JSON.stringify({ name: 'FloatDistribution', attributes: { low: 0, high: 0.5, log: false, step: 0.1 } }),
            n: { name: 'IntDistribution', attributes: { low: 1, high: 9, log: false, step: 2 } },
            w: { name: 'IntLogUniformDistribution', attributes: { low: 1, high: 64, step: 1 } },
            act: { name: 'CategoricalDistribution', attributes: { choices: ['relu', 'tanh'] } },
            none: { name: 'CategoricalDistribution', attributes: { choices: [null, 'x'] } },
            u: { name: 'UniformDistribution', attributes: { low: 0, high: 1 } },
        });
        const space = importSpace('optuna-json', json, 'optuna');
        const { text, spec } = await clean(space);
        assert.match(text, /"lr" +loguniform\(0\.00001, 0\.1\)/);
        assert.match(text, /drop +quniform\(0, 0\.5, 0\.1\)/);
        assert.match(text, /n +randint\(1, 9, step: 2, inclusive: true\)/);
        assert.deepEqual(members(flattenSpace(spec).decisions.find((d) => d.name === 'n')!.domain), ['1', '3', '5', '7', '9']);
        assert.deepEqual(space.problems.map((p) => p.location), ['w.attributes.log', 'none.attributes.choices']);
    });

    test('round trip through real Optuna: export --to optuna, run with a RandomSampler, dump trial.distributions, import: same members and sizes', { skip: OPTUNA_PYTHON ? false : 'Optuna is not installed (Debian: apt-get install python3-optuna); the fake-trial tests in test/engine/export/optuna.test.ts still run' }, async () => {
        for (const name of ['Training', 'Mobile', 'NB201', 'DARTS', 'Joint']) {
            const { text, flat } = await exportTour('optuna', name);
            const script = `
import json, optuna
from optuna.distributions import distribution_to_json
import space
optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=1))
study.optimize(lambda trial: (space.suggest(trial), 0.0)[1], n_trials=40)
dists = {}
for t in study.trials:
    for k, d in t.distributions.items():
        dists[k] = distribution_to_json(d)
print(json.dumps(dists))
`;
            const dists = runPython({ 'space.py': text }, script, {}, OPTUNA_PYTHON) as Record<string, string>;
            assert.deepEqual(Object.keys(dists).sort(), flat.decisions.map((d) => d.name).sort(), `${name}: Optuna saw every parameter`);
            const imported = importSpace('optuna-json', JSON.stringify(dists), name);
            const { spec } = await clean(imported);
            const back = new Map(flattenSpace(spec).decisions.map((d) => [d.name, members(d.domain)]));
            for (const d of flat.decisions) {
                const id = d.name.replace(/\./g, '__');
                if (d.domain.type === 'choice' || d.domain.type === 'randint') assert.deepEqual(back.get(id), members(d.domain), `${name}: ${d.name}`);
                else assert.ok(back.has(id), `${name}: ${d.name}`);
            }
            const original = sizes(await tourSpace(name));
            assert.equal(sizes(spec).raw, original.raw, `${name}: raw size`);
        }
    });
});

describe('import without --from', () => {
    test('the format is guessed from the file: Katib by kind: Experiment, other YAML W&B, NNI by _type, Optuna by distribution names', () => {
        assert.equal(guessFormat('x.yaml', 'apiVersion: kubeflow.org/v1beta1\nkind: Experiment\n'), 'katib');
        assert.equal(guessFormat('sweep.yml', 'method: random\nparameters: {}\n'), 'wandb');
        assert.equal(guessFormat('space.json', '{"lr": {"_type": "uniform", "_value": [0, 1]}}'), 'nni');
        assert.equal(guessFormat('dists.json', '{"lr": {"name": "FloatDistribution", "attributes": {}}}'), 'optuna-json');
        assert.equal(guessFormat('other.json', '{}'), undefined);
        assert.equal(spaceNameOf('/a/b/search_space.json'), 'search_space');
        assert.equal(spaceNameOf('my-sweep.v2.yaml'), 'my_sweep_v2');
        assert.equal(spaceNameOf('2024.json'), 'S2024');
    });
});
