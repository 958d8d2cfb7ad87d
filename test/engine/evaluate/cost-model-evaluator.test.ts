import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvaluator } from '../../../engine/evaluate/create.js';
import { CostModelEvaluator } from '../../../engine/evaluate/cost-model-evaluator.js';
import { networkPlan } from '../../../engine/evaluate/neural/network-plan.js';
import { NeuralEvaluator } from '../../../engine/evaluate/neural/neural-evaluator.js';
import { COST_MODEL_QUERY_COST, queriesFor, queryCostOf } from '../../../engine/evaluate/query-cost.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import type { FixedLengthSpace } from '../../../engine/space/product.js';
import type { EvaluatorSpec, SpaceSpec } from '../../../engine/spec.js';
import { NB201_IMAGENET16_120 } from '../../../engine/cost/index.js';
import { readNb201 } from '../cost/nb201-fixture.js';

/**
 * `proxy(params)` / `proxy(flops)` are counted in-process by the cost model (no torch worker). The worker's
 * counts equal the cost model's (test/engine/neural/param-parity.test.ts, where torch exists); here the
 * in-process evaluator, built the way a run builds it, must give the NB201 table's `*_params_m` / `*_flops_m`
 * for every one of the 15,625 cells, on the default skeleton (no `network` block: CIFAR-10's) and on a declared one.
 */
const proxy = (name: string, settings: EvaluatorSpec['settings'] = []): EvaluatorSpec => ({ name: name, kind: 'proxy', args: [{ value: { kind: 'word', value: name } }], settings });

async function valuesOf(evaluatorName: 'params' | 'flops', spaceSpec: SpaceSpec): Promise<Map<string, number>> {
    const space = compileSpace(spaceSpec) as FixedLengthSpace;
    const evaluator = createEvaluator(proxy(evaluatorName), { planFor: () => networkPlan(spaceSpec, space) });
    assert.ok(evaluator instanceof CostModelEvaluator, 'counted in-process');
    assert.ok(!(evaluator instanceof NeuralEvaluator));
    const rows = readNb201();
    const results = await evaluator.evaluate(rows.map((r) => r.ops), space);
    return new Map(results.map((r, i) => [rows[i].columns.arch, r.metric!]));
}

describe('in-process params / flops evaluators', () => {
    const rows = readNb201();

    for (const [label, spaceSpec, prefix] of [
        ['no network block (NB201 CIFAR-10 skeleton)', NB201_SPACE_SPEC, 'c10'],
        ['network block of ImageNet16-120', { ...NB201_SPACE_SPEC, network: NB201_IMAGENET16_120 }, 'in16'],
    ] as const) {
        test(`${label}: every cell equals the table's ${prefix}_params_m and ${prefix}_flops_m`, async () => {
            const params = await valuesOf('params', spaceSpec);
            const flops = await valuesOf('flops', spaceSpec);
            const bad: string[] = [];
            for (const row of rows) {
                const p = Number((params.get(row.columns.arch)! / 1e6).toFixed(6));
                const f = Number((flops.get(row.columns.arch)! / 1e6).toFixed(5));
                if (p !== Number(row.columns[`${prefix}_params_m`]) || f !== Number(row.columns[`${prefix}_flops_m`])) bad.push(`${row.columns.arch}: ${p}/${f}`);
            }
            assert.deepEqual(bad.slice(0, 5), []);
            assert.ok(new Set(params.values()).size > 20, 'the counts vary with the cell');
        });
    }

    test('results are maximized, cost one query each, and cache by exact key', async () => {
        const space = compileSpace(NB201_SPACE_SPEC) as FixedLengthSpace;
        const evaluator = createEvaluator(proxy('params'), { planFor: () => networkPlan(NB201_SPACE_SPEC, space) });
        const [r] = await evaluator.evaluate([[3, 3, 3, 3, 3, 3]], space);
        assert.equal(evaluator.minimize, false);
        assert.equal(evaluator.cacheBy, 'key');
        assert.equal(r.score, r.metric);
        assert.equal(r.cost.queries, 1);
        assert.equal(r.report, undefined);
    });

    test('a space the plan cannot build is refused with the reason', async () => {
        const evaluator = createEvaluator(proxy('flops'));
        const space = compileSpace(NB201_SPACE_SPEC);
        await assert.rejects(evaluator.evaluate([[0, 0, 0, 0, 0, 0]], space), /evaluator flops: .*no network plan/);
    });
});

describe('query_cost', () => {
    const word = (value: string) => ({ kind: 'word' as const, value });
    const required = [{ key: 'key', values: [word('arch'), word('as'), word('nb201')] }, { key: 'metric', values: [word('val')] }];
    const table: EvaluatorSpec = { name: 't', kind: 'table', args: [{ value: { kind: 'string', value: 'x.csv' } }], settings: required };
    const cost = (value: number) => [{ key: 'query_cost', values: [{ kind: 'number' as const, value }] }];

    test('defaults: 1 for tables and worker proxies, COST_MODEL_QUERY_COST for params and flops', () => {
        assert.equal(queryCostOf(table), 1);
        assert.equal(queryCostOf(proxy('synflow')), 1);
        assert.equal(queryCostOf(proxy('params')), COST_MODEL_QUERY_COST);
        assert.equal(queryCostOf(proxy('flops')), COST_MODEL_QUERY_COST);
        assert.ok(COST_MODEL_QUERY_COST > 0 && COST_MODEL_QUERY_COST < 1);
    });

    test('a written cost wins; a negative one is an error', () => {
        assert.equal(queryCostOf({ ...table, settings: [...required, ...cost(2.5)] }), 2.5);
        assert.equal(queryCostOf({ ...proxy('params'), settings: cost(0.1) }), 0.1);
        assert.throws(() => queryCostOf({ ...table, settings: [...required, ...cost(-1)] }), /query_cost must be at least 0, not -1/);
    });

    test('queriesFor floors cost / weight without float noise, and refuses a weight of 0', () => {
        assert.equal(queriesFor(100, 1, 's'), 100);
        assert.equal(queriesFor(100 - 0.478, 2, 's'), 49);
        assert.equal(queriesFor(0.3, 0.1, 's'), 3); // 0.3 / 0.1 is 2.9999999999999996 in floating point
        assert.equal(queriesFor(-1, 1, 's'), 0);
        assert.throws(() => queriesFor(10, 0, 'search S'), /search S: .*query_cost 0/);
    });
});
