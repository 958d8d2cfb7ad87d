import { assertWithinLimits } from '../limits.js';
import { cellCostTable, NB201_CIFAR10, type CellCostTable } from '../cost/network.js';
import { countCellsByCost, anyCellSatisfies, DEFAULT_SAMPLES, DEFAULT_WORK_LIMIT, monteCarloEstimate, type CellCountMethod } from '../cost/count.js';
import { Rng } from '../rng.js';
import { compileSpace } from '../space/compile.js';
import { ChainSpace } from '../space/chain.js';
import { ParamSpace } from '../space/hpo.js';
import { ProductSpace, type FixedLengthSpace, type ProductPart } from '../space/product.js';
import type { CellSpec, ComponentSpec, ConstraintSpec, NetworkSpec, SpaceSpec } from '../spec.js';

/**
 * Sizes of constrained spaces: how many members of `space` satisfy every `constraint flops/params ...`.
 *
 * Constraints are evaluated on the space's one searched NB201-style cell inside its network skeleton
 * (engine/cost, docs/cost-model.md). The cell may sit in a subspace (`arch NB201`); its skeleton is the
 * `network` of the outermost space on the path from `space` down to the cell that declares one (the space you run
 * sets the skeleton of what it wraps, as the network builders and the cost-model evaluator take it:
 * engine/space/locate-component.ts), and NB201's CIFAR-10 skeleton when none does (`assumedNetwork`). Constraints of every space on that path apply.
 * The other components (hyperparameters, ...) do not change the cost, so they multiply the count.
 */
export interface ConstrainedCount {
    /** Members satisfying every constraint; the rounded estimate when `exact` is false. With a continuous
     *  factor (`continuous`), the count of satisfying architectures alone. */
    raw: bigint;
    /** Distinct members once isomorphic cells are merged (when the cells were enumerated). */
    unique?: bigint;
    exact: boolean;
    /** Monte Carlo estimate and its 95% Wilson interval (in members), when not exact. */
    estimate?: number;
    interval?: [number, number];
    /** Members before constraints (undefined when continuous). */
    total?: bigint;
    /** Another component is continuous: `raw`/`unique`/`estimate` count architectures only. */
    continuous?: boolean;
    method: CellCountMethod;
    /** No `network` was declared on the cell's path: NB201's CIFAR-10 skeleton was used. */
    assumedNetwork?: boolean;
}

export interface ConstrainedCountOptions {
    /** Largest enumeration / dynamic programme attempted (default 2,000,000). */
    workLimit?: number;
    /** Monte Carlo samples beyond it (default 20,000). */
    samples?: number;
    seed?: number;
}

/** Thrown when the constraints of a space cannot be evaluated (no costable cell, unsupported component). */
export class ConstraintCountError extends Error {}

export function countConstrained(space: SpaceSpec, options: ConstrainedCountOptions = {}): ConstrainedCount {
    assertWithinLimits(space);
    const target = locateCell(space);
    if (typeof target === 'string') {
        if (target === NO_CELL) return sampledCount(space, options);
        throw new ConstraintCountError(target);
    }
    const table = tableOf(target);
    let factor: Factor;
    try {
        factor = otherFactor(space, target.path);
    } catch (e) {
        throw new ConstraintCountError(`space '${space.name}': ${(e as Error).message}`);
    }
    const cells = countCellsByCost(target.cell, table, target.constraints, options);
    const assumedNetwork = target.network === undefined ? { assumedNetwork: true } : {};
    if (factor === 'continuous') {
        return {
            raw: cells.satisfying,
            ...(cells.unique !== undefined ? { unique: cells.unique } : {}),
            exact: cells.exact,
            ...(cells.estimate !== undefined ? { estimate: cells.estimate, interval: cells.interval } : {}),
            continuous: true,
            method: cells.method,
            ...assumedNetwork,
        };
    }
    const scale = Number(factor);
    return {
        raw: cells.satisfying * factor,
        ...(cells.unique !== undefined ? { unique: cells.unique * factor } : {}),
        exact: cells.exact,
        ...(cells.estimate !== undefined
            ? { estimate: cells.estimate * scale, interval: [cells.interval![0] * scale, cells.interval![1] * scale] as [number, number] }
            : {}),
        total: cells.total * factor,
        method: cells.method,
        ...assumedNetwork,
    };
}

/**
 * Whether some member satisfies every constraint: true/false when decided (exactly, by bounds or by a
 * bounded exact search, or true by a sample that satisfies them), undefined when the constraints cannot be
 * evaluated or the search is too large to decide. A space without constraints is satisfiable.
 */
export function constraintsSatisfiable(space: SpaceSpec, workLimit = DEFAULT_WORK_LIMIT / 10): boolean | undefined {
    assertWithinLimits(space);
    const target = locateCell(space);
    if (typeof target === 'string') return hasConstraints(space) ? undefined : true;
    if (target.constraints.length === 0) return true;
    let table;
    try {
        table = tableOf(target);
    } catch {
        return undefined;
    }
    return anyCellSatisfies(table, target.constraints, workLimit);
}

// ------------------------------------------------------------------------------------------ locating the cell

interface CellTarget {
    cell: CellSpec;
    /** Components from `space` down to the cell: the subspaces holding it, then the cell. */
    path: ComponentSpec[];
    network?: NetworkSpec;
    constraints: ConstraintSpec[];
}

/** locateCell's answer for a space without an NB201-style cell: its architecture's cost (a chain's, DARTS cells', a graph's) is not additive over edges. */
const NO_CELL = 'no NB201-style cell';

