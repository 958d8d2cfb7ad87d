/**
 * Exact number of classes of `canonicalCell` over every op vector of a cell shape.
 *
 * A dynamic programme over the nodes in index order. The state after node v is the tuple of expressions
 * of the nodes that still feed later nodes (the "frontier"); distinct tuples are kept once, so cells whose
 * prefixes compute the same thing are explored once. The distinct output expressions are the classes.
 * Work = number of (state, distinct term combination) pairs visited; past `workLimit` the count gives up.
 *
 * Expressions are interned as integer ids (`ExpressionTable`): each distinct expression string is built,
 * sorted and hashed once, and the millions of combinations only look up small integers. The work of a node
 * is known before it is enumerated (Σ over states of Π distinct terms per edge), so a count that would pass
 * the limit stops before enumerating the node that passes it instead of part way through it.
 */
import { edgeTerm, nodeExpression, type CellShape, type OpRoles } from '../canonical/cell.js';
import { TupleIndex } from './tuple-index.js';

export interface CellPlan {
    edges: Array<[number, number]>;
    /** Edge indices entering each node, in edge-list order. */
    incoming: number[][];
    /** Nodes <= v that still feed a node > v, in increasing order: the DP state after node v. */
    frontierAfter: number[][];
}

const plans = new WeakMap<CellShape, CellPlan>();

export function planOf(cell: CellShape): CellPlan {
    const cached = plans.get(cell);
    if (cached) return cached;
    const incoming: number[][] = Array.from({ length: cell.nodes }, () => []);
    const lastUse = new Array<number>(cell.nodes).fill(-1);
    cell.edges.forEach(([from, to], i) => {
        incoming[to].push(i);
        lastUse[from] = Math.max(lastUse[from], to);
    });
    const frontierAfter: number[][] = [];
    for (let v = 0; v < cell.nodes; v++) {
        const keep: number[] = [];
        for (let u = 0; u <= v; u++) if (lastUse[u] > v) keep.push(u);
        frontierAfter.push(keep);
    }
    const plan = { edges: cell.edges, incoming, frontierAfter };
    plans.set(cell, plan);
    return plan;
}

/** Cell expressions as integer ids; id 0 is the input's `0`. */
class ExpressionTable {
    readonly strings: string[] = [];
    private readonly ids = new Map<string, number>();
    /** By expression id: the distinct terms its out-edges can give over all ops. */
    private readonly terms: number[][] = [];
    /** Sorted term-id tuples (multisets) → expression id of the node that sums them. */
    private readonly sums = new TupleIndex();
    private readonly sumIds: number[] = [];

    constructor(
        private readonly numOps: number,
        private readonly roles: OpRoles,
    ) {
        this.intern('0');
    }

    intern(expression: string): number {
        let id = this.ids.get(expression);
        if (id === undefined) {
            id = this.strings.length;
            this.strings.push(expression);
            this.ids.set(expression, id);
        }
        return id;
    }

    distinctTerms(source: number): number[] {
        let list = this.terms[source];
        if (list) return list;
        const seen = new Set<number>();
        for (let op = 0; op < this.numOps; op++) seen.add(this.intern(edgeTerm(this.strings[source], op, this.roles)));
        list = [...seen];
        this.terms[source] = list;
        return list;
    }

    /** Expression string of a node whose incoming terms are `terms[0..length)` (not interned). */
    sumString(terms: number[], length: number): string {
        const strings: string[] = [];
        for (let i = 0; i < length; i++) strings.push(this.strings[terms[i]]);
        return nodeExpression(strings);
    }

    /** Expression id of a node whose incoming terms are `terms[0..length)` (reordered in place). */
    sum(terms: number[], length: number): number {
        // The node expression depends on the multiset of terms only: numeric order makes it a key.
        for (let i = 1; i < length; i++) {
            const t = terms[i];
            let j = i - 1;
            while (j >= 0 && terms[j] > t) terms[j + 1] = terms[j--];
            terms[j + 1] = t;
        }
        const index = this.sums.indexOf(terms, length);
        if (this.sums.isNew) {
            const strings: string[] = [];
            for (let i = 0; i < length; i++) strings.push(this.strings[terms[i]]);
            this.sumIds[index] = this.intern(nodeExpression(strings));
        }
        return this.sumIds[index];
    }
}

/** Exact number of classes, or undefined when the DP would exceed `workLimit` steps. */
export function countCellClasses(cell: CellShape, numOps: number, roles: OpRoles, workLimit: number): bigint | undefined {
    if (numOps === 0) return cell.edges.length === 0 ? 1n : 0n;
    const plan = planOf(cell);
    const table = new ExpressionTable(numOps, roles);
    // States as one flat array of frontier tuples (`width` ids each); after node 0 the frontier is [0] or [].
    let width = plan.frontierAfter[0].length;
    let states: number[] = width === 1 ? [0] : [];
    let count = 1;
    let work = 0;
    for (let node = 1; node < cell.nodes; node++) {
        const previous = plan.frontierAfter[node - 1];
        const keep = plan.frontierAfter[node];
        const sourceAt = plan.incoming[node].map((edge) => previous.indexOf(plan.edges[edge][0]));
        const keepAt = keep.map((v) => (v === node ? -1 : previous.indexOf(v)));
        const degree = sourceAt.length;

        for (let s = 0; s < count; s++) {
            let combinations = 1;
            for (const at of sourceAt) combinations *= table.distinctTerms(states[s * width + at]).length;
            work += combinations;
        }
        if (work > workLimit) return undefined;

        const isOutput = node === cell.nodes - 1;
        // Output expressions are only counted: a set of strings, without ids (millions of them, used once).
        const outputs = new Set<string>();
        const nextIndex = new TupleIndex();
        const next: number[] = [];
        const options: number[][] = new Array(degree);
        const position = new Array<number>(degree);
        const chosen = new Array<number>(degree);
        const tuple = new Array<number>(keep.length);
        for (let s = 0; s < count; s++) {
            const base = s * width;
            for (let i = 0; i < degree; i++) {
                options[i] = table.distinctTerms(states[base + sourceAt[i]]);
                position[i] = 0;
            }
            for (;;) {
                for (let i = 0; i < degree; i++) chosen[i] = options[i][position[i]];
                if (isOutput) {
                    outputs.add(table.sumString(chosen, degree));
                } else {
                    const expression = table.sum(chosen, degree);
                    for (let j = 0; j < keep.length; j++) tuple[j] = keepAt[j] < 0 ? expression : states[base + keepAt[j]];
                    nextIndex.indexOf(tuple, keep.length);
                    if (nextIndex.isNew) for (let j = 0; j < keep.length; j++) next.push(tuple[j]);
                }
                let k = degree - 1;
                while (k >= 0 && ++position[k] === options[k].length) position[k--] = 0;
                if (k < 0) break;
            }
        }
        if (isOutput) return BigInt(outputs.size);
        states = next;
        width = keep.length;
        count = nextIndex.size;
    }
    return BigInt(count);
}
