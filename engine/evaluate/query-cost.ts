import { kindDeclaration } from '../registry/index.js';
import { SettingsReader } from '../registry/settings-reader.js';
import type { SettingDeclaration } from '../registry/types.js';
import type { DocumentSpec, EvaluatorSpec } from '../spec.js';
import { isCostModelProxy } from './cost-model-evaluator.js';

/**
 * Default cost of one `proxy(params)` / `proxy(flops)` evaluation, in units where a table query (standing for a
 * trained network) costs 1. Counting a network takes microseconds against hours of training, so the honest weight
 * is about 1e-6; 0.001 is a deliberately pessimistic stand-in that still keeps the cheap shrinkage nearly free
 * (a 400-query LISSNAS costs 0.4 queries) and is not 0, so a search with such an evaluator still has a finite
 * number of queries (budget / weight). docs/cheap-shrinking.md.
 */
export const COST_MODEL_QUERY_COST = 0.001;

/** The cost units one real evaluation of `spec` costs (`query_cost`, else the kind's default). */
export function queryCostOf(spec: EvaluatorSpec): number {
    const declaration = kindDeclaration('evaluator', spec.kind);
    const setting = declaration?.settings.query_cost as SettingDeclaration<number> | undefined;
    if (!declaration || !setting) return 1;
    const written = new SettingsReader(`evaluator ${spec.name}`, spec.settings, declaration).read(setting);
    if (written !== undefined) return written;
    if (spec.kind === 'proxy') {
        const v = spec.args[0]?.value;
        const proxy = v?.kind === 'word' || v?.kind === 'string' ? v.value : '';
        return isCostModelProxy(proxy) ? COST_MODEL_QUERY_COST : 1;
    }
    return setting.default ?? 1;
}

/** `query_cost` of the evaluator of `doc` named `name` (1 for none: a policy without an evaluator spends nothing). */
export function queryCostByName(doc: Pick<DocumentSpec, 'evaluators'>, name: string | undefined): number {
    const spec = name === undefined ? undefined : doc.evaluators.find((e) => e.name === name);
    return spec ? queryCostOf(spec) : 1;
}

/**
 * How many queries `cost` buys at `weight` units each. A tiny tolerance keeps 0.3 / 0.1 from flooring to 2;
 * a weight of 0 buys no limit, which a search cannot take, so it is refused with the evaluator's name.
 */
export function queriesFor(cost: number, weight: number, owner: string): number {
    if (weight === 0) throw zeroCostSearch(owner);
    return Math.max(0, Math.floor(cost / weight + 1e-9));
}

/** Why a search cannot take a cost budget with an evaluator of cost 0. */
export function zeroCostSearch(owner: string): Error {
    return new Error(`${owner}: its evaluator costs 0 per query (query_cost 0), so a cost budget gives it no limit; give it a query_cost above 0`);
}

/** What `queries` evaluations at `weight` each cost, without float noise in the JSON (470 x 0.001 is 0.47, not 0.47000000000000003). */
export function costOf(queries: number, weight: number): number {
    return Number((queries * weight).toPrecision(12));
}
