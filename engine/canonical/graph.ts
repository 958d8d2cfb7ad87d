/**
 * Pruning and canonical forms of NAS-Bench-101-style graphs: an upper-triangular adjacency matrix on n
 * nodes, node 0 the input, node n-1 the output, every inner node labelled with an op index.
 *
 * `ops` may list one entry per node (NB101's labelling: entries 0 and n-1 are ignored, conventionally
 * -1 and -2) or one entry per inner node (length n-2); both are accepted everywhere in this module.
 */

export interface PrunedGraph {
    matrix: number[][];
    /** One op per node, input and output included (-1 and -2), like NB101's labelling. */
    ops: number[];
}

/** The class of every graph whose output cannot be reached from its input. */
export const DISCONNECTED_GRAPH = 'disconnected';

/**
 * Removes every node that is not on an input→output path, as NB101's `ModelSpec._prune` does.
 * Undefined when the output cannot be reached from the input (NB101 marks such specs invalid).
 */
export function pruneGraph(matrix: number[][], ops: number[]): PrunedGraph | undefined {
    const n = matrix.length;
    if (n < 2) return undefined;
    const labels = fullLabels(n, ops);
    const fromInput = new Array<boolean>(n).fill(false);
    fromInput[0] = true;
    for (let j = 1; j < n; j++) {
        for (let i = 0; i < j; i++) {
            if (matrix[i][j] && fromInput[i]) {
                fromInput[j] = true;
                break;
            }
        }
    }
    if (!fromInput[n - 1]) return undefined;
    const toOutput = new Array<boolean>(n).fill(false);
    toOutput[n - 1] = true;
    for (let i = n - 2; i >= 0; i--) {
        for (let j = i + 1; j < n; j++) {
            if (matrix[i][j] && toOutput[j]) {
                toOutput[i] = true;
                break;
            }
        }
    }
    const keep: number[] = [];
    for (let v = 0; v < n; v++) if (fromInput[v] && toOutput[v]) keep.push(v);
    return {
        matrix: keep.map((i) => keep.map((j) => (i < j && matrix[i][j] ? 1 : 0))),
        ops: keep.map((v) => labels[v]),
    };
}

/**
 * Exact canonical form of the pruned graph under relabelling of its inner nodes: two graphs get the same
 * string iff their pruned forms are isomorphic as labelled DAGs (input to input, output to output, ops kept).
 * `disconnected` when the output is unreachable.
 *
 * Method: the lexicographically smallest code over all topological orders of the inner nodes (input first,
 * output last), found by branch and bound; the code lists, position by position, the node's op and the set
 * of earlier positions it receives edges from. Topological orders suffice because every relabelling that
 * keeps the matrix upper-triangular is one, and isomorphic graphs share that set of relabelled matrices.
 */
export function canonicalGraph(matrix: number[][], ops: number[]): string {
    const pruned = pruneGraph(matrix, ops);
    if (!pruned) return DISCONNECTED_GRAPH;
    const order = canonicalOrder(pruned.matrix, pruned.ops);
    return encodeOrder(pruned.matrix, pruned.ops, order);
}

/** Number of edges of a matrix (upper triangle). */
export function countEdges(matrix: number[][]): number {
    let edges = 0;
    for (let i = 0; i < matrix.length; i++) for (let j = i + 1; j < matrix.length; j++) if (matrix[i][j]) edges++;
    return edges;
}

function fullLabels(n: number, ops: number[]): number[] {
    if (ops.length === n) return [-1, ...ops.slice(1, n - 1), -2];
    if (ops.length === n - 2) return [-1, ...ops, -2];
    throw new RangeError(`graph with ${n} nodes needs ${n} (or ${n - 2}) ops, got ${ops.length}`);
}

/** Node order (position -> node) giving the smallest code. */
function canonicalOrder(matrix: number[][], labels: number[]): number[] {
    const n = matrix.length;
    if (n <= 2) return n === 2 ? [0, 1] : [0];
    const preds: number[][] = Array.from({ length: n }, (_, j) => {
        const list: number[] = [];
        for (let i = 0; i < j; i++) if (matrix[i][j]) list.push(i);
        return list;
    });
    const inner = n - 2;
    const position = new Array<number>(n).fill(-1);
    position[0] = 0;
    const order: number[] = [0];
    // code[k-1] for inner position k (1..inner): label * 2^n + predecessor-position mask; then the output's mask.
    const code: number[] = [];
    let best: number[] | undefined;
    let bestOrder: number[] = [];
    const scale = 2 ** n;

    /** -1, 0, 1: how the current prefix (positions 1..pos-1) compares with the best code's prefix. */
    const comparePrefix = (length: number): number => {
        if (!best) return -1;
        for (let k = 0; k < length; k++) if (code[k] !== best[k]) return code[k] < best[k] ? -1 : 1;
        return 0;
    };
    const search = (pos: number): void => {
        if (pos > inner) {
            // The output's predecessor set is the last entry of the code.
            let mask = 0;
            for (const p of preds[n - 1]) mask += 2 ** position[p];
            code.push(mask);
            if (comparePrefix(inner + 1) < 0) {
                best = code.slice();
                bestOrder = order.slice();
            }
            code.pop();
            return;
        }
        // Candidates: unplaced inner nodes whose predecessors are all placed, with their code at this position.
        const candidates: Array<{ node: number; value: number }> = [];
        for (let v = 1; v < n - 1; v++) {
            if (position[v] >= 0) continue;
            let mask = 0;
            let ready = true;
            for (const p of preds[v]) {
                if (position[p] < 0) {
                    ready = false;
                    break;
                }
                mask += 2 ** position[p];
            }
            if (ready) candidates.push({ node: v, value: labels[v] * scale + mask });
        }
        candidates.sort((a, b) => a.value - b.value);
        for (const { node, value } of candidates) {
            // Branch and bound (the best code may have changed while exploring an earlier candidate).
            const prefix = comparePrefix(pos - 1);
            if (prefix > 0) return;
            if (prefix === 0 && best && value > best[pos - 1]) return; // sorted: the rest are larger too
            position[node] = pos;
            order.push(node);
            code.push(value);
            search(pos + 1);
            code.pop();
            order.pop();
            position[node] = -1;
        }
    };
    search(1);
    return [...bestOrder, n - 1];
}

function encodeOrder(matrix: number[][], labels: number[], order: number[]): string {
    const n = matrix.length;
    const ops = order.slice(1, n - 1).map((v) => labels[v]);
    const rows: string[] = [];
    for (let a = 0; a < n; a++) {
        let row = '';
        for (let b = a + 1; b < n; b++) row += matrix[order[a]][order[b]] ? '1' : '0';
        rows.push(row);
    }
    return `${n}:${ops.join(',')}:${rows.join('|')}`;
}
