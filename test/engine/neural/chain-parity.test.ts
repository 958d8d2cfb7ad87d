import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chainSkeleton, costOfChain, makeDivisible } from '../../../engine/cost/chain.js';
import { createEvaluator } from '../../../engine/evaluate/create.js';
import { CostModelEvaluator } from '../../../engine/evaluate/cost-model-evaluator.js';
import type { ChainPlan } from '../../../engine/evaluate/neural/network-plan.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { Rng } from '../../../engine/rng.js';
import { compileSpace } from '../../../engine/space/compile.js';
import type { FixedLengthSpace } from '../../../engine/space/product.js';
import type { SpaceSpec } from '../../../engine/spec.js';
import { isWorkerRequest, type ProxyRequest } from '../../../protocol/neural-worker.js';
import { bundledTfjsWorker } from '../../cli-bundle.js';
import { skipWithoutTorch, torchOrReason } from './torch-env.js';
import { planOfKind, planRefusal, spaceTexts, wasmAndTorch } from './plan-fixtures.js';

/**
 * Layer-chain networks (MobileNetV2-style, docs/proxies.md "Networks from genotypes"): the torch builder
 * (workers/torch/chain.py) against the cost model (engine/cost/chain.ts) on the tour's Mobile space, on edge
 * cases (expand 1, a fractional expand, se, widths 0.5/0.75/1.25, a chain shorter than the seven stages) and in
 * skeletons set by the `network` block (stem, stages, strides, head), the plan's refusals, and the in-process
 * params proxy on a chain; the tfjs builder (workers/tfjs/chain-network.ts, on wasm) against both: the same counts
 * and FLOPs, and on the same per-channel weights and Fashion-MNIST images the same proxies as torch.
 */
const skip = skipWithoutTorch();
const fashion = existsSync('/usr/share/datasets/fashion-mnist') || !!process.env.LISSNAS_FASHION_MNIST;
bundledTfjsWorker();
const { spaces } = spaceTexts('chain');
const planOf = (spec: SpaceSpec): { plan: ChainPlan; space: FixedLengthSpace } => planOfKind(spec, 'chain');

const EDGES = `space Edge {
  layers 5 { se choice [false, true]; expand choice [1, 2.5, 6]; kernel choice [3, 5, 7] }
  width choice [0.5, 0.75, 1.25]
  network { classes 7 input 28 channels 1 }
}
space Bare { layers 9 { kernel choice [3, 5]; expand choice [4] } }
space Odd { layers 3 { kernel choice [3]; ratio choice [3, 6]; group choice [1] } }
space NoKernel { layers 3 { expand choice [3, 6] } }
space Even { layers 3 { kernel choice [2, 3]; expand choice [3] } }
space Wrapped { arch Mobile2; lr choice [0.1, 0.01] }
space Mobile2 { layers 2 { kernel choice [3, 5]; expand choice [3, 6] } width choice [1.0, 1.25] }
`;

/** Skeletons set by the `network` block (docs/proxies.md "Layer chains"): three, five and MobileNetV2's seven stages. */
const SKELETONS = `space Three {
  layers 5 { kernel choice [3, 5, 7]; expand choice [1, 3, 6]; se choice [false, true] }
  width choice [0.5, 1.0, 1.25]
  network { stem 16; stages [16, 32, 64]; strides [1, 2, 2]; head 256 }
}
space Five {
  layers 4 { kernel choice [3, 7]; expand choice [2.5, 4]; se choice [false, true] }
  width choice [0.75, 1.0]
  network { stem 8; stages [8, 16, 24, 40, 80]; strides [2, 1, 2, 2, 1]; head 512; classes 7; input 28; channels 1 }
}
space Strided {
  layers 9 { kernel choice [3, 5]; expand choice [3, 6] }
  network { strides [1, 2, 2, 2, 1, 2, 1]; stem 24 }
}
`;

