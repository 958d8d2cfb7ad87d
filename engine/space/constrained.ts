import { Rng } from '../rng.js';
import type { CellSpec, ConstraintSpec, NetworkSpec } from '../spec.js';
import { cellCostTable, costFromTable, type Cost } from '../cost/index.js';
import type { FixedLengthSpace } from './product.js';
import type { Genotype } from './types.js';

/** Rejection sampling gives up after this many draws and calls the constraint unsatisfiable. */
const DEFAULT_SAMPLE_TRIES = 10_000;
/** `size` counts members by enumeration up to this many base genotypes; beyond, it estimates. */
const MAX_ENUMERATED = 5_000_000;
/** Draws used to estimate the satisfying fraction when enumeration is too big. */
const ESTIMATE_DRAWS = 100_000;

/**
 * A space filtered by a predicate (the `constraint` lines of a space: FLOPs/params bounds on its cell).
 *
 * Members: base members that satisfy the predicate. Sampling: base samples, rejected until one satisfies it
 * (still uniform over members); after `sampleTries` failures it throws, naming the constraint. Neighbours:
 * the base's neighbours that satisfy it (the exact ball of the base metric restricted to members).
 * Key, canonical, distance and format are the base's.
 * Size: the caller's exact `count` when given; else exact count by enumeration when the base has at most 5M genotypes and can be enumerated
 * (`enumerate`); otherwise an estimate (base size × satisfying fraction of 100,000 seeded samples), flagged
 * by `sizeIsExact = false`.
 */
export class ConstrainedSpace implements FixedLengthSpace {
    readonly length: number;
    sizeIsExact = true;
    private cachedSize: bigint | 'continuous' | undefined;

    constructor(
        readonly name: string,
        readonly base: FixedLengthSpace,
        readonly predicate: (g: Genotype) => boolean,
        /** Human description used in errors (`flops <= 100000000`). */
        readonly description: string,
        private readonly options: { sampleTries?: number; enumerate?: () => Iterable<Genotype>; count?: () => bigint | 'continuous' } = {},
    ) {
        this.length = base.length;
    }

    get size(): bigint | 'continuous' {
        this.cachedSize ??= this.count();
        return this.cachedSize;
    }

    sample(rng: Rng): Genotype {
        const tries = this.options.sampleTries ?? DEFAULT_SAMPLE_TRIES;
        for (let t = 0; t < tries; t++) {
            const g = this.base.sample(rng);
            if (this.predicate(g)) return g;
        }
        throw new Error(`space ${this.name}: constraint ${this.description} looks unsatisfiable: none of ${tries} random samples of ${this.base.name} satisfies it`);
    }

    contains(g: Genotype): boolean {
        return this.base.contains(g) && this.predicate(g);
    }

    key(g: Genotype): string {
        return this.base.key(g);
    }

    canonical(g: Genotype): string {
        return this.base.canonical(g);
    }

    distance(a: Genotype, b: Genotype): number {
        return this.base.distance(a, b);
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        return this.base.neighbors(g, d).filter(this.predicate);
    }

    format(g: Genotype): string {
        return this.base.format(g);
    }

    parse(text: string): Genotype {
        const g = this.base.parse(text);
        if (!this.predicate(g)) throw new Error(`space ${this.name}: '${text.trim()}' violates constraint ${this.description}`);
        return g;
    }

    private count(): bigint | 'continuous' {
        if (this.options.count) return this.options.count();
        const baseSize = this.base.size;
        if (baseSize === 'continuous') return 'continuous';
        if (this.options.enumerate && baseSize <= BigInt(MAX_ENUMERATED)) {
            let n = 0;
            for (const g of this.options.enumerate()) if (this.predicate(g)) n++;
            return BigInt(n);
        }
        this.sizeIsExact = false;
        const rng = new Rng(`size:${this.name}`);
        let hits = 0;
        for (let i = 0; i < ESTIMATE_DRAWS; i++) if (this.predicate(this.base.sample(rng))) hits++;
        // bigint arithmetic on a rational fraction hits/ESTIMATE_DRAWS.
        return (baseSize * BigInt(hits)) / BigInt(ESTIMATE_DRAWS);
    }
}

/** The constraints as one predicate on a cell's op vector, through the additive NB201 cost model. */
export function cellCostPredicate(network: NetworkSpec, cell: CellSpec, constraints: ConstraintSpec[]): (ops: Genotype) => boolean {
    const table = cellCostTable(network, cell);
    return (ops) => {
        const cost = costFromTable(table, ops);
        return constraints.every((c) => satisfies(cost, c));
    };
}

export function satisfies(cost: Cost, c: ConstraintSpec): boolean {
    const x = cost[c.metric];
    switch (c.op) {
        case '<=':
            return x <= c.value;
        case '<':
            return x < c.value;
        case '>=':
            return x >= c.value;
        case '>':
            return x > c.value;
        case '==':
            return x === c.value;
    }
}

export function describeConstraints(constraints: ConstraintSpec[]): string {
    return constraints.map((c) => `${c.metric} ${c.op} ${c.value}`).join(' and ');
}

/** Every op vector of a cell, in base-K counting order (first edge fastest). */
export function* allCellGenotypes(cell: CellSpec): Generator<Genotype> {
    const k = cell.ops.length;
    const g = new Array<number>(cell.edges.length).fill(0);
    while (true) {
        yield g.slice();
        let e = 0;
        while (e < g.length && g[e] === k - 1) g[e++] = 0;
        if (e === g.length) return;
        g[e]++;
    }
}
