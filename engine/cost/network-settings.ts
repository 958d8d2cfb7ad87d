import { networkKind } from '../registry/kinds/network.js';
import { SettingsReader } from '../registry/settings-reader.js';
import { settingsOf } from '../registry/types.js';
import type { NetworkSpec, Setting } from '../spec.js';
import { NB201_CIFAR10 } from './network.js';

/**
 * Reads a space's `network { ... }` block through the registry; a setting left out keeps its registry default, and
 * `stem`, `stages` and `cells_per_stage` NAS-Bench-201's (a layer chain takes MobileNetV2's for what `written` does not name:
 * engine/space/network-keys.ts). What depends on the kind of network (keys for the other kind, one stride per stage)
 * is judged where that kind is known (network-keys.ts).
 */
export function readNetworkSettings(owner: string, settings: readonly Setting[], collect = false): { network: NetworkSpec; reader: SettingsReader } {
    const N = networkKind.settings;
    const reader = new SettingsReader(owner, settings, networkKind, collect);
    // undefined: not written, or (collecting mode) refused, which the reader has reported.
    const stages = reader.read(N.stages);
    const network: NetworkSpec = {
        stem: reader.get(N.stem, NB201_CIFAR10.stem),
        stages: [...(stages ?? NB201_CIFAR10.stages)],
        cellsPerStage: reader.get(N.cells_per_stage, NB201_CIFAR10.cellsPerStage),
        reduction: reader.get(N.reduction, N.reduction.default!),
        classes: reader.get(N.classes, N.classes.default!),
        inputSize: reader.get(N.input, N.input.default!),
        inputChannels: reader.get(N.channels, N.channels.default!),
        written: settingsOf(networkKind)
            .map((s) => s.key)
            .filter((key) => reader.has(key)),
    };
    // Only as written: absent, a chain takes MobileNetV2's head (and a cell network has none to set).
    const head = reader.has('head') ? reader.read(N.head) : undefined;
    if (head !== undefined) network.head = head;
    const strides = reader.read(N.strides);
    if (strides !== undefined) network.strides = [...strides];
    reader.done();
    return { network, reader };
}