describe('chain networks: plan and cost model', () => {
    test("the tour's Mobile space: MobileNetV2's stages over 20 layers, width and the layers read in builder order", async () => {
        const { plan, space } = planOf((await spaces(undefined)).get('Mobile')!);
        assert.deepEqual(
            plan.chain.stages.map((s) => [s.channels, s.stride, s.layers]),
            [[16, 1, 2], [24, 1, 3], [32, 2, 3], [64, 2, 3], [96, 1, 3], [160, 2, 3], [320, 1, 3]],
        );
        assert.deepEqual([plan.chain.kernel, plan.chain.expand, plan.chain.se, plan.chain.width], [[3, 5, 7], [3, 6], [false, true], [0.75, 1.0, 1.25]]);
        const layers = Array.from({ length: 20 }, (_, i) => `kernel=${[3, 5, 7][i % 3]};expand=${i % 2 ? 6 : 3};se=${i % 4 === 0}`).join('|');
        const g = space.parse(`layers={${layers}};width=1.25`);
        const read = plan.read(g);
        assert.equal(read.length, 61);
        assert.deepEqual(read.slice(0, 6), [0, 0, 1, 1, 1, 0]);
        assert.equal(read[60], 2);
    });

    test('a short chain hands a skipped stage its stride 2; widths round to multiples of 8 as MobileNetV2', () => {
        const s = chainSkeleton(3, { classes: 10, inputSize: 32, inputChannels: 3 });
        assert.deepEqual(s.stages.map((x) => [x.channels, x.stride, x.layers]), [[32, 2, 1], [96, 2, 1], [320, 2, 1]]);
        assert.deepEqual([16, 24, 32, 320, 1280].map((c) => makeDivisible(c * 0.75)), [16, 24, 24, 240, 960]);
        assert.deepEqual([16, 24, 32, 320].map((c) => makeDivisible(c * 1.25)), [24, 32, 40, 400]);
        assert.equal(makeDivisible(12), 16, 'at least 90% of the value');
    });

    test('the network block sets the skeleton: stem, stages, strides and head; the layers spread over its stages', async () => {
        const all = await spaces(SKELETONS);
        const frame = (name: string) => {
            const { chain } = planOf(all.get(name)!).plan;
            return { stem: chain.stem, head: chain.head, stages: chain.stages.map((s) => [s.channels, s.stride, s.layers]) };
        };
        assert.deepEqual(frame('Three'), { stem: 16, head: 256, stages: [[16, 1, 1], [32, 2, 2], [64, 2, 2]] });
        // 4 layers over 5 stages: the first stage gets none and hands its stride 2 to the second (stride 1 of its own).
        assert.deepEqual(frame('Five'), { stem: 8, head: 512, stages: [[16, 2, 1], [24, 2, 1], [40, 2, 1], [80, 1, 1]] });
        // Strides without stages: MobileNetV2's seven stages; stem written, head MobileNetV2's.
        assert.deepEqual(frame('Strided'), { stem: 24, head: 1280, stages: [[16, 1, 1], [24, 2, 1], [32, 2, 1], [64, 2, 2], [96, 1, 1], [160, 2, 1], [320, 1, 2]] });
        const five = planOf(all.get('Five')!).plan;
        assert.deepEqual([five.network.classes, five.network.inputSize, five.network.inputChannels], [7, 28, 1]);
        // The same chain in MobileNetV2's skeleton (nothing written) has other stages and another count.
        const g = [0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1];
        const plain = chainSkeleton(4, five.chain);
        assert.notDeepEqual(plain.stages, five.chain.stages);
        assert.notEqual(costOfChain({ ...five.chain, ...plain }, g).params, costOfChain(five.chain, g).params);
    });

    test('a network key for the other kind of network: the engine refuses it too (a spec built by hand)', async () => {
        const three = (await spaces(SKELETONS)).get('Three')!;
        const network = three.network!;
        const refusal = planRefusal;
        assert.match(
            refusal({ ...three, network: { ...network, written: [...network.written!, 'cells_per_stage'] } }),
            /^space Three, layers 5: network: `cells_per_stage` applies to cell networks, DARTS cell networks and NB101 graph networks only; this network block shapes a layer chain/,
        );
        assert.match(refusal({ ...three, network: { ...network, strides: undefined, written: network.written!.filter((k) => k !== 'strides') } }), /`stages` needs `strides` beside it/);
        assert.match(refusal({ ...three, network: { ...network, strides: [1, 2] } }), /strides has 2 values for the 3 stages of `stages`/);
        const ops = [{ name: 'none', args: {} }, { name: 'skip_connect', args: {} }];
        const components: SpaceSpec['components'] = [{ kind: 'cell', name: 'c', nodes: 3, edges: [[0, 1], [1, 2], [0, 2]], ops }];
        const cell: SpaceSpec = { name: 'Cell', components, constraints: [], network: { ...network, written: ['head'] } };
        assert.match(refusal(cell), /^space Cell: network: `head` applies to layer chains only; this network block shapes a cell network/);
        assert.throws(() => compileSpace({ ...cell, constraints: [{ metric: 'params', op: '<=', value: 1e6 }] }), /`head` applies to layer chains only/);
    });

    test('refusals name what the builder expects', async () => {
        const all = await spaces(EDGES);
        const refusal = (name: string): string => planRefusal(all.get(name)!);
        assert.match(refusal('Odd'), /space Odd, layers 3: the chain builder does not know the parameters 'ratio', 'group'; it expects layer parameters 'kernel' .*'expand' .*'se'.*'width'/);
        assert.match(refusal('NoKernel'), /needs 'kernel'/);
        assert.match(refusal('Even'), /'kernel' must be a choice of odd positive integers; got 2/);
    });

    test('a chain inside a product (arch + lr) is found; proxy(params) counts it in-process', async () => {
        const all = await spaces(EDGES);
        const { plan, space } = planOf(all.get('Wrapped')!);
        const evaluator = createEvaluator({ name: 'params', kind: 'proxy', args: [{ value: { kind: 'word', value: 'params' } }], settings: [] }, { planFor: () => plan });
        assert.ok(evaluator instanceof CostModelEvaluator);
        const rng = new Rng(3);
        const gs = Array.from({ length: 8 }, () => space.sample(rng));
        const results = await evaluator.evaluate(gs, space);
        results.forEach((r, i) => assert.equal(r.metric, costOfChain(plan.chain, plan.read(gs[i])).params));
        assert.ok(new Set(results.map((r) => r.metric)).size > 1, 'the counts vary with the genotype');
    });
});

