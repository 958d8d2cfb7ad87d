import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { countConstrained, constraintsSatisfiable, ConstraintCountError } from '../../../engine/size/constrained.js';
import { NB201_CIFAR10, NB201_IMAGENET16_120 } from '../../../engine/cost/index.js';
import type { CellSpec, ConstraintSpec, OpSpec, SpaceSpec } from '../../../engine/spec.js';
import { dartsCost } from '../../../engine/cost/darts.js';
import { networkPlan, type DartsPlan } from '../../../engine/evaluate/neural/network-plan.js';
import { Rng } from '../../../engine/rng.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { sizeOfSpace } from '../../../engine/size/space.js';
import { NB201_CELL, readNb201 } from '../cost/nb201-fixture.js';

const SMALL: ConstraintSpec[] = [
    { metric: 'flops', op: '<=', value: 100e6 },
    { metric: 'params', op: '<=', value: 1.0e6 },
];

function nb201(constraints: ConstraintSpec[], network = NB201_CIFAR10): SpaceSpec {
    return { name: 'NB201', components: [NB201_CELL], network: { ...network }, constraints };
}

/** Rows of the real table meeting the same constraints, read from its printed columns. */
function tableCount(prefix: string, flopsM: number, paramsM: number): number {
    return readNb201().filter((r) => Number(r.columns[`${prefix}_flops_m`]) <= flopsM && Number(r.columns[`${prefix}_params_m`]) <= paramsM).length;
}

describe('countConstrained on NAS-Bench-201', () => {
    test('flops <= 100M and params <= 1.0M: enumeration equals the count of table rows', () => {
        const want = tableCount('c10', 100, 1.0);
        assert.equal(want, 14080);
        const got = countConstrained(nb201(SMALL));
        assert.equal(got.raw, BigInt(want));
        assert.equal(got.exact, true);
        assert.equal(got.method, 'enumeration');
        assert.equal(got.total, 15625n);
        assert.equal(got.assumedNetwork, undefined);
        // Unique cells among them: fewer than the raw count and than NB201's 6,466 unique cells overall.
        assert.equal(got.unique, 5553n);
    });

    test('without constraints the unique count is the published 6,466', () => {
        const got = countConstrained(nb201([]));
        assert.deepEqual([got.raw, got.unique, got.exact], [15625n, 6466n, true]);
    });

    test('ImageNet16-120 skeleton: flops <= 20M and params <= 0.5M matches the in16 columns', () => {
        const constraints: ConstraintSpec[] = [
            { metric: 'flops', op: '<=', value: 20e6 },
            { metric: 'params', op: '<=', value: 0.5e6 },
        ];
        const want = tableCount('in16', 20, 0.5);
        assert.ok(want > 0 && want < 15625);
        assert.equal(countConstrained(nb201(constraints, NB201_IMAGENET16_120)).raw, BigInt(want));
    });

    test('a small work limit switches to the exact dynamic programme, then to Monte Carlo', () => {
        const dp = countConstrained(nb201(SMALL), { workLimit: 10_000 });
        assert.deepEqual([dp.raw, dp.exact, dp.method, dp.unique], [14080n, true, 'dynamic-programming', undefined]);

        const mc = countConstrained(nb201(SMALL), { workLimit: 10, samples: 5_000, seed: 7 });
        assert.equal(mc.exact, false);
        assert.equal(mc.method, 'monte-carlo');
        const [low, high] = mc.interval!;
        assert.ok(low <= 14080 && 14080 <= high, `interval [${low}, ${high}] misses 14080`);
        assert.ok(high - low < 400, `interval too wide: ${high - low}`);
        assert.ok(Math.abs(Number(mc.raw) - mc.estimate!) <= 0.5);
    });

    test('an exact FLOPs value: one 3x3 conv and no 1x1 conv', () => {
        // all-none skeleton 7,783,050 FLOPs + one 3x3 conv edge (15 cells x 2,359,296)
        const got = countConstrained(nb201([{ metric: 'flops', op: '==', value: 7_783_050 + 15 * 2_359_296 }]), { workLimit: 1_000 });
        assert.equal(got.method, 'dynamic-programming');
        assert.equal(got.raw, 6n * 3n ** 5n); // the conv's edge, then skip/pool/none on the five others
    });

    test('a network-less space is costed on the NB201 CIFAR-10 skeleton and says so', () => {
        const got = countConstrained({ name: 'Bare', components: [NB201_CELL], constraints: SMALL });
        assert.equal(got.raw, 14080n);
        assert.equal(got.assumedNetwork, true);
    });
});

