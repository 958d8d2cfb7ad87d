// Shared by the neural tests: the torch back-end as the product finds it, or why it is absent (the tests then
// skip with that reason printed; CI installs Debian's python3-torch and dataset-fashion-mnist so they run).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendUnavailable, resolveBackend, type TorchBackend } from '../../../engine/evaluate/neural/backend.js';
import type { WireCell, WireNetwork } from '../../../protocol/neural-worker.js';
import { NB201_CELL_SPEC } from '../../../engine/space/nb201.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'neural');

let found: TorchBackend | string | undefined;

/** The back-end `auto` resolves to here, or the reason there is none. */
export function torchOrReason(): TorchBackend | string {
    if (found === undefined) {
        try {
            found = resolveBackend('torch');
        } catch (e) {
            if (!(e instanceof BackendUnavailable)) throw e;
            found = e.message;
        }
    }
    return found;
}

/** `skip` option of node:test: false when torch is here, else the printed reason. */
export function skipWithoutTorch(): false | string {
    const t = torchOrReason();
    if (typeof t !== 'string') return false;
    const reason = `torch back-end absent (${t})`;
    console.log(`# skipped: ${reason}`);
    return reason;
}

export const NB201_WIRE_CELL: WireCell = {
    nodes: NB201_CELL_SPEC.nodes,
    edges: NB201_CELL_SPEC.edges,
    ops: [{ kind: 'zero' }, { kind: 'identity' }, { kind: 'relu_conv_bn', kernel: 1 }, { kind: 'relu_conv_bn', kernel: 3 }, { kind: 'pool', kernel: 3, mode: 'avg' }],
};

export const NB201_WIRE_NETWORK: WireNetwork = { stem: 16, stages: [16, 32, 64], cellsPerStage: 5, reduction: 'resnet', classes: 10, inputSize: 32, inputChannels: 3 };

/** A small skeleton for fast proxy and training tests. */
export const TINY_NETWORK: WireNetwork = { stem: 8, stages: [8, 16, 32], cellsPerStage: 1, reduction: 'resnet', classes: 10, inputSize: 32, inputChannels: 3 };

// 12 cells drawn uniformly (Rng(1)) from the 15,625: the first 12 of the 40 docs/proxies.md measured agreement on.
export const DRAWN = [
    [0, 0, 1, 3, 0, 2],
    [0, 0, 4, 3, 4, 3],
    [2, 4, 1, 1, 2, 3],
    [4, 2, 2, 0, 3, 2],
    [2, 3, 3, 0, 4, 4],
    [4, 0, 0, 3, 3, 4],
    [0, 1, 4, 3, 3, 3],
    [2, 0, 2, 2, 1, 4],
    [3, 0, 2, 2, 1, 1],
    [4, 0, 3, 0, 3, 0],
    [1, 1, 4, 3, 1, 0],
    [3, 1, 4, 2, 3, 1],
];
