import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedProxies } from '../../../engine/run/shared-proxies.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { NB201_SPACE_SPEC } from '../../../engine/space/nb201.js';
import { ShrunkSpace } from '../../../engine/space/shrunk.js';
import type { NetworkPlan } from '../../../engine/evaluate/neural/network-plan.js';
import type { EvaluationResult, Evaluator, ResultCallback } from '../../../engine/evaluate/types.js';
import type { Genotype, SearchSpace } from '../../../engine/space/types.js';
import type { EvaluatorSpec, Setting } from '../../../engine/spec.js';

/**
 * The proxies a study shares between its sessions (engine/run/shared-proxies.ts), with a stand-in for the worker:
 * one evaluator per declaration (another seed is another evaluator; tables and the cost model's params are not
 * shared), each network computed once across sessions that compiled their own space objects, the answer carrying
 * the asking genotype's key and its full cost (it is the session's own real evaluation), failures not kept.
 */
const proxySpec = (proxy: string, ...settings: Setting[]): EvaluatorSpec => ({ name: 'zc', kind: 'proxy', args: [{ value: { kind: 'word', value: proxy } }], settings });
const seed = (value: number): Setting => ({ key: 'seed', values: [{ kind: 'number', value }] });

/** A deterministic function of the network (its canonical form), like a seeded proxy; `fails` always fail. */
class FakeProxy implements Evaluator {
    readonly name = 'zc';
    readonly minimize = false;
    readonly cacheBy = 'canonical' as const;
    asked: string[] = [];
    constructor(
        readonly planFor: (space: SearchSpace) => NetworkPlan | string,
        private readonly fails: ReadonlySet<string> = new Set(),
    ) {}
    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, _signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        const plan = this.planFor(space);
        assert.notEqual(typeof plan, 'string', `a plan for ${space.name}: ${String(plan)}`);
        return genotypes.map((g, i) => {
            const canonical = space.canonical(g);
            this.asked.push(canonical);
            const failed = this.fails.has(canonical);
            const metric = failed ? undefined : [...canonical].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e6, 7);
            const r: EvaluationResult = { key: space.key(g), canonical, genotype: g.slice(), metric, report: undefined, score: metric, cost: { queries: 1, seconds: 0.25 }, ...(failed ? { error: 'synflow is 0' } : {}) };
            onResult?.(i, r);
            return r;
        });
    }
}

// Two sessions' spaces: equal specs, distinct objects (each session compiles its own).
const a = compileSpace(NB201_SPACE_SPEC) as SearchSpace;
const b = compileSpace(NB201_SPACE_SPEC) as SearchSpace;
const g1 = a.parse('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
const g2 = a.parse('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|');
// Node 1 takes nothing (none from 0), so its out-edges do not matter: the same network as `dead` with another key.
const dead = a.parse('|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|skip_connect~2|');
const deadTwin = b.parse('|none~0|+|skip_connect~0|nor_conv_3x3~1|+|nor_conv_3x3~0|skip_connect~1|skip_connect~2|');

function sharedWith(fails: string[] = []): { shared: SharedProxies; made: FakeProxy[]; get: (spec?: EvaluatorSpec) => Evaluator | undefined } {
    const shared = new SharedProxies();
    shared.compiled(a, NB201_SPACE_SPEC);
    shared.compiled(b, NB201_SPACE_SPEC);
    const made: FakeProxy[] = [];
    const get = (spec = proxySpec('synflow')): Evaluator | undefined =>
        shared.evaluator(spec, (planFor) => {
            const e = new FakeProxy(planFor, new Set(fails));
            made.push(e);
            return e;
        });
    return { shared, made, get };
}

describe('proxies shared by the sessions of a study', () => {
    test('one evaluator per declaration; another seed is another; params, flops and tables are not shared', () => {
        const { made, get } = sharedWith();
        const e = get();
        assert.ok(e);
        assert.equal(get(), e);
        assert.notEqual(get(proxySpec('synflow', seed(1))), e);
        assert.notEqual(get(proxySpec('naswot')), e);
        assert.equal(made.length, 3);
        assert.equal(get(proxySpec('params')), undefined);
        assert.equal(get(proxySpec('flops')), undefined);
        assert.equal(get({ name: 't', kind: 'table', args: [], settings: [] }), undefined);
        assert.equal(made.length, 3);
    });

    test('a network is computed once across sessions; the answer is the asking genotype, at full cost', async () => {
        assert.equal(a.canonical(dead), b.canonical(deadTwin), 'precondition: two keys of one network');
        assert.notEqual(a.key(dead), b.key(deadTwin));
        const { shared, made, get } = sharedWith();
        const e = get()!;
        const first = await e.evaluate([g1, dead], a);
        const reported: Array<[number, EvaluationResult]> = [];
        const second = await e.evaluate([g2, deadTwin, g1], b, undefined, (i, r) => reported.push([i, r]));
        assert.deepEqual(made[0].asked, [a.canonical(g1), a.canonical(dead), b.canonical(g2)]);
        assert.deepEqual(reported.map(([i]) => i).sort(), [0, 1, 2], 'every item reported once');
        for (const [i, r] of reported) assert.equal(r, second[i], 'reported as returned');
        assert.equal(second[1].metric, first[1].metric);
        assert.equal(second[1].key, b.key(deadTwin));
        assert.deepEqual(second[1].genotype, deadTwin);
        assert.deepEqual(second[1].cost, { queries: 1, seconds: 0.25 }, 'a real evaluation of the session');
        assert.equal(second[1].cached, undefined);
        assert.deepEqual(second[2], first[0]);
        assert.deepEqual(shared.counts(), [{ name: 'zc', evaluated: 3, reused: 2 }]);
    });

    test('networks of a shrunk space are planned and shared through its base', async () => {
        const { made, get } = sharedWith();
        const e = get()!;
        await e.evaluate([g1], a);
        const shrunk = new ShrunkSpace(b, [{ seed: g1, members: [g1, g2], radius: 1 }]);
        const [r1, r2] = await e.evaluate([g1, g2], shrunk);
        assert.deepEqual(made[0].asked, [a.canonical(g1), a.canonical(g2)]);
        assert.ok(r1.metric !== undefined && r2.metric !== undefined);
    });

    test('a failed evaluation is not kept: the next session evaluates it again', async () => {
        const { made, get } = sharedWith([a.canonical(g2)]);
        const e = get()!;
        const [x] = await e.evaluate([g2], a);
        const [y] = await e.evaluate([g2], b);
        assert.equal(x.error, 'synflow is 0');
        assert.equal(y.error, 'synflow is 0');
        assert.equal(made[0].asked.length, 2);
    });

    test('a space no session compiled has no plan', async () => {
        const { get } = sharedWith();
        const stranger = compileSpace(NB201_SPACE_SPEC) as SearchSpace;
        await assert.rejects(get()!.evaluate([g1], stranger), /a plan for NB201: space NB201 was not compiled by this run/);
    });
});
