/**
 * |class(T)|: how many op vectors of a cell shape have the canonical form T (`canonicalCell`).
 *
 * Counted top-down, driven by T. Nodes are taken from the output back to the input; each carries a
 * requirement, "its expression must be exactly X" or "anything" (nothing read it). For a node that must
 * read X, the ways to make X are enumerated: X splits at its top-level `+` into pieces, its terms are the
 * contiguous groups of pieces, one per incoming edge, in sorted order (a node joins its sorted terms, and an
 * identity term can itself be a sum, so several groupings may give the same string); each distinct way of
 * handing those terms to the incoming edges, and for each edge each op family that gives its term, puts a
 * requirement on the edge's source:
 *   term `#`:       a `none` op (source free) | any other op on a source that is exactly `#`;
 *   term t:         an identity op on a source that is t;
 *   term `(Y)@o`:   also op o itself on a source that is Y.
 * The families differ by op, so each op vector is counted once. A node with no requirement takes any op on
 * each incoming edge (k^indegree) and constrains nothing. Requirements that disagree on one source, or ask
 * the input for something other than `0`, count 0. A requirement is only placed on a node that can read it
 * at all (`producible`: the memoised count with that one requirement), and a group only kept if some edge
 * can give it: without this, a long sum's groupings × hand-outs run into the hundreds of thousands.
 *
 * The count of "nodes 0..v meet requirements R" does not depend on T, so it is memoised across targets
 * (an estimate asks for thousands of class sizes of one shape). Digests (expressions past 512 characters,
 * `compact` in engine/canonical/cell.ts) are seen through with the digest → expression map recorded while
 * canonicalising the sampled cell: a node reads digest D when its joined terms are D's expression.
 */
import { MAX_EXPRESSION, ZERO, isWholeDigest, type CellShape, type OpRoles } from '../canonical/cell.js';

const ANY = -1;
const INPUT = 0; // id of `0`
const ZERO_ID = 1; // id of `#`

/** Memo entries kept before the memo is cleared (bounds memory on huge shapes). */
const MEMO_LIMIT = 1_000_000;

export class CellClassCounter {
    /**
     * Counting steps so far (sub-counts asked for, edge hand-outs tried, groupings tried; the estimator adds
     * its own per sample): a deterministic measure of the time spent.
     */
    steps = 0;
    /** Digest → the expression it replaced; fill it from `nodeExpression(terms, digests)`. */
    readonly digests = new Map<string, string>();

    private readonly strings: string[] = [];
    private readonly ids = new Map<string, number>();
    private readonly memo = new Map<string, number>();
    /** (expression id, node) → whether the node can read it; kept across `memo` clears (it is small). */
    private readonly producibleMemo = new Map<number, boolean>();
    private readonly termLists = new Map<number, number[][]>();
    private readonly opApplications: Array<[op: number, source: number] | null | undefined> = [];
    private readonly depths: number[] = [];
    /** Per node: the source node of each incoming edge. */
    private readonly sources: number[][];
    /** Per node: numOps^indegree (a node nobody reads). */
    private readonly free: number[];
    /** Longest path (edges) from the input to each node; -Infinity when unreachable. */
    private readonly reach: number[];
    private readonly noneOps: number;
    private readonly identityOps: number;
    private readonly plainOp: boolean[];

    /** `stepLimit`: `classSize` gives up (undefined) once `steps` pass it. */
    constructor(
        private readonly cell: CellShape,
        private readonly numOps: number,
        roles: OpRoles,
        private readonly stepLimit = Infinity,
    ) {
        this.intern('0');
        this.intern(ZERO);
        this.sources = Array.from({ length: cell.nodes }, () => []);
        for (const [from, to] of cell.edges) this.sources[to].push(from);
        this.free = this.sources.map((list) => numOps ** list.length);
        this.reach = new Array<number>(cell.nodes).fill(-Infinity);
        this.reach[0] = 0;
        for (let v = 1; v < cell.nodes; v++) for (const s of this.sources[v]) this.reach[v] = Math.max(this.reach[v], this.reach[s] + 1);
        let noneOps = 0;
        let identityOps = 0;
        this.plainOp = [];
        for (let op = 0; op < numOps; op++) {
            if (roles.none[op]) noneOps++;
            else if (roles.identity[op]) identityOps++;
            this.plainOp.push(!roles.none[op] && !roles.identity[op]);
        }
        this.noneOps = noneOps;
        this.identityOps = identityOps;
    }

    /**
     * Number of op vectors whose canonical form is `target`; NaN if `target` has a digest it cannot see
     * through; undefined if counting it would pass `stepLimit`.
     */
    classSize(target: string): number | undefined {
        const last = this.cell.nodes - 1;
        const req = new Array<number>(this.cell.nodes).fill(ANY);
        req[last] = this.intern(target);
        try {
            return this.ways(last, req);
        } catch (error) {
            // Nothing half-counted was memoised: the frames that threw never reached their memo.set.
            if (error instanceof UnknownDigest) return NaN;
            if (error instanceof OutOfSteps) return undefined;
            throw error;
        }
    }