test('constraint params on a chain space: every sample and neighbour satisfies it; the size is an estimate', async () => {
    const all = await spaces(`space C {
  layers 4 { kernel choice [3, 5, 7]; expand choice [3, 6]; se choice [false, true] }
  width choice [0.75, 1.25]
  constraint params <= 1.2M
}`);
    const spec = all.get('C')!;
    const space = compileSpace(spec);
    const { plan } = planOf(spec);
    const rng = new Rng(5);
    const gs = Array.from({ length: 40 }, () => space.sample(rng));
    const params = gs.map((g) => costOfChain(plan.chain, plan.read(g)).params);
    assert.ok(params.every((p) => p <= 1.2e6), String(Math.max(...params)));
    assert.ok(space.neighbors(gs[0]).every((n) => costOfChain(plan.chain, plan.read(n)).params <= 1.2e6));
    const unconstrained = compileSpace({ ...spec, constraints: [] });
    const over = Array.from({ length: 200 }, () => unconstrained.sample(rng)).filter((g) => costOfChain(plan.chain, plan.read(g)).params > 1.2e6);
    assert.ok(over.length > 0, 'the constraint excludes some genotypes');
    assert.ok(typeof space.size === 'bigint' && space.size < (unconstrained.size as bigint), `${space.size}`);
});

test('the wire request carries exactly one of cell, chain, darts and graph; a chain is checked field by field', async () => {
    const { plan } = planOf((await spaces(undefined)).get('Mobile')!);
    const request = { type: 'count', id: 1, network: plan.network, chain: plan.chain, genotypes: [] };
    assert.equal(isWorkerRequest.problem(request), undefined);
    const cell = { nodes: 2, edges: [[0, 1]], ops: [{ kind: 'identity' }] };
    assert.match(isWorkerRequest.problem({ ...request, cell }) ?? '', /exactly one of cell, chain, darts and graph/);
    assert.match(isWorkerRequest.problem({ ...request, chain: undefined }) ?? '', /exactly one of cell, chain, darts and graph/);
    assert.match(isWorkerRequest.problem({ ...request, chain: { ...plan.chain, se: [0] } }) ?? '', /request\.chain\.se\[0\]/);
});

