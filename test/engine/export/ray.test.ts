import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randintValues } from '../../../engine/export/decisions.js';
import type { Domain } from '../../../engine/spec.js';
import { flattenSpace } from '../../../engine/export/decisions.js';
import { exportSpace } from '../../../engine/export/index.js';
import { exportTour, loadNasText, NO_PYTHON, pyCompile, runPython, TOUR_SPACES } from './helpers.js';

/**
 * `--to ray`: the module compiles and imports against a fake `ray.tune` package put on PYTHONPATH (its
 * sampling functions check their arguments as Ray does and return tagged domains); the driver resolves
 * `param_space` like Tune's variant generator: domains first, then `sample_from` functions, retried while
 * they read a parameter not yet resolved. Keys must be exactly the space's decisions, each choice exactly its
 * values, each integer range exactly its members; conditionals are None when their condition is false.
 */
const FAKE_TUNE = `
class Domain:
    def __init__(self, kind, *args):
        self.kind, self.args = kind, args
def choice(categories):
    assert isinstance(categories, list) and categories
    return Domain("choice", list(categories))
def randint(lower, upper):
    assert isinstance(lower, int) and isinstance(upper, int) and lower < upper
    return Domain("randint", lower, upper)
def qrandint(lower, upper, q=1):
    assert all(isinstance(x, int) for x in (lower, upper, q)) and lower <= upper
    return Domain("qrandint", lower, upper, q)
def uniform(lower, upper):
    assert lower < upper
    return Domain("uniform", lower, upper)
def loguniform(lower, upper, base=10):
    assert 0 < lower < upper
    return Domain("loguniform", lower, upper)
def quniform(lower, upper, q):
    assert lower < upper and q > 0
    return Domain("quniform", lower, upper, q)
def qloguniform(lower, upper, q, base=10):
    assert 0 < lower < upper and q > 0
    return Domain("qloguniform", lower, upper, q)
def randn(mean=0.0, sd=1.0):
    return Domain("randn", mean, sd)
def qrandn(mean, sd, q):
    return Domain("qrandn", mean, sd, q)
def sample_from(func):
    assert callable(func)
    return Domain("sample_from", func)
`;

const DRIVER = (runs: unknown[]) => `
import json, random
from ray import tune
import space

class Unresolved(Exception):
    pass

class Config(dict):
    # Like Tune's _UnresolvedAccessGuard: attribute access to a value not resolved yet raises; item access does not.
    def __init__(self, *args):
        dict.__init__(self, *args)
        self.__dict__ = self
    def __getattribute__(self, key):
        value = dict.__getattribute__(self, key)
        if isinstance(value, tune.Domain):
            raise Unresolved(key)
        return value

class Spec:
    def __init__(self, config):
        self.config = config

def pick(domain, strategy, rng):
    options = {
        "choice": lambda: domain.args[0],
        "randint": lambda: list(range(domain.args[0], domain.args[1])),
        "qrandint": lambda: list(range(domain.args[0], domain.args[1] + 1, domain.args[2])),
    }.get(domain.kind, lambda: [domain.args[0], domain.args[1]])()
    return options[0] if strategy == "first" else options[-1] if strategy == "last" else rng.choice(options)

domains = {k: {"kind": v.kind, "args": [a for a in v.args if not callable(a)]} if isinstance(v, tune.Domain) else {"kind": "constant"} for k, v in space.param_space.items()}
configs = []
for run in json.loads(${JSON.stringify(JSON.stringify(runs))}):
    rng = random.Random(run.get("seed", 0))
    random.seed(run.get("seed", 0))
    config = Config()
    for k, v in space.param_space.items():
        if k in run.get("fixed", {}):
            config[k] = run["fixed"][k]
        elif v.kind != "sample_from":
            config[k] = pick(v, run["strategy"], rng)
        else:
            config[k] = v
    for _ in range(len(config) + 1):
        # Last first: nothing may depend on Tune resolving functions in declaration order.
        for k, v in reversed(list(dict.items(config))):
            if isinstance(v, tune.Domain):
                try:
                    dict.__setitem__(config, k, v.args[0](Spec(config)))
                except Unresolved:
                    pass
    assert not any(isinstance(v, tune.Domain) for v in dict.values(config)), "unresolved sample_from"
    configs.append(dict(config))
print(json.dumps({"domains": domains, "configs": configs}))
`;

type Out = { domains: Record<string, { kind: string; args: unknown[] }>; configs: Array<Record<string, unknown>> };