    /** Ways to choose the ops of every edge into nodes 1..v so that each node u <= v reads `req[u]` (or anything). */
    private ways(v: number, req: number[]): number {
        if (++this.steps > this.stepLimit) throw new OutOfSteps();
        let factor = 1;
        while (v > 0 && req[v] === ANY) factor *= this.free[v--];
        if (v === 0) return req[0] === ANY || req[0] === INPUT ? factor : 0;
        let key = String(v);
        for (let u = 1; u <= v; u++) key += ',' + req[u];
        const known = this.memo.get(key);
        if (known !== undefined) return factor * known;
        const total = this.waysToRead(v, req[v], req.slice(0, v));
        if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
        this.memo.set(key, total);
        return factor * total;
    }

    /** Ways for node v to read expression `want` with nodes < v meeting `rest` (mutated, then restored). */
    private waysToRead(v: number, want: number, rest: number[]): number {
        const degree = this.sources[v].length;
        if (degree === 0) return want === ZERO_ID ? this.ways(v - 1, rest) : 0;
        if (this.visibleDepth(want) > this.reach[v]) return 0;
        let total = 0;
        for (const terms of this.termListsOf(want, v)) {
            // Distinct terms and how many edges still have to take each.
            const distinct: number[] = [];
            const left: number[] = [];
            for (const t of terms) {
                if (distinct.length > 0 && distinct[distinct.length - 1] === t) left[left.length - 1]++;
                else {
                    distinct.push(t);
                    left.push(1);
                }
            }
            total += this.handOut(v, 0, 1, distinct, left, rest);
        }
        return total;
    }

    /**
     * Ways to hand the terms still `left` to node v's incoming edges `edge`.., times `weight`, each edge by
     * one op family, and then to meet the requirements these place on the sources.
     */
    private handOut(v: number, edge: number, weight: number, distinct: number[], left: number[], rest: number[]): number {
        this.steps++;
        const sources = this.sources[v];
        if (edge === sources.length) return weight * this.ways(v - 1, rest);
        const source = sources[edge];
        const before = rest[source];
        let total = 0;
        for (let j = 0; j < distinct.length; j++) {
            if (left[j] === 0) continue;
            left[j]--;
            const term = distinct[j];
            if (term === ZERO_ID) {
                if (this.noneOps > 0) total += this.handOut(v, edge + 1, weight * this.noneOps, distinct, left, rest);
                const others = this.numOps - this.noneOps;
                if (others > 0 && this.canRequire(before, source, ZERO_ID)) {
                    rest[source] = ZERO_ID;
                    total += this.handOut(v, edge + 1, weight * others, distinct, left, rest);
                    rest[source] = before;
                }
            } else {
                if (this.identityOps > 0 && this.canRequire(before, source, term)) {
                    rest[source] = term;
                    total += this.handOut(v, edge + 1, weight * this.identityOps, distinct, left, rest);
                    rest[source] = before;
                }
                const applied = this.opApplicationOf(term);
                if (applied && applied[0] < this.numOps && this.plainOp[applied[0]] && applied[1] !== ZERO_ID && this.canRequire(before, source, applied[1])) {
                    rest[source] = applied[1];
                    total += this.handOut(v, edge + 1, weight, distinct, left, rest);
                    rest[source] = before;
                }
            }
            left[j]++;
        }
        return total;
    }

    /** Whether source s, already required to read `before` (or ANY), may be required to read `id`. */
    private canRequire(before: number, s: number, id: number): boolean {
        if (before !== ANY) return before === id;
        return this.producible(s, id);
    }

    /**
     * Whether node s can read `id` at all (other nodes free): a necessary condition checked before a
     * requirement is placed, so that impossible groupings and hand-outs die at once instead of at the leaves.
     * It is the memoised count of the one-requirement problem, so it costs one lookup once known.
     */
    private producible(s: number, id: number): boolean {
        if (s === 0) return id === INPUT;
        const key = id * this.cell.nodes + s;
        let known = this.producibleMemo.get(key);
        if (known === undefined) {
            known = this.visibleDepth(id) <= this.reach[s];
            if (known) {
                const req = new Array<number>(s + 1).fill(ANY);
                req[s] = id;
                known = this.ways(s, req) > 0;
            }
            this.producibleMemo.set(key, known);
        }
        return known;
    }

    /** Whether some edge into v can give `term` (one of the three families of the module comment). */
    private givable(v: number, term: number): boolean {
        if (term === ZERO_ID) return true;
        for (const s of this.sources[v]) {
            if (this.identityOps > 0 && this.producible(s, term)) return true;
            const applied = this.opApplicationOf(term);
            if (applied && applied[0] < this.numOps && this.plainOp[applied[0]] && applied[1] !== ZERO_ID && this.producible(s, applied[1])) return true;
        }
        return false;
    }

