import type { Rng } from '../rng.js';

/**
 * A genotype is a flat vector of numbers whose layout each space kind documents (for a cell: one op index
 * per edge; for a categorical hyperparameter: the index of the value; for a continuous one: the value).
 * Flat numbers keep genotypes JSON-serializable, hashable and cheap to copy.
 */
export type Genotype = number[];

/**
 * The one interface every space kind of the language compiles to (cell, graph, DARTS-style, chain,
 * hyperparameters, products, constrained spaces, and shrunk spaces). Searches and policies see only this.
 */
export interface SearchSpace {
    readonly name: string;
    /** Raw number of genotypes, or 'continuous' when a real-valued parameter is not quantized. */
    readonly size: bigint | 'continuous';
    /** Uniform sample over valid genotypes. */
    sample(rng: Rng): Genotype;
    /** Whether g is a valid member of this space. */
    contains(g: Genotype): boolean;
    /** Exact identity, stable across processes (used for caches and journals). */
    key(g: Genotype): string;
    /** Identity modulo isomorphism: two genotypes computing the same function share it. */
    canonical(g: Genotype): string;
    /** Structural distance (documented per kind in docs/lissnas.md); 0 iff key(a) === key(b). */
    distance(a: Genotype, b: Genotype): number;
    /** All valid genotypes at distance 1..d from g (default d = 1), without g itself, without duplicates. */
    neighbors(g: Genotype, d?: number): Genotype[];
    /** Human/benchmark string (NB201: `|op~0|+...`), and its inverse. */
    format(g: Genotype): string;
    parse(text: string): Genotype;
}
