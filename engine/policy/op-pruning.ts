import type { CachedEvaluator } from '../evaluate/cache.js';
import { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import { succeeded } from '../evaluate/types.js';
import type { CellSpec, Setting, SpaceSpec } from '../spec.js';
import { mean, median } from '../metrics/shrink.js';
import { sampleDistinct } from './sampling.js';
import { opPruningKind } from '../registry/kinds/op-pruning.js';
import { SettingsReader } from '../registry/settings-reader.js';
import { ShrunkSpace } from '../space/shrunk.js';
import type { PolicyResult } from './types.js';

export interface OpPruningConfig {
    sample: number;
    /** Ops kept on every edge. */
    keep: number;
    seed: number;
}

const S = opPruningKind.settings;

/** The registry's defaults (engine/registry/kinds/op-pruning.ts), as a config. */
export const OP_PRUNING_DEFAULTS: OpPruningConfig = { sample: S.sample.default!, keep: S.keep.default!, seed: S.seed.default! };

/** Reads `policy X = op_pruning(...) { settings }` (with `evaluate E` among them); collecting mode for the language server. */
export function readOpPruningSettings(owner: string, settings: readonly Setting[], collect = false): { config: OpPruningConfig; reader: SettingsReader } {
    const r = new SettingsReader(owner, settings, opPruningKind, collect);
    const d = OP_PRUNING_DEFAULTS;
    const config: OpPruningConfig = { sample: r.get(S.sample, d.sample), keep: r.get(S.keep, d.keep), seed: r.get(S.seed, d.seed) };
    r.done();
    return { config, reader: r };
}

/** The cell of a space that op pruning can act on, or a clear error. */
export function cellOf(spec: SpaceSpec): CellSpec {
    const cells = spec.components.filter((c): c is CellSpec => c.kind === 'cell');
    if (spec.components.length !== 1 || cells.length !== 1) {
        const kinds = spec.components.map((c) => c.kind).join(', ') || 'nothing';
        throw new Error(`policy op_pruning: only defined for a space made of one cell (one op per edge); space ${spec.name} has ${kinds}`);
    }
    return cells[0];
}

/**
 * Operation pruning in the spirit of ABS (Hu et al., 2020, "Angle-based search space shrinking"), with a plain
 * score: sample N architectures, score each (edge, op) by the mean score of the sampled architectures that use
 * that op on that edge, keep the best `keep` ops per edge. The shrunk space is the product of the kept ops
 * (NB201, 2 per edge: 2^6 = 64 cells), materialized as one pocket whose seed is the best op of every edge.
 * An op never sampled on an edge scores -Infinity (it cannot be judged, so it is not kept over a judged one).
 */
export async function runOpPruning(
    space: SearchSpace,
    spec: SpaceSpec,
    evaluator: CachedEvaluator,
    config: OpPruningConfig,
    signal?: AbortSignal,
): Promise<PolicyResult> {
    const cell = cellOf(spec);
    const edges = cell.edges.length;
    const ops = cell.ops.length;
    if (config.keep > ops) throw new Error(`policy op_pruning: keep ${config.keep} per edge, but the cell has only ${ops} ops`);
    const start = evaluator.queries;
    const sample = sampleDistinct(space, config.sample, new Rng(config.seed));
    const results = (await evaluator.evaluate(sample, space, signal)).filter(succeeded); // failed evaluations never score an op
    if (results.length === 0) throw new Error('policy op_pruning: no successful evaluation in the sample');
    const sums = Array.from({ length: edges }, () => new Array<number>(ops).fill(0));
    const counts = Array.from({ length: edges }, () => new Array<number>(ops).fill(0));
    for (const r of results) {
        r.genotype.forEach((op, e) => {
            sums[e][op] += r.score!;
            counts[e][op]++;
        });
    }
    const kept: number[][] = sums.map((row, e) =>
        row
            .map((sum, op) => ({ op, score: counts[e][op] > 0 ? sum / counts[e][op] : -Infinity }))
            .sort((a, b) => b.score - a.score || a.op - b.op)
            .slice(0, config.keep)
            .map((x) => x.op),
    );
    const members: Genotype[] = [];
    const build = (e: number, prefix: number[]): void => {
        if (e === edges) {
            if (space.contains(prefix)) members.push(prefix.slice());
            return;
        }
        for (const op of kept[e]) {
            prefix.push(op);
            build(e + 1, prefix);
            prefix.pop();
        }
    };
    build(0, []);
    const seed = kept.map((opsOfEdge) => opsOfEdge[0]);
    const radius = members.reduce((m, g) => Math.max(m, space.distance(seed, g)), 0);
    const shrunk = new ShrunkSpace(space, [{ seed, members, radius }]);
    const metrics = results.map((r) => r.metric!);
    return {
        kind: 'op_pruning',
        space: shrunk,
        members: [...shrunk.members],
        pockets: [...shrunk.pockets],
        history: [
            {
                iteration: 1,
                size: Number(space.size),
                sampled: sample.length,
                meanMetric: mean(metrics),
                medianMetric: median(metrics),
                bestMetric: evaluator.minimize ? Math.min(...metrics) : Math.max(...metrics),
                queries: evaluator.queries - start,
            },
        ],
        queries: evaluator.queries - start,
        stoppedBy: 'complete',
        chosenIteration: 1,
    };
}
