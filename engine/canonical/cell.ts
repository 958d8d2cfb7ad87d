/**
 * Canonical forms of NAS-Bench-201-style cells (a fixed DAG, one op per edge).
 *
 * The rule is NAS-Bench-201's own `Structure.to_unique_str(consider_zero=True)` (AutoDL-Projects,
 * `genotypes.py`), generalised from the 4-node cell to any edge list. It is the rule that reproduces the
 * published 6,466 unique cells out of 15,625; see docs/sizes.md ("Space sizes") for why the cleaner
 * variants we tried do not (they give 4,930 to 6,285).
 *
 * Every node gets an expression string, nodes in index order (edges go from lower to higher index):
 *   - node 0 (the input) is `0`;
 *   - each incoming edge (source s, op o) gives a term:
 *       `#` when o is `none` or node s's expression is exactly `#`  (zero),
 *       the expression of s itself when o is identity                  (skip connections collapse),
 *       `(expr(s))@o` otherwise;
 *   - the node's expression is its terms sorted (code-unit order, like Python's `sorted`) joined by `+`.
 * The canonical form is the output node's expression. Relabelling intermediate nodes cannot change it
 * (it is an expression tree, sums are sorted), and nodes that do not reach the output do not appear in it.
 *
 * Faithful quirk: only a node whose expression is exactly `#` (one incoming edge, which is zero) counts as
 * zero. A node with several incoming edges that are all zero reads `#+#` and is treated as a value. This is
 * why the 341 NB201 cells whose output cannot be reached from the input form 5 classes, not 1; use
 * `isCellConnected` to tell them apart from connected cells. Zero terms also stay in sums, so
 * `skip(conv(x) + 0)` reads `#+(0)@3` and differs from a bare `conv(x)`. Dropping either quirk changes
 * the NB201 count (see docs/sizes.md), so both are kept on purpose.
 */
import type { OpSpec } from '../spec.js';

/** Per op index: whether the op is `none`/zero, and whether it is an identity (skip connection). */
export interface OpRoles {
    none: boolean[];
    identity: boolean[];
}

export interface CellShape {
    nodes: number;
    edges: Array<[number, number]>;
}

/** `none` iff the name is `none`/`zero` or the implementation is `zero`/`none`; identity iff impl `identity` or name `skip_connect`/`identity`. */
export function opRolesFor(ops: OpSpec[]): OpRoles {
    const none = ops.map((op) => op.name === 'none' || op.name === 'zero' || op.impl === 'zero' || op.impl === 'none');
    const identity = ops.map((op, i) => !none[i] && (op.impl === 'identity' || op.name === 'skip_connect' || op.name === 'identity'));
    return { none, identity };
}

/** Expressions longer than this are replaced by a fixed-length digest so that deep cells stay cheap. */
export const MAX_EXPRESSION = 512;
/** The expression of a zero node, and the term of a `none` edge. */
export const ZERO = '#';

/** Canonical string of a cell: equal strings mean the same computation (see the module comment). */
export function canonicalCell(cell: CellShape, ops: number[], roles: OpRoles): string {
    if (ops.length !== cell.edges.length) {
        throw new RangeError(`canonicalCell: ${ops.length} ops for ${cell.edges.length} edges`);
    }
    const incoming = incomingEdges(cell);
    const expr: string[] = new Array<string>(cell.nodes);
    expr[0] = '0';
    for (let node = 1; node < cell.nodes; node++) {
        const terms: string[] = [];
        for (const edge of incoming[node]) terms.push(edgeTerm(expr[cell.edges[edge][0]], ops[edge], roles));
        expr[node] = nodeExpression(terms);
    }
    return expr[cell.nodes - 1];
}

/** The term an edge contributes: zero, the source itself (identity) or the op applied to the source. */
export function edgeTerm(source: string, op: number, roles: OpRoles): string {
    if (roles.none[op] || source === ZERO) return ZERO;
    if (roles.identity[op]) return source;
    return `(${source})@${op}`;
}

/**
 * A node's expression from its terms (sorts `terms` in place). No incoming edge at all means zero.
 * `digests`, when given, receives digest → the expression it replaced, so that a class-size count can see
 * through the digests of one cell (engine/size/cell-class.ts).
 */
export function nodeExpression(terms: string[], digests?: Map<string, string>): string {
    if (terms.length === 0) return ZERO;
    terms.sort(compareCodeUnits);
    const expression = terms.join('+');
    const short = compact(expression);
    if (digests && short !== expression) digests.set(short, expression);
    return short;
}

/** Whether an expression contains a digest of `compact` (substring reasoning no longer holds). */
export function isDigest(expression: string): boolean {
    return expression.includes('{');
}

/** Whether an expression is one whole digest (what `compact` returns for a long one). */
export function isWholeDigest(expression: string): boolean {
    return expression.charCodeAt(0) === 123 /* { */ && expression.indexOf('}') === expression.length - 1;
}

/** Whether the output can be reached from the input through edges whose op is not `none`. */
export function isCellConnected(cell: CellShape, ops: number[], roles: OpRoles): boolean {
    const reached = new Array<boolean>(cell.nodes).fill(false);
    reached[0] = true;
    // Edges are ordered by target, and sources are lower than targets, so one pass suffices.
    const order = cell.edges.map((_, i) => i).sort((a, b) => cell.edges[a][1] - cell.edges[b][1]);
    for (const e of order) {
        const [from, to] = cell.edges[e];
        if (reached[from] && !roles.none[ops[e]]) reached[to] = true;
    }
    return reached[cell.nodes - 1];
}

const incomingCache = new WeakMap<CellShape, number[][]>();

/** Edge indices entering each node, in the order of the edge list (source order for NB201 lists). */
function incomingEdges(cell: CellShape): number[][] {
    const cached = incomingCache.get(cell);
    if (cached && cached.length === cell.nodes) return cached;
    const incoming: number[][] = Array.from({ length: cell.nodes }, () => []);
    cell.edges.forEach(([from, to], i) => {
        if (!(from < to) || from < 0 || to >= cell.nodes) throw new RangeError(`canonicalCell: bad edge ${from}->${to}`);
        incoming[to].push(i);
    });
    incomingCache.set(cell, incoming);
    return incoming;
}

function compareCodeUnits(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Digest of a long expression: two independent 53-bit hashes (collision odds ~2^-100 per pair). */
function compact(expression: string): string {
    if (expression.length <= MAX_EXPRESSION) return expression;
    return `{${hash53(expression, 0x9e3779b9).toString(36)}.${hash53(expression, 0x85ebca6b).toString(36)}}`;
}

function hash53(text: string, seed: number): number {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