describe('chain networks: torch builder parity', { skip }, () => {
    let w: WorkerProcess;
    before(async () => {
        const b = torchOrReason();
        if (typeof b !== 'string') w = await WorkerProcess.start(b);
    });
    after(() => w?.close());

    const counts = async (plan: ChainPlan, genotypes: number[][]): Promise<number[]> => {
        const m = await w.request({ type: 'count', network: plan.network, chain: plan.chain, genotypes, method: 'build' });
        assert.equal(m.type, 'counted', JSON.stringify(m));
        return (m as { params: number[] }).params;
    };
    const flops = async (plan: ChainPlan, genotype: number[]): Promise<number> => {
        const m = await w.request({ type: 'proxy', network: plan.network, chain: plan.chain, genotype, proxy: 'flops', batch: 1, seed: 0, device: 'cpu' });
        assert.equal(m.type, 'result', JSON.stringify(m));
        return (m as { value: number }).value;
    };

    test("30 random genotypes of the tour's Mobile space: torch's sum(p.numel()) equals the cost model; FLOPs of 4", async () => {
        const { plan, space } = planOf((await spaces(undefined)).get('Mobile')!);
        const rng = new Rng(11);
        const gs = Array.from({ length: 30 }, () => plan.read(space.sample(rng)));
        assert.deepEqual(await counts(plan, gs), gs.map((g) => costOfChain(plan.chain, g).params));
        for (const g of gs.slice(0, 4)) assert.equal(await flops(plan, g), costOfChain(plan.chain, g).flops);
    });

    test('edge cases: expand 1 and 2.5, se, widths 0.5 / 0.75 / 1.25 on 28x28x1 and 7 classes; a chain with neither se nor width', async () => {
        const all = await spaces(EDGES);
        const { plan } = planOf(all.get('Edge')!);
        assert.deepEqual([plan.network.classes, plan.network.inputSize, plan.network.inputChannels], [7, 28, 1]);
        const gs: number[][] = [];
        // Every (se, expand, kernel) on every layer position in turn, under each width.
        for (let wi = 0; wi < 3; wi++) for (let v = 0; v < 18; v++) gs.push([...Array.from({ length: 5 }, (_, i) => [(v + 2 * i) % 3, (v + i) % 3, (v >> 1) % 2]).flat(), wi]);
        assert.deepEqual(await counts(plan, gs), gs.map((g) => costOfChain(plan.chain, g).params));
        for (const g of [gs[0], gs[25], gs[53]]) assert.equal(await flops(plan, g), costOfChain(plan.chain, g).flops);
        const bare = planOf(all.get('Bare')!).plan;
        const g = [...Array.from({ length: 9 }, (_, i) => [i % 2, 0, 0]).flat(), 0];
        assert.deepEqual(await counts(bare, [g]), [costOfChain(bare.chain, g).params]);
    });

    test('skeletons set by the network block (3 stages, stem 16, head 256; 5 stages on 28x28x1; strides only): torch equals the cost model', async () => {
        const all = await spaces(SKELETONS);
        const rng = new Rng(17);
        for (const name of ['Three', 'Five', 'Strided']) {
            const { plan, space } = planOf(all.get(name)!);
            const gs = Array.from({ length: 24 }, () => plan.read(space.sample(rng)));
            assert.deepEqual(await counts(plan, gs), gs.map((g) => costOfChain(plan.chain, g).params), name);
            for (const g of gs.slice(0, 2)) assert.equal(await flops(plan, g), costOfChain(plan.chain, g).flops, name);
        }
    });
});

