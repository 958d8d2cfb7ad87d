import { POCKET_MAP_FORMAT, type MapPocket, type MapPoint, type PocketMap } from '../../protocol/pocket-map.js';
import { drawGenotype } from '../space/drawing.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import { embed, type EmbeddingOptions } from './embedding.js';

/**
 * The pocket map of a run (protocol/pocket-map.ts): every evaluated architecture placed in 2-D by an embedding
 * of the space's own `distance` (embedding.ts), with membership in the returned shrunk space, its pocket, and
 * its drawing. Pure: `engine/run/run-map.ts` reads a run directory into `PocketMapInput`; benchmarks build one
 * directly. Deterministic: the same input gives the same JSON text.
 *
 * Pocket of a point: the nearest pocket seed (space distance) within that pocket's radius; ties go to the lowest
 * pocket index; none when no seed is within its radius.
 */

export interface EvaluatedArch {
    genotype: Genotype;
    key: string;
    metric?: number;
    report?: number;
    /** The metric oriented so that higher is better (journal `score`); picks the best when `bestKey` is not given. */
    score?: number;
    error?: string;
    iteration?: number;
}

export interface PocketInput {
    /** Seed as the space formats it (result.json `pockets[].seed`). */
    seed: string;
    radius: number;
    /** The pocket's own numbers from result.json (all its members, evaluated or not), when known. */
    members?: number;
    bestMetric?: number;
    meanMetric?: number;
}

export interface PocketMapInput {
    command: 'shrink' | 'search';
    name: string;
    space: SearchSpace;
    metricName?: string;
    reportName?: string;
    /** Distinct evaluated architectures, in evaluation order. */
    evaluated: EvaluatedArch[];
    pockets: PocketInput[];
    /** Membership in the returned (shrunk) space; absent: no point is a member (a search, a running run). */
    isMember?: (g: Genotype) => boolean;
    /** Key of the best architecture (result.json `best.key`); absent: the highest score, lowest key on ties. */
    bestKey?: string;
    embedding?: EmbeddingOptions;
}

/** Coordinates keep 6 significant digits: plenty for a plot, and a third of the JSON of full doubles. */
const DIGITS = 6;

export function buildPocketMap(input: PocketMapInput): PocketMap {
    const { space, evaluated } = input;
    const bestKey = input.bestKey ?? bestByScore(evaluated);
    const bestIndex = bestKey === undefined ? -1 : evaluated.findIndex((e) => e.key === bestKey);
    const layout = embed(evaluated.length, (i, j) => space.distance(evaluated[i].genotype, evaluated[j].genotype), {
        ...input.embedding,
        first: bestIndex >= 0 ? bestIndex : 0,
    });
    const seeds = input.pockets.map((p) => space.parse(p.seed));
    const points: MapPoint[] = evaluated.map((e, i) => {
        const point: MapPoint = {
            key: e.key,
            arch: space.format(e.genotype),
            x: round(layout.x[i]),
            y: round(layout.y[i]),
            member: input.isMember ? input.isMember(e.genotype) : false,
            drawing: drawGenotype(space, e.genotype),
        };
        if (finite(e.metric)) point.metric = e.metric;
        if (finite(e.report)) point.report = e.report;
        if (e.error !== undefined) point.error = e.error;
        const pocket = nearestPocket(space, e.genotype, seeds, input.pockets);
        if (pocket !== undefined) point.pocket = pocket;
        if (e.iteration !== undefined) point.iteration = e.iteration;
        return point;
    });
    const pockets: MapPocket[] = input.pockets.map((p, k) => {
        const inPocket = points.filter((x) => x.pocket === k);
        const metrics = inPocket.map((x) => x.metric).filter(finite);
        const out: MapPocket = { seed: p.seed, seedKey: space.key(seeds[k]), members: p.members ?? inPocket.length, radius: p.radius };
        const best = p.bestMetric ?? (metrics.length > 0 ? Math.max(...metrics) : undefined);
        const mean = p.meanMetric ?? (metrics.length > 0 ? metrics.reduce((s, v) => s + v, 0) / metrics.length : undefined);
        if (best !== undefined) out.bestMetric = best;
        if (mean !== undefined) out.meanMetric = mean;
        return out;
    });
    const map: PocketMap = {
        format: POCKET_MAP_FORMAT,
        command: input.command,
        name: input.name,
        space: space.name,
        embedding: { method: layout.method, landmarks: layout.landmarks, explained: layout.explained },
        points,
        pockets,
    };
    if (input.metricName !== undefined) map.metricName = input.metricName;
    if (input.reportName !== undefined) map.reportName = input.reportName;
    if (bestKey !== undefined) map.bestKey = bestKey;
    return map;
}

/** Index of the nearest seed within its pocket's radius (lowest index on ties), if any. */
export function nearestPocket(space: SearchSpace, g: Genotype, seeds: readonly Genotype[], pockets: readonly PocketInput[]): number | undefined {
    let found: number | undefined;
    let nearest = Infinity;
    seeds.forEach((seed, k) => {
        const d = space.distance(g, seed);
        // The tolerance absorbs float noise of continuous distances (as ShrunkSpace.neighbors does).
        if (d <= pockets[k].radius + 1e-9 && d < nearest) {
            nearest = d;
            found = k;
        }
    });
    return found;
}

/** The highest score, lowest key on ties: the rule of `result.json` `best` (engine/run/session.ts bestSeen). */
function bestByScore(evaluated: readonly EvaluatedArch[]): string | undefined {
    let best: EvaluatedArch | undefined;
    for (const e of evaluated) {
        if (!finite(e.score) || e.error !== undefined) continue;
        if (!best || e.score! > best.score! || (e.score === best.score && e.key < best.key)) best = e;
    }
    return best?.key;
}

function finite(x: number | undefined): x is number {
    return typeof x === 'number' && Number.isFinite(x);
}

function round(x: number): number {
    return x === 0 ? 0 : Number(x.toPrecision(DIGITS));
}
