import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CellSpace } from '../../../engine/space/cell.js';
import { DartsSpace } from '../../../engine/space/darts.js';
import { GraphSpace } from '../../../engine/space/graph.js';
import type { CellSpec, DartsCellSpec, Domain, GraphSpec } from '../../../engine/spec.js';
import { Rng } from '../../../engine/rng.js';
import { exportTour, NO_PYTHON, pyCompile, runPython, TOUR_SPACES, tourSpace } from './helpers.js';

/**
 * `--to optuna`: the module compiles (py_compile) and `suggest(trial)` runs against a fake Optuna trial that
 * records every suggest_* call with its arguments and answers by a strategy (first value, last value, seeded
 * random, or fixed values). Over the strategies, the suggested names must be exactly the space's decisions,
 * each categorical with exactly the domain's choices, each numeric with its bounds, log and step; `decode`
 * must rebuild the engine's own architecture strings.
 */

const FAKE_TRIAL = `
import json, random, sys
class FakeTrial:
    def __init__(self, strategy, fixed=None, seed=0):
        self.strategy, self.fixed, self.rng, self.calls = strategy, fixed or {}, random.Random(seed), []
    def _pick(self, name, options):
        if name in self.fixed:
            return self.fixed[name]
        if self.strategy == "first": return options[0]
        if self.strategy == "last": return options[-1]
        return self.rng.choice(options)
    def suggest_categorical(self, name, choices):
        assert isinstance(choices, (list, tuple)) and all(c is None or isinstance(c, (bool, int, float, str)) for c in choices)
        self.calls.append({"kind": "categorical", "name": name, "choices": list(choices)})
        return self._pick(name, list(choices))
    def suggest_int(self, name, low, high, step=1, log=False):
        assert isinstance(low, int) and isinstance(high, int) and low <= high and (high - low) % step == 0
        self.calls.append({"kind": "int", "name": name, "low": low, "high": high, "step": step, "log": log})
        return self._pick(name, list(range(low, high + 1, step)))
    def suggest_float(self, name, low, high, step=None, log=False):
        assert low <= high and not (log and step is not None) and not (log and low <= 0)
        self.calls.append({"kind": "float", "name": name, "low": low, "high": high, "step": step, "log": log})
        return self._pick(name, [float(low), float(high)])
`;

function driver(runs: Array<{ strategy: string; fixed?: Record<string, unknown>; seed?: number }>, decode = false): string {
    return `${FAKE_TRIAL}
import space
out = []
for run in json.loads(${JSON.stringify(JSON.stringify(runs))}):
    trial = FakeTrial(run["strategy"], run.get("fixed"), run.get("seed", 0))
    params = space.suggest(trial)
    entry = {"calls": trial.calls, "params": params}
    if ${decode ? 'True' : 'False'}:
        try:
            decoded = space.decode(params)
            entry["decoded"] = {k: (v and {"string": v.get("string"), "matrix": v.get("matrix"), "ops": v.get("ops")}) for k, v in decoded.items()}
        except space.InvalidArchitecture as e:
            entry["invalid"] = str(e)
    out.append(entry)
print(json.dumps(out))
`;
}

type Call = { kind: string; name: string; choices?: unknown[]; low?: number; high?: number; step?: number | null; log?: boolean };
type Run = { calls: Call[]; params: Record<string, unknown>; decoded?: Record<string, { string?: string; matrix?: number[][]; ops?: string[] } | null>; invalid?: string };

const STRATEGIES = [{ strategy: 'first' }, { strategy: 'last' }, ...[1, 2, 3, 4, 5].map((seed) => ({ strategy: 'random', seed }))];

function expectedCall(name: string, d: Domain): Partial<Call> {
    switch (d.type) {
        case 'choice':
            return { kind: 'categorical', name, choices: d.values };
        case 'randint':
            return { kind: 'int', name, low: d.low };
        case 'uniform':
            return { kind: 'float', name, low: d.low, high: d.high, log: false };
        case 'loguniform':
            return { kind: 'float', name, low: d.low, high: d.high, log: true };
        case 'quniform':
            return { kind: 'float', name, low: d.low, high: d.high, step: d.q, log: false };
        default:
            return { kind: 'float', name };
    }
}