/** The one unconditional NB201-style cell the constraints apply to, NO_CELL, or why the constraints cannot be counted. */
function locateCell(space: SpaceSpec): CellTarget | string {
    const found: Array<{ cell: CellSpec; path: ComponentSpec[]; spaces: SpaceSpec[] }> = [];
    const others: string[] = [];
    const walk = (s: SpaceSpec, path: ComponentSpec[], spaces: SpaceSpec[]): void => {
        for (const c of s.components) {
            if (c.kind === 'cell') found.push({ cell: c, path: [...path, c], spaces: [...spaces, s] });
            else if (c.kind === 'subspace') walk(c.space, [...path, c], [...spaces, s]);
            else if (c.kind === 'darts' || c.kind === 'graph') others.push(`${c.kind} '${c.name}'`);
        }
    };
    walk(space, [], []);
    if (found.length === 0) return NO_CELL;
    if (found.length > 1 || others.length > 0) {
        return `space '${space.name}' has several searched architectures; flops/params constraints need exactly one NB201-style cell`;
    }
    const { cell, path, spaces } = found[0];
    const conditional = path.find((c) => c.kind === 'subspace' && c.when !== undefined);
    if (conditional) return `the cell of space '${space.name}' sits in the conditional factor '${conditional.name}': constrained counts need it unconditional`;
    return {
        cell,
        path,
        network: spaces.find((s) => s.network !== undefined)?.network,
        constraints: spaces.flatMap((s) => s.constraints),
    };
}

/**
 * Spaces whose network is a layer chain, DARTS cells or a graph: their cost is not additive over edges (a chain's width
 * scales every block; a DARTS network's or a graph's channels follow its cells), so no dynamic programme applies.
 * Members are counted as the runs decide them (engine/space/compile.ts: the same predicate, on the outermost network): `samples` seeded
 * draws of the space without its constraints, the fraction the constrained space contains, scaled by the size, with
 * its Wilson interval. A space without any of these says why (the message of compileSpace).
 */
function sampledCount(space: SpaceSpec, options: ConstrainedCountOptions): ConstrainedCount {
    let free: FixedLengthSpace;
    let constrained: FixedLengthSpace;
    try {
        free = compileSpace(withoutConstraints(space));
        constrained = compileSpace(space);
    } catch (e) {
        throw new ConstraintCountError((e as Error).message);
    }
    const total = free.size;
    if (total === 'continuous') throw new ConstraintCountError(`space '${space.name}' has a continuous parameter beside its architecture: the constrained count is not estimated`);
    const samples = options.samples ?? DEFAULT_SAMPLES;
    const rng = new Rng(options.seed ?? 0);
    let hits = 0;
    for (let i = 0; i < samples; i++) if (constrained.contains(free.sample(rng))) hits++;
    const estimate = monteCarloEstimate(total, hits, samples);
    return { raw: estimate.satisfying, exact: false, estimate: estimate.estimate, interval: estimate.interval, total, method: 'monte-carlo' };
}

function withoutConstraints(space: SpaceSpec): SpaceSpec {
    const components = space.components.map((c) => (c.kind === 'subspace' ? { ...c, space: withoutConstraints(c.space) } : c));
    return { ...space, components, constraints: [] };
}

/** The cell's cost table; an op without a cost model becomes a ConstraintCountError. */
function tableOf(target: CellTarget): CellCostTable {
    try {
        return cellCostTable(target.network ?? NB201_CIFAR10, target.cell);
    } catch (e) {
        throw new ConstraintCountError(`cell '${target.cell.name}': ${(e as Error).message}`);
    }
}

function hasConstraints(space: SpaceSpec): boolean {
    return space.constraints.length > 0 || space.components.some((c) => c.kind === 'subspace' && hasConstraints(c.space));
}

// ------------------------------------------------------------------------------ the factor of the other components

type Factor = bigint | 'continuous';

/**
 * Size of everything but the cell, with the space library's own rules (ProductSpace: conditional factors
 * count only where active). The cell and the subspaces holding it are unconditional and no condition can
 * read them (conditions read parameters), so the total is exactly (cells) x (this factor), level by level.
 * Constraints of spaces off the cell's path cannot be evaluated; the validator reports them.
 */
function otherFactor(space: SpaceSpec, path: ComponentSpec[]): Factor {
    const [onPath, ...below] = path;
    const rest = space.components.filter((c) => c !== onPath);
    const here = rest.length === 0 ? 1n : new ProductSpace(space.name, rest.map(partOf)).size;
    const inner = onPath.kind === 'subspace' ? otherFactor(onPath.space, below) : 1n;
    if (here === 0n || inner === 0n) return 0n;
    return here === 'continuous' || inner === 'continuous' ? 'continuous' : here * inner;
}

function partOf(c: ComponentSpec): ProductPart {
    switch (c.kind) {
        case 'param':
            return { name: c.name, space: new ParamSpace(c), when: c.when };
        case 'chain':
            return { name: c.name, space: new ChainSpace(c) };
        case 'subspace':
            if (c.space.components.length === 0) throw new Error(`factor '${c.name}': space '${c.space.name}' is empty`);
            return { name: c.name, space: new ProductSpace(c.space.name, c.space.components.map(partOf)), when: c.when };
        default:
            // locateCell already refused a second architecture; kept for exhaustiveness.
            throw new Error(`the ${c.kind} '${c.name}' cannot be sized beside a constrained cell`);
    }
}
