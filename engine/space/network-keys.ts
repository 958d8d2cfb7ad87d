import { MOBILENET_V2_FRAME, type ChainFrame } from '../cost/chain.js';
import { networkKind } from '../registry/kinds/network.js';
import { settingsOf, type NetworkArchitecture } from '../registry/types.js';
import type { NetworkSpec } from '../spec.js';

const ONE: Record<NetworkArchitecture, string> = { cell: 'a cell network', chain: 'a layer chain', darts: 'a DARTS cell network', graph: 'an NB101 graph network' };
const ALL: Record<NetworkArchitecture, string> = { cell: 'cell networks', chain: 'layer chains', darts: 'DARTS cell networks', graph: 'NB101 graph networks' };

/** "cell networks", "cell networks and layer chains", ... (what a key applies to, for messages and hover). */
export function architecturesText(architectures: readonly NetworkArchitecture[]): string {
    const names = architectures.map((a) => ALL[a]);
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
}

/** Whether a `network` key is read by `architecture` (a key without `architectures` is read by every kind). */
export function keyAppliesTo(setting: { architectures?: readonly NetworkArchitecture[] }, architecture: NetworkArchitecture): boolean {
    return setting.architectures === undefined || setting.architectures.includes(architecture);
}

/**
 * What a `network` block wrote that the kind of network it shapes cannot use, each with its key: a key the registry
 * declares for other kinds (`cells_per_stage` for cells, DARTS cells and graphs, `reduction` for cells, `stages` for cells and
 * chains, `strides` and `head` for chains), a
 * chain's `stages` without `strides` (MobileNetV2's strides fit only its own seven stages), and a chain's `strides`
 * that are not one per stage (of `stages`, else of MobileNetV2's seven). The editor reports each on its key
 * (dsl/validation/network-keys.ts); the engine refuses the network with the first (chain-network.ts, network-plan.ts,
 * compile.ts), so a spec built by hand gets the same answer.
 */
export function networkKeyProblems(network: NetworkSpec, architecture: NetworkArchitecture): Array<{ key: string; message: string }> {
    const written = network.written ?? [];
    const problems: Array<{ key: string; message: string }> = [];
    for (const s of settingsOf(networkKind)) {
        if (!written.includes(s.key) || keyAppliesTo(s, architecture)) continue;
        problems.push({ key: s.key, message: `\`${s.key}\` applies to ${architecturesText(s.architectures!)} only; this network block shapes ${ONE[architecture]} (docs/language.md "The network skeleton")` });
    }
    if (architecture === 'chain') {
        const stages = written.includes('stages') ? network.stages : undefined;
        if (stages && !network.strides) {
            // The example is a cell network's schedule: no reduction before the first stage, one before each other.
            const example = stages.map((_, i) => (i === 0 ? 1 : 2)).join(', ');
            const message = `a layer chain's \`stages\` needs \`strides\` beside it: the first-layer stride (1 or 2) of each of its ${stages.length} stages, e.g. \`strides [${example}]\``;
            problems.push({ key: 'stages', message });
        }
        const n = (stages ?? MOBILENET_V2_FRAME.stages).length;
        if (network.strides && network.strides.length !== n) {
            const of = stages ? `the ${n} stages of \`stages\`` : `MobileNetV2's ${n} stages (\`stages\` is not written)`;
            problems.push({ key: 'strides', message: `strides has ${network.strides.length} value${network.strides.length === 1 ? '' : 's'} for ${of}: one first-layer stride per stage` });
        }
    }
    return problems;
}

/**
 * The frame of the layer chain a `network` block shapes: what it wrote of `stem`, `stages`, `strides` and `head`,
 * MobileNetV2's for the rest. Throws on a block `networkKeyProblems` refuses (a chain's `stages` without `strides`).
 */
export function chainFrameOf(network: NetworkSpec): ChainFrame {
    const written = network.written ?? [];
    const stages = written.includes('stages') ? network.stages : MOBILENET_V2_FRAME.stages;
    const strides = network.strides ?? (written.includes('stages') ? undefined : MOBILENET_V2_FRAME.strides);
    if (strides === undefined || strides.length !== stages.length) throw new RangeError(`network: ${stages.length} stages and ${strides?.length ?? 'no'} strides`);
    return { stem: written.includes('stem') ? network.stem : MOBILENET_V2_FRAME.stem, stages, strides, head: network.head ?? MOBILENET_V2_FRAME.head };
}

/**
 * `stem` and `cells_per_stage` of a network block around DARTS cells or a graph, `frame`'s where not written (their
 * defaults differ from a cell network's: the registry cannot declare them), once its keys are checked for
 * `architecture`; a string saying which key it cannot take.
 */
export function frameOf(spaceName: string, network: NetworkSpec, architecture: NetworkArchitecture, frame: { stem: number; cellsPerStage: number }): { stem: number; cellsPerStage: number } | string {
    const refused = networkKeyProblems(network, architecture)[0];
    if (refused) return `space ${spaceName}: network: ${refused.message}`;
    const written = network.written ?? [];
    return {
        stem: written.includes('stem') ? network.stem : frame.stem,
        cellsPerStage: written.includes('cells_per_stage') ? network.cellsPerStage : frame.cellsPerStage,
    };
}
