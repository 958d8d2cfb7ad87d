/**
 * Test oracle: the previous, independent way of counting |class(T)| (a forward DP over the nodes whose state
 * is the tuple of the frontier's expressions, with every expression that is not a substring of T merged
 * into one "bad" state: anything built on it contains it, so it can never reach T). Slow on deep cells, but
 * simple; the top-down `CellClassCounter` must agree with it. Not for targets holding digests.
 */
import { edgeTerm, nodeExpression, ZERO, type CellShape, type OpRoles } from '../../../engine/canonical/cell.js';

const SEPARATOR = '\n';
const BAD = '!';

export function forwardClassSize(cell: CellShape, numOps: number, roles: OpRoles, target: string): number {
    const incoming: number[][] = Array.from({ length: cell.nodes }, () => []);
    const lastUse = new Array<number>(cell.nodes).fill(-1);
    cell.edges.forEach(([from, to], i) => {
        incoming[to].push(i);
        lastUse[from] = Math.max(lastUse[from], to);
    });
    const frontier = (v: number): number[] => [...Array(v + 1).keys()].filter((u) => lastUse[u] > v);
    let states = new Map<string, number>([['0', 1]]);
    for (let node = 1; node < cell.nodes; node++) {
        const next = new Map<string, number>();
        const before = frontier(node - 1);
        const keep = frontier(node);
        const isOutput = node === cell.nodes - 1;
        const add = (key: string, ways: number): void => void next.set(key, (next.get(key) ?? 0) + ways);
        for (const [state, count] of states) {
            const exprs: string[] = [];
            state.split(SEPARATOR).forEach((e, i) => (exprs[before[i]] = e));
            if (node === 1) exprs[0] = '0';
            // Per edge: the good terms (zero or substrings of the target) and how many ops give each.
            const options = incoming[node].map((edge) => {
                const source = exprs[cell.edges[edge][0]];
                const terms = new Map<string, number>();
                for (let op = 0; op < numOps; op++) {
                    if (source === BAD && !roles.none[op]) continue;
                    const term = edgeTerm(source, op, roles);
                    if (term !== ZERO && !target.includes(term)) continue;
                    terms.set(term, (terms.get(term) ?? 0) + 1);
                }
                return [...terms];
            });
            let goodWays = 0;
            const visit = (i: number, ways: number, terms: string[]): void => {
                if (i < options.length) {
                    for (const [term, multiplicity] of options[i]) visit(i + 1, ways * multiplicity, [...terms, term]);
                    return;
                }
                goodWays += ways;
                let expression = nodeExpression(terms);
                if (expression !== ZERO && !target.includes(expression)) expression = BAD;
                if (isOutput) {
                    if (expression === target) add('', ways);
                    return;
                }
                exprs[node] = expression;
                add(keep.map((v) => exprs[v]).join(SEPARATOR), ways);
            };
            visit(0, count, []);
            const badWays = count * numOps ** incoming[node].length - goodWays;
            if (!isOutput && badWays > 0) {
                exprs[node] = BAD;
                add(keep.map((v) => exprs[v]).join(SEPARATOR), badWays);
            }
        }
        states = next;
    }
    let total = 0;
    for (const count of states.values()) total += count;
    return total;
}
