/**
 * Sampling estimate of the number of classes of a cell space too big to enumerate.
 *
 * unique = Σ_x 1/|class(x)| = raw · E[1/|class(x)|] for x uniform, so raw × the mean of 1/|class(x)| over
 * uniform samples is unbiased; its 95% interval is the normal one (mean ± 1.96·sd/√n), clipped to
 * [classes seen, raw]. |class(x)| is counted exactly by `CellClassCounter` (top-down from x's canonical
 * form, memoised across samples). Sampling stops at the first multiple of 100 samples (from 200 on) where
 * the half-width is within `precision` of the mean, after the sample whose counting steps pass
 * `estimateWork` (a class count that would run past twice the budget is dropped, unfinished), or at
 * `samples`. Every rule counts samples and steps, never time, so the estimate is reproducible.
 */
import { edgeTerm, nodeExpression, type CellShape, type OpRoles } from '../canonical/cell.js';
import { Rng } from '../rng.js';
import { log10Big } from './bigmath.js';
import { CellClassCounter } from './cell-class.js';
import { DEFAULT_CELL_SAMPLES, DEFAULT_ESTIMATE_WORK, DEFAULT_PRECISION, type SizeOptions, type SpaceSize } from './types.js';

const CHECK_EVERY = 100;
const MIN_SAMPLES = 200;
/** Fewer samples than this (a work budget spent on a few huge classes) give no interval: raw bounds unique. */
const MIN_INTERVAL_SAMPLES = 30;
/** Steps charged per edge for drawing and canonicalising a sample, so that steps track time on small cells too. */
const SAMPLE_STEPS_PER_EDGE = 5;

export function estimateUniqueCells(cell: CellShape, numOps: number, roles: OpRoles, raw: bigint, options: SizeOptions = {}): SpaceSize {
    const maxSamples = options.samples ?? DEFAULT_CELL_SAMPLES;
    const precision = options.precision ?? DEFAULT_PRECISION;
    const workBudget = options.estimateWork ?? DEFAULT_ESTIMATE_WORK;
    const rng = new Rng(options.seed ?? 'sizes');
    // One class count may not run far past the budget: it gives up at twice the budget.
    const counter = new CellClassCounter(cell, numOps, roles, 2 * workBudget);
    const incoming = incomingSources(cell);
    const seen = new Set<string>();
    const rawNumber = Number(raw);
    let sum = 0;
    let sumSquares = 0;
    let n = 0;
    let stop = '';
    while (n < maxSamples) {
        const ops = cell.edges.map(() => rng.int(numOps));
        const target = canonicalRecordingDigests(cell, incoming, ops, roles, counter.digests);
        counter.steps += SAMPLE_STEPS_PER_EDGE * cell.edges.length;
        const members = counter.classSize(target);
        if (members === undefined) {
            stop = ', stopped at the work budget';
            break;
        }
        if (!(members >= 1)) return rawBound(raw, seen.size, 'class sizes could not be counted: unique is only bounded by raw');
        seen.add(target);
        n++;
        sum += 1 / members;
        sumSquares += 1 / (members * members);
        if (n >= maxSamples) break;
        if (counter.steps >= workBudget) {
            stop = ', stopped at the work budget';
            break;
        }
        if (n % CHECK_EVERY === 0 && n >= MIN_SAMPLES) {
            const { mean, half } = stats(sum, sumSquares, n);
            if (half <= precision * mean) {
                stop = `, stopped at ±${(precision * 100).toFixed(1)}%`;
                break;
            }
        }
    }
    if (n < Math.min(MIN_INTERVAL_SAMPLES, maxSamples)) {
        return rawBound(raw, seen.size, `classes too large to count within the work budget (${n} samples): unique is only bounded by raw`);
    }
    const { mean, half } = stats(sum, sumSquares, n);
    const estimate = rawNumber * mean;
    const low = Math.max(seen.size, rawNumber * (mean - half));
    const high = Math.min(rawNumber, rawNumber * (mean + half));
    const unique = BigInt(Math.max(seen.size, Math.round(estimate)));
    return {
        raw,
        unique,
        exact: false,
        log10Raw: log10Big(raw),
        log10Unique: Math.log10(Math.max(1, estimate)),
        interval: [low, high],
        note: `unique estimated from ${n} uniform samples (raw × mean of 1/class size${stop})`,
    };
}

function rawBound(raw: bigint, seen: number, note: string): SpaceSize {
    return { raw, unique: raw, exact: false, log10Raw: log10Big(raw), log10Unique: log10Big(raw), interval: [seen, Number(raw)], note };
}

function stats(sum: number, sumSquares: number, n: number): { mean: number; half: number } {
    const mean = sum / n;
    const variance = Math.max(0, sumSquares / n - mean * mean) * (n / Math.max(1, n - 1));
    return { mean, half: 1.96 * Math.sqrt(variance / n) };
}

/** Source node of each incoming edge, per node, in edge-list order (as `canonicalCell` reads them). */
function incomingSources(cell: CellShape): Array<Array<[edge: number, source: number]>> {
    const incoming: Array<Array<[number, number]>> = Array.from({ length: cell.nodes }, () => []);
    cell.edges.forEach(([from, to], edge) => incoming[to].push([edge, from]));
    return incoming;
}

/** `canonicalCell`, also recording every digest it makes (so that class sizes can see through them). */
function canonicalRecordingDigests(
    cell: CellShape,
    incoming: Array<Array<[number, number]>>,
    ops: number[],
    roles: OpRoles,
    digests: Map<string, string>,
): string {
    const expr = new Array<string>(cell.nodes);
    expr[0] = '0';
    for (let node = 1; node < cell.nodes; node++) {
        const terms: string[] = [];
        for (const [edge, source] of incoming[node]) terms.push(edgeTerm(expr[source], ops[edge], roles));
        expr[node] = nodeExpression(terms, digests);
    }
    return expr[cell.nodes - 1];
}
