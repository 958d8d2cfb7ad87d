import type { ReferenceEntry, TableEvaluator } from '../evaluate/table.js';
import type { Genotype, SearchSpace } from '../space/types.js';

export type { ReferenceEntry } from '../evaluate/table.js';

/**
 * The full space with every member's searched and reported values: what metrics compare a shrunk space against
 * (global optimum, top-p recall, enrichment). Built from a loaded table, or from any genotype → values function.
 */
export interface Reference {
    entries: ReferenceEntry[];
    byKey: Map<string, ReferenceEntry>;
}

export function referenceFromEntries(entries: ReferenceEntry[]): Reference {
    return { entries, byKey: new Map(entries.map((e) => [e.key, e])) };
}

/** References already built, per table index (TableEvaluator.rows, shared by equal tables) and space identity. */
const built = new WeakMap<object, Map<string, Reference>>();

/**
 * Every valid row of a table evaluator, keyed by `space.key`. With `spaceId` (a string that equal spaces share,
 * e.g. their spec as JSON) the reference is built once per table and space in this process: a study's 270
 * sessions each compile their own space and table, and building the 15,625-row reference was most of its time.
 * A reference is never mutated (metrics only read it), so sharing it is safe.
 */
export function referenceFromTable(table: TableEvaluator, space: SearchSpace, spaceId?: string): Reference {
    if (spaceId === undefined) return referenceFromEntries(table.reference(space));
    let bySpace = built.get(table.rows);
    if (!bySpace) built.set(table.rows, (bySpace = new Map()));
    const id = JSON.stringify([table.options.keyFormat, spaceId]);
    let reference = bySpace.get(id);
    if (!reference) bySpace.set(id, (reference = referenceFromEntries(table.reference(space))));
    return reference;
}

/** An enumerated space and a function giving each member's values (for synthetic spaces and tests). */
export function referenceFromFunction(
    genotypes: readonly Genotype[],
    space: SearchSpace,
    values: (g: Genotype) => { metric: number; report: number },
): Reference {
    return referenceFromEntries(genotypes.map((g) => ({ genotype: g, key: space.key(g), ...values(g) })));
}

/**
 * The top fraction p of the reference by report value: the ceil(p·N) best, plus every entry tied with the last of
 * them (ties are not split arbitrarily, so the set may be slightly larger than ceil(p·N)).
 */
export function topByReport(reference: Reference, p: number): Set<string> {
    const sorted = byReport(reference);
    if (sorted.length === 0) return new Set();
    const count = Math.max(1, Math.ceil(p * sorted.length));
    const threshold = sorted[Math.min(count, sorted.length) - 1].report;
    const out = new Set<string>();
    for (const e of sorted) {
        if (e.report < threshold) break;
        out.add(e.key);
    }
    return out;
}

/** The entries best report first, sorted once per reference (shrinkMetrics asks for several fractions of each). */
const sortedByReport = new WeakMap<Reference, ReferenceEntry[]>();

function byReport(reference: Reference): ReferenceEntry[] {
    let sorted = sortedByReport.get(reference);
    if (!sorted) sortedByReport.set(reference, (sorted = reference.entries.slice().sort((a, b) => b.report - a.report)));
    return sorted;
}