describe('export --to optuna', { skip: NO_PYTHON }, () => {
    for (const name of TOUR_SPACES) {
        test(`${name}: compiles, and suggest(trial) asks for exactly the space's decisions with their domains`, async () => {
            const { text, flat } = await exportTour('optuna', name);
            pyCompile(text);
            const runs = runPython({ 'space.py': text }, driver(STRATEGIES)) as Run[];
            const seen = new Map<string, Call>();
            for (const r of runs) for (const c of r.calls) seen.set(c.name, c);
            assert.deepEqual([...seen.keys()].sort(), flat.decisions.map((d) => d.name).sort());
            for (const d of flat.decisions) {
                const call = seen.get(d.name)!;
                for (const [k, v] of Object.entries(expectedCall(d.name, d.domain))) assert.deepEqual(call[k as keyof Call], v, `${d.name}.${k}`);
            }
        });
    }

    test('Training: the conditional momentum is suggested exactly when optimizer == "sgd", epochs on its step grid', async () => {
        const { text } = await exportTour('optuna', 'Training');
        const runs = runPython({ 'space.py': text }, driver([{ strategy: 'first', fixed: { optimizer: 'sgd' } }, { strategy: 'first', fixed: { optimizer: 'adam' } }])) as Run[];
        assert.equal(runs[0].params.momentum, 0.8);
        assert.equal('momentum' in runs[1].params, false);
        const epochs = runs[0].calls.find((c) => c.name === 'epochs')!;
        // randint(10, 200, step: 10) excludes 200: the last value is 190.
        assert.deepEqual([epochs.low, epochs.high, epochs.step], [10, 190, 10]);
        const dropout = runs[0].calls.find((c) => c.name === 'dropout')!;
        assert.deepEqual([dropout.low, dropout.high, dropout.step], [0, 0.5, 0.1]);
    });

    test('Joint: the subspace parameters are prefixed and the condition refers to the prefixed name', async () => {
        const { text } = await exportTour('optuna', 'Joint');
        const runs = runPython({ 'space.py': text }, driver([{ strategy: 'first', fixed: { 'train.optimizer': 'sgd' } }, { strategy: 'first', fixed: { 'train.optimizer': 'adam' } }])) as Run[];
        assert.ok('train.momentum' in runs[0].params);
        assert.equal('train.momentum' in runs[1].params, false);
        assert.ok('arch.cell.edge_0_3' in runs[0].params);
    });

    test('decode(params) rebuilds the engine\'s NB201 and DARTS strings for random genotypes', async () => {
        const rng = new Rng(7);
        const nb201 = await tourSpace('NB201');
        const cell = new CellSpace(nb201.components[0] as CellSpec);
        const { text } = await exportTour('optuna', 'NB201');
        const genotypes = Array.from({ length: 20 }, () => cell.sample(rng));
        const fixed = genotypes.map((g) => Object.fromEntries((nb201.components[0] as CellSpec).edges.map(([a, b], i) => [`cell.edge_${a}_${b}`, (nb201.components[0] as CellSpec).ops[g[i]].name])));
        const runs = runPython({ 'space.py': text }, driver(fixed.map((f) => ({ strategy: 'first', fixed: f })), true)) as Run[];
        runs.forEach((r, i) => assert.equal(r.decoded!.cell!.string, cell.format(genotypes[i])));

        const darts = await tourSpace('DARTS');
        const spec = darts.components[0] as DartsCellSpec;
        const space = new DartsSpace(spec);
        const dartsText = (await exportTour('optuna', 'DARTS')).text;
        const gs = Array.from({ length: 20 }, () => space.sample(rng));
        const fixedDarts = gs.map((g) => {
            const f: Record<string, unknown> = {};
            for (let i = 0; i < spec.nodes; i++) {
                const node = spec.inputs + i;
                const ids = g.slice(i * 2 * spec.pick, i * 2 * spec.pick + spec.pick);
                const ops = g.slice(i * 2 * spec.pick + spec.pick, (i + 1) * 2 * spec.pick);
                f[`normal.node_${node}.inputs`] = ids.join(',');
                ops.forEach((o, k) => (f[`normal.node_${node}.op_${k}`] = spec.ops[o].name));
            }
            return f;
        });
        const dartsRuns = runPython({ 'space.py': dartsText }, driver(fixedDarts.map((f) => ({ strategy: 'first', fixed: f })), true)) as Run[];
        dartsRuns.forEach((r, i) => assert.equal(r.decoded!.normal!.string, space.format(gs[i])));
    });

    test('NB101: decode accepts exactly the valid graphs (reachable output, at most max_edges edges)', async () => {
        const nb101 = await tourSpace('NB101');
        const spec = nb101.components[0] as GraphSpec;
        const graph = new GraphSpace(spec);
        const { text, warnings } = await exportTour('optuna', 'NB101');
        assert.ok(warnings.some((w) => w.message.includes('InvalidArchitecture')));
        const n = spec.maxNodes;
        const runs = runPython({ 'space.py': text }, driver(Array.from({ length: 40 }, (_, seed) => ({ strategy: 'random', seed })), true)) as Run[];
        let valid = 0;
        for (const r of runs) {
            const bits: number[] = [];
            for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) bits.push(Number(r.params[`graph.edge_${i}_${j}`]));
            const ops = Array.from({ length: n - 2 }, (_, k) => spec.ops.findIndex((o) => o.name === r.params[`graph.node_${k + 1}`]));
            const isValid = graph.contains([...bits, ...ops]);
            assert.equal(r.invalid === undefined, isValid, `decode and the engine agree on validity: ${r.invalid ?? 'valid'}`);
            if (isValid) valid++;
        }
        // Independent bits are mostly invalid graphs (over max_edges): the decoder is what keeps them out.
        assert.ok(valid < runs.length);
    });

    test('warnings: constraints (Small) and the lost isomorphism are named', async () => {
        const small = await exportTour('optuna', 'Small');
        assert.ok(small.warnings.some((w) => w.message.includes('constraint flops <= 100000000')));
        assert.ok(small.warnings.some((w) => w.message.includes('isomorphic')));
    });
});
