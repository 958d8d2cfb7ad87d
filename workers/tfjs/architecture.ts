import type { WireCell, WireDarts, WireNetwork } from '../../protocol/neural-worker.js';
import { buildDartsNetwork } from './darts-network.js';
import { buildNetwork, type Network } from './network.js';

/** What the tfjs worker builds: an NB201-style cell repeated in a skeleton (network.ts) or DARTS cells (darts-network.ts). */
export type Architecture = WireCell | WireDarts;

export function isDarts(arch: Architecture): arch is WireDarts {
    return 'kind' in arch && arch.kind === 'darts';
}

/** The network of `genotype` in `arch` (network.py's `Network` chooses the same way). */
export function buildArchitecture(net: WireNetwork, arch: Architecture, genotype: number[]): Network {
    return isDarts(arch) ? buildDartsNetwork(net, arch, genotype) : buildNetwork(net, arch, genotype);
}