describe('countConstrained on composite spaces', () => {
    const arch: SpaceSpec = nb201([]);

    test('a subspace arch: its network, the outer constraints, hyperparameters multiply', () => {
        const joint: SpaceSpec = {
            name: 'Joint',
            components: [
                { kind: 'subspace', name: 'arch', space: arch },
                { kind: 'param', name: 'batch', domain: { type: 'choice', values: [64, 128, 256] } },
                { kind: 'param', name: 'optimizer', domain: { type: 'choice', values: ['sgd', 'adam'] } },
                // active only for sgd: 2 values there, absent for adam, so 2 + 1 optimizer settings
                { kind: 'param', name: 'momentum', domain: { type: 'choice', values: [0.9, 0.99] }, when: { op: '==', param: 'optimizer', value: 'sgd' } },
            ],
            constraints: SMALL,
        };
        const got = countConstrained(joint);
        assert.equal(got.raw, 14080n * 3n * 3n);
        assert.equal(got.unique, 5553n * 9n);
        assert.equal(got.total, 15625n * 9n);
    });

    test('a continuous hyperparameter: the count covers the architectures', () => {
        const joint: SpaceSpec = {
            name: 'Joint',
            components: [
                { kind: 'subspace', name: 'arch', space: arch },
                { kind: 'param', name: 'lr', domain: { type: 'loguniform', low: 1e-4, high: 1e-1 } },
            ],
            constraints: SMALL,
        };
        const got = countConstrained(joint);
        assert.deepEqual([got.raw, got.continuous, got.total], [14080n, true, undefined]);
    });

    test('constraints of the inner space apply too', () => {
        const inner = nb201([SMALL[0]]);
        const outer: SpaceSpec = { name: 'Outer', components: [{ kind: 'subspace', name: 'arch', space: inner }], constraints: [SMALL[1]] };
        assert.equal(countConstrained(outer).raw, 14080n);
    });

    test("`network` at two levels: the outer space's skeleton, as the run's builder and cost model take it", () => {
        const inner = nb201([]); // CIFAR-10's skeleton
        const constraints: ConstraintSpec[] = [
            { metric: 'flops', op: '<=', value: 20e6 },
            { metric: 'params', op: '<=', value: 0.5e6 },
        ];
        const outer: SpaceSpec = { name: 'Outer', components: [{ kind: 'subspace', name: 'arch', space: inner }], network: { ...NB201_IMAGENET16_120 }, constraints };
        assert.equal(countConstrained(outer).raw, BigInt(tableCount('in16', 20, 0.5)));
    });

    test('no architecture to cost: a readable error', () => {
        const params: SpaceSpec = { name: 'P', components: [{ kind: 'param', name: 'lr', domain: { type: 'choice', values: [0.1, 0.01] } }], constraints: SMALL };
        assert.throws(() => countConstrained(params), (e: unknown) => e instanceof ConstraintCountError && /needs exactly one NB201-style 'cell' component, one layer chain, DARTS cells or one graph .* found none/.test(e.message));
        assert.equal(constraintsSatisfiable(params), undefined);
    });
});

