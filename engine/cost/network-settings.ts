import { networkKind } from '../registry/kinds/network.js';
import { SettingsReader } from '../registry/settings-reader.js';
import type { NetworkSpec, Setting } from '../spec.js';

/** Reads a space's `network { ... }` block through the registry; a setting left out keeps its registry default. */
export function readNetworkSettings(owner: string, settings: readonly Setting[], collect = false): { network: NetworkSpec; reader: SettingsReader } {
    const N = networkKind.settings;
    const reader = new SettingsReader(owner, settings, networkKind, collect);
    const network: NetworkSpec = {
        stem: reader.get(N.stem, N.stem.default!),
        stages: [...reader.get(N.stages, N.stages.default!)],
        cellsPerStage: reader.get(N.cells_per_stage, N.cells_per_stage.default!),
        reduction: reader.get(N.reduction, N.reduction.default!),
        classes: reader.get(N.classes, N.classes.default!),
        inputSize: reader.get(N.input, N.input.default!),
        inputChannels: reader.get(N.channels, N.channels.default!),
    };
    reader.done();
    return { network, reader };
}
