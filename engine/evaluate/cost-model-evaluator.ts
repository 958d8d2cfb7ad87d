import { costOfChain } from '../cost/chain.js';
import { dartsCost } from '../cost/darts.js';
import { graphCost } from '../cost/graph.js';
import type { Cost } from '../cost/layers.js';
import { cellCostTableOfKinds, costFromTable } from '../cost/network.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { NetworkPlan } from './neural/network-plan.js';
import { throwIfAborted, toScore, type EvaluationResult, type Evaluator, type ResultCallback } from './types.js';

/** The proxies the cost model answers exactly, without building a network. */
export const COST_MODEL_PROXIES = ['params', 'flops'] as const;
export type CostModelProxy = (typeof COST_MODEL_PROXIES)[number];

export function isCostModelProxy(name: string): name is CostModelProxy {
    return (COST_MODEL_PROXIES as readonly string[]).includes(name);
}

export interface CostModelOptions {
    name: string;
    proxy: CostModelProxy;
    /** The network plan of a space (the same plan the torch worker would build from, so both count the same network). */
    planFor: (space: SearchSpace) => NetworkPlan | string;
}

/**
 * `proxy(params)` and `proxy(flops)` in-process: the cost model (engine/cost) counts the network the torch worker
 * would build, in microseconds and without torch. The values are the worker's (raw counts, not millions; the
 * parity tests check worker = cost model = the NB201 table's `*_params_m` / `*_flops_m`), maximized like every
 * proxy. A space the plan cannot build (several cells, an op no builder has) is refused with the plan's reason.
 *
 * Cache identity: `key`. The count is exact per genotype (dead modules count, as in NB201), and two isomorphic
 * cells can differ in dead modules, so merging them by canonical form could answer another cell's count.
 */
export class CostModelEvaluator implements Evaluator {
    readonly name: string;
    readonly minimize = false;
    readonly cacheBy = 'key' as const;
    /** The cost function of each space evaluated (a cell's cost table is built once: a study evaluates one space thousands of times). */
    private readonly plans = new WeakMap<SearchSpace, (g: Genotype) => Cost>();

    constructor(private readonly options: CostModelOptions) {
        this.name = options.name;
    }

    async evaluate(genotypes: readonly Genotype[], space: SearchSpace, signal?: AbortSignal, onResult?: ResultCallback): Promise<EvaluationResult[]> {
        throwIfAborted(signal);
        const costOf = this.costOf(space);
        return genotypes.map((g, i) => {
            const started = performance.now();
            const cost = costOf(g);
            const metric = this.options.proxy === 'params' ? cost.params : cost.flops;
            const result: EvaluationResult = {
                key: space.key(g),
                canonical: space.canonical(g),
                genotype: g.slice(),
                metric,
                report: undefined,
                score: toScore(metric, this.minimize),
                cost: { queries: 1, seconds: (performance.now() - started) / 1000 },
            };
            onResult?.(i, result);
            return result;
        });
    }

    private costOf(space: SearchSpace): (g: Genotype) => Cost {
        let known = this.plans.get(space);
        if (!known) {
            const plan = this.options.planFor(space);
            if (typeof plan === 'string') throw new Error(`evaluator ${this.name}: ${plan}`);
            if (plan.kind === 'chain') {
                known = (g) => costOfChain(plan.chain, plan.read(g));
            } else if (plan.kind === 'darts') {
                known = (g) => dartsCost(plan.darts, plan.network, plan.read(g));
            } else if (plan.kind === 'graph') {
                known = (g) => graphCost(plan.graph, plan.network, plan.read(g));
            } else {
                const table = cellCostTableOfKinds(plan.network, plan.cell.edges, plan.cell.ops);
                known = (g) => costFromTable(table, plan.read(g));
            }
            this.plans.set(space, known);
        }
        return known;
    }
}
