import type { WireCell, WireChain, WireDarts, WireGraph, WireNetwork } from '../../protocol/neural-worker.js';
import { buildChainNetwork } from './chain-network.js';
import { buildDartsNetwork } from './darts-network.js';
import { buildGraphNetwork } from './graph-network.js';
import { buildNetwork, type Network } from './network.js';

/** What the tfjs worker builds: an NB201-style cell repeated in a skeleton (network.ts), DARTS cells (darts-network.ts), a layer chain (chain-network.ts) or an NB101 graph (graph-network.ts). */
export type Architecture = WireCell | WireDarts | WireChain | WireGraph;

export function isDarts(arch: Architecture): arch is WireDarts {
    return 'kind' in arch && arch.kind === 'darts';
}

export function isChain(arch: Architecture): arch is WireChain {
    return 'kind' in arch && arch.kind === 'chain';
}

/** The network of `genotype` in `arch` (network.py's `Network` chooses the same way). */
export function buildArchitecture(net: WireNetwork, arch: Architecture, genotype: number[]): Network {
    if (isChain(arch)) return buildChainNetwork(net, arch, genotype);
    if (isDarts(arch)) return buildDartsNetwork(net, arch, genotype);
    if ('kind' in arch && arch.kind === 'graph') return buildGraphNetwork(net, arch, genotype);
    return buildNetwork(net, arch, genotype);
}