/** Chains whose space never turns SE on: the tfjs worker computes their synflow (rescaled at every block, exact). */
const SE_FREE = `space NoSe {
  layers 5 { kernel choice [3, 5, 7]; expand choice [1, 3, 6] }
  width choice [0.5, 1.0, 1.25]
  network { stem 16; stages [16, 32, 64]; strides [1, 2, 2]; head 256 }
}
space Deep {
  layers 20 { kernel choice [3, 5, 7]; expand choice [3, 6]; se choice [false] }
  width choice [0.75, 1.0, 1.25]
}
`;

describe('chain networks: the tfjs builder (wasm) against the cost model and torch', () => {
    const workers = wasmAndTorch();

    const counts = async (plan: ChainPlan, genotypes: number[][]): Promise<number[]> => {
        const m = await workers.wasm.request({ type: 'count', network: plan.network, chain: plan.chain, genotypes });
        assert.equal(m.type, 'counted', JSON.stringify(m));
        return (m as { params: number[] }).params;
    };
    const ask = (plan: ChainPlan, genotype: number[], proxy: string): Omit<ProxyRequest, 'id'> => ({
        type: 'proxy',
        network: plan.network,
        chain: plan.chain,
        genotype,
        proxy,
        batch: 8,
        seed: 3,
        device: 'cpu',
        init: 'channels',
        ...(proxy === 'synflow' || proxy === 'flops' ? {} : { data: 'fashion_mnist' as const }),
    });
    const value = async (w: WorkerProcess, request: Omit<ProxyRequest, 'id'>, what: string): Promise<number> => {
        const m = await w.request(request);
        assert.equal(m.type, 'result', `${what}: ${JSON.stringify(m)}`);
        return (m as { value: number }).value;
    };

    test("parameter counts equal the cost model's (which equals torch's, above): the tour's Mobile space, the edge cases, the skeletons of the network block; FLOPs too", async () => {
        const tour = planOf((await spaces(undefined)).get('Mobile')!);
        const rng = new Rng(11);
        const mobile = Array.from({ length: 30 }, () => tour.plan.read(tour.space.sample(rng)));
        assert.deepEqual(await counts(tour.plan, mobile), mobile.map((g) => costOfChain(tour.plan.chain, g).params));
        for (const g of mobile.slice(0, 3)) assert.equal(await value(workers.wasm, ask(tour.plan, g, 'flops'), 'flops'), costOfChain(tour.plan.chain, g).flops);
        const edges = await spaces(EDGES);
        const edge = planOf(edges.get('Edge')!).plan;
        const gs: number[][] = [];
        for (let wi = 0; wi < 3; wi++) for (let v = 0; v < 18; v++) gs.push([...Array.from({ length: 5 }, (_, i) => [(v + 2 * i) % 3, (v + i) % 3, (v >> 1) % 2]).flat(), wi]);
        assert.deepEqual(await counts(edge, gs), gs.map((g) => costOfChain(edge.chain, g).params));
        for (const g of [gs[0], gs[25], gs[53]]) assert.equal(await value(workers.wasm, ask(edge, g, 'flops'), 'flops'), costOfChain(edge.chain, g).flops);
        const bare = planOf(edges.get('Bare')!).plan;
        const g = [...Array.from({ length: 9 }, (_, i) => [i % 2, 0, 0]).flat(), 0];
        assert.deepEqual(await counts(bare, [g]), [costOfChain(bare.chain, g).params]);
        const skeletons = await spaces(SKELETONS);
        for (const name of ['Three', 'Five', 'Strided']) {
            const { plan, space } = planOf(skeletons.get(name)!);
            const some = Array.from({ length: 24 }, () => plan.read(space.sample(rng)));
            assert.deepEqual(await counts(plan, some), some.map((x) => costOfChain(plan.chain, x).params), name);
            assert.equal(await value(workers.wasm, ask(plan, some[0], 'flops'), `${name} flops`), costOfChain(plan.chain, some[0]).flops, name);
        }
    });

    test("the worker refuses an index outside its list with torch's message, and synflow of a chain whose space allows SE, naming torch", async () => {
        const { plan, space } = planOf((await spaces(SKELETONS)).get('Three')!);
        const g = plan.read(space.sample(new Rng(1)));
        const bad = await workers.wasm.request({ type: 'count', network: plan.network, chain: plan.chain, genotypes: [g, [...g.slice(0, -1), 3]] });
        assert.equal(bad.type, 'failed', JSON.stringify(bad));
        assert.match((bad as { message: string }).message, /bad request: genotypes\[1\]: expected per layer \[kernel, expand, se\] indices, then a width index, each inside its list/);
        const refused = await workers.wasm.request(ask(plan, g, 'synflow'));
        assert.equal(refused.type, 'failed', JSON.stringify(refused));
        assert.match((refused as { message: string }).message, /synflow of a layer chain whose space allows squeeze-and-excitation .*needs float64.*not positively homogeneous.*--backend torch/);
    });

    /**
     * On per-channel weights (CHANNEL_INIT: every weight of output channel o 0.5 + (7o mod 5) / 4, biases (3o mod 4) / 8: the channels of a layer differ, so the loss gradient reaches every layer) both workers build the same network; on the same Fashion-MNIST
     * images (seed 3) naswot, grad_norm, snip, jacob_cov and fisher, on chains with SE (expand 1 included) and without.
     */
    test("on per-channel weights and Fashion-MNIST images: naswot, grad_norm, snip, jacob_cov and fisher equal torch's (5 layers, with and without SE)", { skip: skip || (!fashion && 'Fashion-MNIST absent (apt-get install dataset-fashion-mnist)') }, async () => {
        const all = new Map([...(await spaces(SKELETONS)), ...(await spaces(SE_FREE))]);
        const rng = new Rng(1);
        const seen = new Map<string, number[]>();
        let withSe = 0;
        for (const name of ['Three', 'NoSe']) {
            const { plan, space } = planOf(all.get(name)!);
            for (let k = 0; k < 2; k++) {
                const g = plan.read(space.sample(rng));
                if (plan.chain.se.length > 1 && g.some((x, i) => i % 3 === 2 && i < g.length - 1 && x === 1)) withSe++;
                for (const proxy of ['naswot', 'grad_norm', 'snip', 'jacob_cov', 'fisher']) {
                    const [w, t] = [await value(workers.wasm, ask(plan, g, proxy), `wasm ${name} ${proxy}`), await value(workers.py!, ask(plan, g, proxy), `torch ${name} ${proxy}`)];
                    // naswot counts agreements (exact); the others are float32 in both (measured: at most 1e-5 relative,
                    // fisher; torch's own float32 fisher is 2.6e-5 off its float64 on a Mobile genotype).
                    const tolerance = proxy === 'naswot' ? 1e-9 : 5e-5;
                    assert.ok(Math.abs(w - t) <= tolerance * Math.abs(t), `${name} ${JSON.stringify(g)} ${proxy}: wasm ${w}, torch ${t}`);
                    seen.set(proxy, [...(seen.get(proxy) ?? []), t]);
                }
            }
        }
        assert.ok(withSe > 0, 'a genotype turns SE on');
        for (const [proxy, values] of seen) assert.equal(new Set(values).size, values.length, `${proxy} differs between the genotypes`);
    });

    test("synflow of chains without SE, rescaled at every block in float32, equals torch's unrescaled float64 (5 layers; MobileNetV2's 20)", { skip }, async () => {
        const all = await spaces(SE_FREE);
        const rng = new Rng(2);
        for (const name of ['NoSe', 'Deep']) {
            const { plan, space } = planOf(all.get(name)!);
            for (let k = 0; k < 3; k++) {
                const g = plan.read(space.sample(rng));
                const [w, t] = [await value(workers.wasm, ask(plan, g, 'synflow'), `wasm ${name}`), await value(workers.py!, ask(plan, g, 'synflow'), `torch ${name}`)];
                // A log, so the relative error of synflow. Measured on 12 genotypes each: at most 4e-6 for 5 layers,
                // 2.7e-5 for 20 (float32 sums of equal positive terms, up to 2400 of them, at every layer).
                const tolerance = name === 'Deep' ? 5e-5 : 1e-5;
                assert.ok(Math.abs(w - t) < tolerance, `${name} ${JSON.stringify(g)}: wasm ${w}, torch ${t}`);
            }
        }
    });
});
