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

/** Every valid row of a table evaluator, keyed by `space.key`. */
export function referenceFromTable(table: TableEvaluator, space: SearchSpace): Reference {
    return referenceFromEntries(table.reference(space));
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
    const sorted = reference.entries.slice().sort((a, b) => b.report - a.report);
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