    /** The sorted term lists (as ids) of node v's terms whose node expression is `id`'s string. */
    private termListsOf(id: number, v: number): number[][] {
        const degree = this.sources[v].length;
        const key = id * this.cell.nodes + v;
        let lists = this.termLists.get(key);
        if (lists) return lists;
        lists = [];
        const expression = this.strings[id];
        // A node expression is at most MAX_EXPRESSION long or a digest of a longer join.
        if (expression.length <= MAX_EXPRESSION) this.groupings(piecesOf(expression), v, degree, lists);
        if (isWholeDigest(expression)) {
            const original = this.digests.get(expression);
            if (original === undefined) throw new UnknownDigest(expression);
            this.groupings(piecesOf(original), v, degree, lists);
        }
        this.termLists.set(key, lists);
        return lists;
    }

    /** Adds every split of `pieces` into `degree` contiguous groups, non-decreasing, each givable by an edge into v. */
    private groupings(pieces: string[], v: number, degree: number, out: number[][]): void {
        const m = pieces.length;
        if (degree > m) return;
        // Group pieces[start..end) as a string and, if some edge can give it, its id (-1 if none can):
        // each span is built and checked once, however many splits reach it.
        const texts = new Map<number, string>();
        const ids = new Map<number, number>();
        const span = (start: number, end: number): string => {
            const key = start * (m + 1) + end;
            let text = texts.get(key);
            if (text === undefined) {
                text = end === start + 1 ? pieces[start] : span(start, end - 1) + '+' + pieces[end - 1];
                texts.set(key, text);
            }
            return text;
        };
        const spanId = (start: number, end: number): number => {
            const key = start * (m + 1) + end;
            let id = ids.get(key);
            if (id === undefined) {
                id = this.intern(span(start, end));
                if (!this.givable(v, id)) id = -1;
                ids.set(key, id);
            }
            return id;
        };
        const group: number[] = [];
        const walk = (start: number, previous: string): void => {
            const groupsLeft = degree - group.length;
            if (groupsLeft === 0) {
                out.push([...group]);
                return;
            }
            // Leave at least one piece for each later group; the last group takes all that is left.
            const first = groupsLeft === 1 ? m : start + 1;
            for (let end = first; end <= m - (groupsLeft - 1); end++) {
                this.steps++;
                const text = span(start, end);
                if (text < previous) continue;
                const id = spanId(start, end);
                if (id < 0) continue;
                group.push(id);
                walk(end, text);
                group.pop();
            }
        };
        walk(0, '');
    }

    /** For a term `(Y)@o`: [o, id of Y]; null for any other term. */
    private opApplicationOf(id: number): [number, number] | null {
        let known = this.opApplications[id];
        if (known !== undefined) return known;
        known = null;
        const term = this.strings[id];
        if (term.charCodeAt(0) === 40 /* ( */) {
            let depth = 0;
            let close = -1;
            for (let i = 0; i < term.length; i++) {
                const c = term.charCodeAt(i);
                if (c === 40) depth++;
                else if (c === 41 && --depth === 0) {
                    close = i;
                    break;
                }
            }
            const digits = term.slice(close + 2);
            if (close > 0 && term.charCodeAt(close + 1) === 64 /* @ */ && /^[0-9]+$/.test(digits)) {
                known = [Number(digits), this.intern(term.slice(1, close))];
            }
        }
        this.opApplications[id] = known;
        return known;
    }

    /**
     * Shortest path from the input a node needs to read an expression: its paren nesting (each level is one
     * op edge), 0 for a bare `0`, -Infinity for sums of `#` alone (any node, even one the input cannot
     * reach). Digests hide their nesting, so this is a lower bound, which is all the pruning needs.
     */
    private visibleDepth(id: number): number {
        let depth = this.depths[id];
        if (depth !== undefined) return depth;
        const text = this.strings[id];
        depth = -Infinity;
        for (let i = 0, d = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c === 40) depth = Math.max(depth, ++d);
            else if (c === 41) d--;
        }
        if (depth === -Infinity && piecesOf(text).includes('0')) depth = 0;
        this.depths[id] = depth;
        return depth;
    }

    private intern(expression: string): number {
        let id = this.ids.get(expression);
        if (id === undefined) {
            id = this.strings.length;
            this.strings.push(expression);
            this.ids.set(expression, id);
        }
        return id;
    }
}

class UnknownDigest extends Error {}
class OutOfSteps extends Error {}

/** Top-level pieces of an expression: split at `+` outside parentheses. */
function piecesOf(expression: string): string[] {
    const pieces: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < expression.length; i++) {
        const c = expression.charCodeAt(i);
        if (c === 40) depth++;
        else if (c === 41) depth--;
        else if (c === 43 /* + */ && depth === 0) {
            pieces.push(expression.slice(start, i));
            start = i + 1;
        }
    }
    pieces.push(expression.slice(start));
    return pieces;
}