function expectedMembers(d: Domain, kind: string, args: unknown[]): void {
    if (d.type === 'choice') {
        assert.equal(kind, 'choice');
        assert.deepEqual(args[0], d.values);
    } else if (d.type === 'randint') {
        const [lo, hi, q] = args as number[];
        const got = kind === 'randint' ? Array.from({ length: hi - lo }, (_, i) => lo + i) : kind === 'qrandint' ? Array.from({ length: Math.floor((hi - lo) / q) + 1 }, (_, i) => lo + i * q) : (args[0] as number[]);
        assert.deepEqual(got, randintValues(d));
    } else if (d.type === 'uniform' || d.type === 'loguniform' || d.type === 'quniform' || d.type === 'qloguniform') {
        assert.equal(kind, d.type);
        assert.deepEqual(args.slice(0, 2), [d.low, d.high]);
        if ('q' in d) assert.equal(args[2], d.q);
    }
}

describe('export --to ray', { skip: NO_PYTHON }, () => {
    const files = (text: string) => ({ 'space.py': text, 'ray/__init__.py': '', 'ray/tune/__init__.py': FAKE_TUNE });
    for (const name of TOUR_SPACES) {
        test(`${name}: compiles, imports ray.tune, and param_space holds exactly the space's decisions with their domains`, async () => {
            const { text, flat } = await exportTour('ray', name);
            pyCompile(text);
            const out = runPython(files(text), DRIVER([{ strategy: 'first' }, { strategy: 'last' }, { strategy: 'random', seed: 3 }])) as Out;
            assert.deepEqual(Object.keys(out.domains).sort(), flat.decisions.map((d) => d.name).sort());
            for (const d of flat.decisions) {
                if (d.when) assert.equal(out.domains[d.name].kind, 'sample_from', `${d.name} is conditional`);
                else expectedMembers(d.domain, out.domains[d.name].kind, out.domains[d.name].args);
            }
            for (const config of out.configs) assert.deepEqual(Object.keys(config).sort(), flat.decisions.map((d) => d.name).sort());
        });
    }

    test('Training: momentum is drawn from [0.8, 0.99] when optimizer == "sgd" and None otherwise', async () => {
        const { text } = await exportTour('ray', 'Training');
        const runs = [1, 2, 3, 4].flatMap((seed) => [{ strategy: 'random', seed, fixed: { optimizer: 'sgd' } }, { strategy: 'random', seed, fixed: { optimizer: 'adam' } }]);
        const out = runPython(files(text), DRIVER(runs)) as Out;
        out.configs.forEach((c, i) => {
            if (i % 2 === 0) assert.ok(typeof c.momentum === 'number' && c.momentum >= 0.8 && c.momentum <= 0.99, String(c.momentum));
            else assert.equal(c.momentum, null);
        });
        assert.deepEqual(out.domains.epochs, { kind: 'qrandint', args: [10, 190, 10] });
    });

    test('Joint: a conditional inside a subspace reads the prefixed parameter', async () => {
        const { text } = await exportTour('ray', 'Joint');
        const out = runPython(files(text), DRIVER([{ strategy: 'first', fixed: { 'train.optimizer': 'sgd' } }, { strategy: 'first', fixed: { 'train.optimizer': 'adam' } }])) as Out;
        assert.equal(typeof out.configs[0]['train.momentum'], 'number');
        assert.equal(out.configs[1]['train.momentum'], null);
    });

    test('a conditional on a conditional waits for it, whatever the resolution order (Tune retries sample_from functions that read unresolved values)', async () => {
        const loaded = await loadNasText('space Chain2 {\n  a choice ["x", "y"]\n  d choice [true, false] when a == "y"\n  e uniform(0, 1) when d == true\n}\n');
        assert.deepEqual(loaded.errors, []);
        const { text } = exportSpace('ray', { flat: flattenSpace(loaded.spec.spaces[0]), source: 'chain2.nas' });
        const runs = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => [{ strategy: 'random', seed, fixed: { a: 'y' } }, { strategy: 'random', seed, fixed: { a: 'x' } }]);
        const out = runPython(files(text), DRIVER(runs)) as Out;
        const seen = new Set<string>();
        for (const c of out.configs) {
            if (c.a === 'x') assert.deepEqual([c.d, c.e], [null, null]);
            else if (c.d === true) assert.ok(typeof c.e === 'number', JSON.stringify(c));
            else assert.deepEqual([c.d, c.e], [false, null]);
            seen.add(`${c.a}:${String(c.d)}`);
        }
        assert.deepEqual([...seen].sort(), ['x:null', 'y:false', 'y:true'], 'both branches of d were drawn');
    });
});
