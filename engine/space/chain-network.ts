import { chainSkeleton, type ChainNetwork } from '../cost/chain.js';
import type { NetworkSpec, ParamSpec, Scalar, SpaceSpec } from '../spec.js';
import { locateChain } from './locate-chain.js';
import { chainFrameOf, networkKeyProblems } from './network-keys.js';
import { NB201_NETWORK_SPEC } from './nb201.js';
import type { FixedLengthSpace } from './product.js';
import type { Genotype } from './types.js';

/** The layer parameters a chain builder knows (docs/proxies.md "Networks from genotypes"). */
const LAYER_PARAMS = ['kernel', 'expand', 'se'] as const;
const EXPECTED = "layer parameters 'kernel' (odd depthwise kernel), 'expand' (expansion ratio) and optionally 'se' (true/false), each a choice, and optionally a top-level 'width' choice beside the layers";

/**
 * The chain network of a space whose architecture is a layer chain (locate-chain.ts): the skeleton of the outermost
 * `network` block (its stem, stages, strides and head, MobileNetV2's where it writes none: network-keys.ts
 * `chainFrameOf`) with the layers spread over its stages (engine/cost/chain.ts `chainSkeleton`), that block's classes
 * and input shape (else CIFAR-10's), the value tables of its choices, and `read`: the space's
 * genotype as the builders and the cost model take it (per layer [kernel, expand, se] indices, then the width
 * index). The neural plan (engine/evaluate/neural/network-plan.ts) and chain constraints (compile.ts) share it.
 * undefined: the space has no chain; a string: why this chain cannot be built.
 */
export function chainNetworkOf(spec: SpaceSpec, compiled: FixedLengthSpace): { network: NetworkSpec; chain: ChainNetwork; read: (g: Genotype) => Genotype } | string | undefined {
    const found = locateChain(spec, compiled);
    if (found === undefined) return undefined;
    if (found === 'several') return `space ${spec.name}: has several layer chains; a neural evaluator builds exactly one`;
    const where = `space ${spec.name}, layers ${found.chain.layers}`;
    const unknown = found.chain.params.filter((p) => !(LAYER_PARAMS as readonly string[]).includes(p.name)).map((p) => p.name);
    if (unknown.length > 0) return `${where}: the chain builder does not know the parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; it expects ${EXPECTED}`;
    const param = (name: string): ParamSpec | undefined => found.chain.params.find((p) => p.name === name);
    const kernel = param('kernel');
    const expand = param('expand');
    if (!kernel || !expand) return `${where}: the chain builder needs ${!kernel ? "'kernel'" : "'expand'"}; it expects ${EXPECTED}`;
    const se = param('se');
    const tables = {
        kernel: values(kernel, (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v % 2 === 1, 'odd positive integers'),
        expand: values(expand, (v) => typeof v === 'number' && v >= 1 && v <= 64, 'numbers from 1 to 64'),
        se: se ? values(se, (v) => typeof v === 'boolean', 'true or false') : [false],
        width: found.width ? values(found.width, (v) => typeof v === 'number' && v > 0 && v <= 8, 'numbers in (0, 8]') : [1],
    };
    for (const t of Object.values(tables)) if (typeof t === 'string') return `${where}: ${t}`;
    for (const p of found.chain.params) if (p.when !== undefined) return `${where}: the chain builder needs unconditional layer parameters ('${p.name}' has a when)`;
    const network = spec.network ?? found.network ?? NB201_NETWORK_SPEC;
    const refused = networkKeyProblems(network, 'chain')[0];
    if (refused) return `${where}: network: ${refused.message}`;
    const skeleton = chainSkeleton(found.chain.layers, network, chainFrameOf(network));
    const chain: ChainNetwork = { ...skeleton, ...(tables as { kernel: number[]; expand: number[]; se: boolean[]; width: number[] }) };
    const P = found.chain.params.length;
    const at = LAYER_PARAMS.map((name) => found.chain.params.findIndex((p) => p.name === name));
    const layers = found.chain.layers;
    const read = (g: Genotype): Genotype => {
        const own = found.readLayers(g);
        const out: number[] = [];
        for (let i = 0; i < layers; i++) for (const j of at) out.push(j < 0 ? 0 : own[i * P + j]);
        out.push(found.readWidth ? found.readWidth(g) : 0);
        return out;
    };
    return { network, chain, read };
}

/** The values of a `choice` parameter (a builder table, indexed by the genotype), or why they do not fit. */
function values<T extends Scalar>(p: ParamSpec, ok: (v: Scalar) => boolean, what: string): T[] | string {
    if (p.domain.type !== 'choice') return `'${p.name}' must be a choice of ${what} (it is ${p.domain.type}(...))`;
    const bad = p.domain.values.filter((v) => !ok(v));
    if (bad.length > 0) return `'${p.name}' must be a choice of ${what}; got ${bad.map(String).join(', ')}`;
    return [...p.domain.values] as T[]; // a choice's genotype number is the value's index
}