describe('countConstrained on DARTS cells, layer chains and graphs: seeded samples through the cost model', () => {
    const DARTS_OPS: OpSpec[] = ['none', 'max_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'dil_conv_5x5'].map((name) => ({ name, args: {} }));
    const darts = (constraints: ConstraintSpec[]): SpaceSpec => ({
        name: 'D',
        components: [
            { kind: 'darts', name: 'normal', inputs: 2, nodes: 3, pick: 2, ops: DARTS_OPS },
            { kind: 'darts', name: 'reduce', inputs: 2, nodes: 3, pick: 2, ops: DARTS_OPS },
            { kind: 'param', name: 'lr', domain: { type: 'choice', values: [0.1, 0.01, 0.001] } },
        ],
        network: { ...NB201_CIFAR10, stem: 8, cellsPerStage: 1, written: ['stem', 'cells_per_stage'] },
        constraints,
    });

    test('the count is the fraction of seeded draws the runs would keep, times the size; bounds that keep all or none are exact', () => {
        const budget: ConstraintSpec = { metric: 'params', op: '<=', value: 30_000 };
        const counted = countConstrained(darts([budget]), { samples: 2_000, seed: 4 });
        const free = compileSpace(darts([]));
        assert.equal(counted.total, free.size);
        assert.equal(counted.method, 'monte-carlo');
        // The same draws, judged here by the DARTS network's parameter count (the lr factor costs nothing).
        const plan = networkPlan(darts([]), free) as DartsPlan;
        const rng = new Rng(4);
        let hits = 0;
        for (let i = 0; i < 2_000; i++) if (dartsCost(plan.darts, plan.network, plan.read(free.sample(rng))).params <= 30_000) hits++;
        assert.ok(hits > 0 && hits < 2_000, `the budget binds: ${hits} of 2000`);
        assert.equal(counted.estimate, (hits / 2_000) * Number(free.size));
        assert.ok(counted.interval![0] < counted.estimate! && counted.estimate! < counted.interval![1]);
        assert.equal(countConstrained(darts([{ metric: 'params', op: '<=', value: 1e9 }]), { samples: 500 }).raw, free.size);
        assert.equal(countConstrained(darts([{ metric: 'flops', op: '<=', value: 1 }]), { samples: 500 }).raw, 0n);
    });

    test('sizeOfSpace shows the estimate, saying it is one; chain and graph spaces are counted the same way', () => {
        const size = sizeOfSpace(darts([{ metric: 'params', op: '<=', value: 30_000 }]), { samples: 1_000 });
        assert.equal(size.exact, false);
        assert.match(size.note ?? '', /Monte Carlo estimate/);
        assert.doesNotMatch(size.note ?? '', /before constraints/);
        const chain: SpaceSpec = {
            name: 'C',
            components: [{ kind: 'chain', name: 'layers', layers: 4, params: [{ kind: 'param', name: 'kernel', domain: { type: 'choice', values: [3, 5, 7] } }, { kind: 'param', name: 'expand', domain: { type: 'choice', values: [3, 6] } }] }],
            constraints: [{ metric: 'params', op: '<=', value: 0.82e6 }],
        };
        const counted = countConstrained(chain, { samples: 1_000 });
        assert.equal(counted.total, 6n ** 4n);
        assert.ok(counted.raw > 0n && counted.raw < 6n ** 4n, `the budget binds: ${counted.raw}`);
        const graph: SpaceSpec = {
            name: 'G',
            components: [{ kind: 'graph', name: 'g', maxNodes: 5, maxEdges: 6, ops: ['conv3x3_bn_relu', 'maxpool3x3'].map((name) => ({ name, args: {} })) }],
            network: { ...NB201_CIFAR10, stem: 16, written: ['stem'] },
            constraints: [{ metric: 'params', op: '<=', value: 60_000 }],
        };
        const graphs = countConstrained(graph, { samples: 1_000 });
        assert.equal(graphs.total, compileSpace({ ...graph, constraints: [] }).size);
        assert.ok(graphs.raw > 0n && graphs.raw < graphs.total!, `the budget binds: ${graphs.raw} of ${graphs.total}`);
    });
});

describe('exact methods agree on a larger cell', () => {
    // 5 nodes, all 10 edges, 3 ops: 59,049 cells; reduction by cell makes node-0 edges cost differently.
    const cell: CellSpec = {
        kind: 'cell',
        name: 'c5',
        nodes: 5,
        edges: [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3], [0, 4], [1, 4], [2, 4], [3, 4]],
        ops: [NB201_CELL.ops[1], NB201_CELL.ops[2], NB201_CELL.ops[3]],
    };
    const space = (constraints: ConstraintSpec[]): SpaceSpec => ({
        name: 'C5',
        components: [cell],
        network: { ...NB201_CIFAR10, reduction: 'cell', cellsPerStage: 2 },
        constraints,
    });
    const cases: ConstraintSpec[][] = [
        // costs range over 1.5-180 MFLOPs and 0.01-1.34 M params
        [{ metric: 'flops', op: '<=', value: 90e6 }],
        [{ metric: 'flops', op: '>', value: 60e6 }, { metric: 'params', op: '<', value: 0.8e6 }],
        [{ metric: 'params', op: '>=', value: 0.4e6 }, { metric: 'params', op: '<=', value: 0.6e6 }],
    ];
    for (const constraints of cases) {
        test(constraints.map((c) => `${c.metric} ${c.op} ${c.value}`).join(', '), () => {
            const enumerated = countConstrained(space(constraints));
            const programmed = countConstrained(space(constraints), { workLimit: 50_000 });
            assert.equal(enumerated.method, 'enumeration');
            assert.equal(programmed.method, 'dynamic-programming');
            assert.equal(programmed.raw, enumerated.raw);
            assert.ok(enumerated.raw > 0n && enumerated.raw < 59_049n, `degenerate case: ${enumerated.raw}`);
        });
    }
});

describe('constraintsSatisfiable', () => {
    test('satisfiable, and trivially so without constraints', () => {
        assert.equal(constraintsSatisfiable(nb201(SMALL)), true);
        assert.equal(constraintsSatisfiable(nb201([])), true);
    });

    test('below the skeleton alone (7.78 MFLOPs): unsatisfiable, and counts 0', () => {
        const space = nb201([{ metric: 'flops', op: '<', value: 7e6 }]);
        assert.equal(constraintsSatisfiable(space), false);
        assert.equal(countConstrained(space).raw, 0n);
    });

    test('each constraint alone is satisfiable but not both', () => {
        // >= 0.1M params needs a conv (a 1x1 conv: 11.7 MFLOPs); <= 8 MFLOPs forbids every conv.
        const space = nb201([
            { metric: 'flops', op: '<=', value: 8e6 },
            { metric: 'params', op: '>=', value: 0.1e6 },
        ]);
        assert.equal(constraintsSatisfiable(nb201([space.constraints[0]])), true);
        assert.equal(constraintsSatisfiable(nb201([space.constraints[1]])), true);
        assert.equal(constraintsSatisfiable(space), false);
    });
});
