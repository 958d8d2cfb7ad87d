/**
 * Sizes of NAS-Bench-201-style cell spaces: raw = ops^edges; unique = number of classes of
 * `canonicalCell` (NB201's unique-string rule), exact when affordable, else estimated by sampling.
 *
 * The exact count is `countCellClasses` (engine/size/cell-count.ts): a DP over the nodes, capped by
 * `workLimit`. The estimate is `estimateUniqueCells` (engine/size/cell-estimate.ts): raw × the mean of
 * 1/|class(x)| over uniform samples, with |class(x)| counted exactly by `CellClassCounter`
 * (engine/size/cell-class.ts). See docs/sizes.md.
 */
import type { CellShape, OpRoles } from '../canonical/cell.js';
import { log10Big } from './bigmath.js';
import { CellClassCounter } from './cell-class.js';
import { countCellClasses } from './cell-count.js';
import { estimateUniqueCells } from './cell-estimate.js';
import { DEFAULT_WORK_LIMIT, type SizeOptions, type SpaceSize } from './types.js';

export { estimateUniqueCells } from './cell-estimate.js';

/**
 * Memo of whole cell sizes (estimates are seeded, hence deterministic): the language server asks for the
 * same shapes on every keystroke, and an estimate costs up to a few seconds.
 */
const sizeMemo = new Map<string, SpaceSize>();

export function cellSize(cell: CellShape, numOps: number, roles: OpRoles, options: SizeOptions = {}): SpaceSize {
    const key = JSON.stringify([
        cell.nodes,
        cell.edges,
        numOps,
        roles.none,
        roles.identity,
        options.workLimit,
        options.samples,
        options.seed,
        options.precision,
        options.estimateWork,
    ]);
    const known = sizeMemo.get(key);
    if (known) return { ...known };
    const size = computeCellSize(cell, numOps, roles, options);
    if (sizeMemo.size >= 512) sizeMemo.clear();
    sizeMemo.set(key, size);
    return { ...size };
}

function computeCellSize(cell: CellShape, numOps: number, roles: OpRoles, options: SizeOptions): SpaceSize {
    const raw = BigInt(numOps) ** BigInt(cell.edges.length);
    const workLimit = options.workLimit ?? DEFAULT_WORK_LIMIT;
    const exact = countUniqueCells(cell, numOps, roles, workLimit);
    if (exact !== undefined) {
        return { raw, unique: exact, exact: true, log10Raw: log10Big(raw), log10Unique: log10Big(exact) };
    }
    return estimateUniqueCells(cell, numOps, roles, raw, options);
}

/**
 * Memo of exact counts: a pure function of small plain inputs, asked for again on every edit by the
 * language server (validation, hover, inlay hints) for the same few cell shapes.
 */
const uniqueMemo = new Map<string, bigint | undefined>();

/** Exact number of classes, or undefined when the DP would exceed `workLimit` steps. */
export function countUniqueCells(cell: CellShape, numOps: number, roles: OpRoles, workLimit = DEFAULT_WORK_LIMIT): bigint | undefined {
    const key = JSON.stringify([cell.nodes, cell.edges, numOps, roles.none, roles.identity, workLimit]);
    if (uniqueMemo.has(key)) return uniqueMemo.get(key);
    const count = countCellClasses(cell, numOps, roles, workLimit);
    if (uniqueMemo.size >= 512) uniqueMemo.clear();
    uniqueMemo.set(key, count);
    return count;
}

/**
 * Number of op vectors whose canonical form is `target` (a float: class sizes may pass 2^53). A target
 * holding digests needs `digests` (digest → expression, from `nodeExpression(terms, digests)`); without
 * it the result is NaN.
 */
export function classSize(cell: CellShape, numOps: number, roles: OpRoles, target: string, digests?: Map<string, string>): number {
    const counter = new CellClassCounter(cell, numOps, roles);
    if (digests) for (const [digest, expression] of digests) counter.digests.set(digest, expression);
    return counter.classSize(target) ?? NaN;
}
