import type { ArchDrawing, DrawnGraph, DrawnTable } from '../../protocol/pocket-map.js';
import { CellSpace } from './cell.js';
import { ChainSpace } from './chain.js';
import { ConstrainedSpace } from './constrained.js';
import { DartsSpace } from './darts.js';
import { GraphSpace } from './graph.js';
import { ParamSpace } from './hpo.js';
import { ProductSpace } from './product.js';
import { ShrunkSpace } from './shrunk.js';
import type { Genotype, SearchSpace } from './types.js';

/**
 * How to draw one architecture in the pocket view (protocol/pocket-map.ts `ArchDrawing`), for every space kind:
 *   - cell (NB201): one DAG, nodes 0..n-1, one edge per genotype position labelled with its op (`none` kept as
 *     a label: the view may dash it; dropping it would hide that the edge exists in the space);
 *   - DARTS cell: inputs, intermediate nodes and an `out` node; one labelled edge per picked input, plain edges
 *     from every intermediate node to `out` (the concatenation). A space with `normal` and `reduce` cells is a
 *     product of two DARTS cells, so it gives two graphs;
 *   - graph (NB101 style): the pruned graph, only nodes on some input -> output path and the edges between them;
 *   - chain: a layer table, one row per layer, one column per parameter (`—` for an inactive one);
 *   - hyperparameter: a name/value row; a product gathers its parameters into one table and draws its other
 *     factors (titles prefixed by the factor name);
 *   - constrained and shrunk spaces: their base space's drawing.
 * Throws on a space kind it does not know, so a new kind cannot silently draw nothing.
 */
export function drawGenotype(space: SearchSpace, g: Genotype): ArchDrawing {
    if (space instanceof ShrunkSpace) return drawGenotype(space.base, g);
    if (space instanceof ConstrainedSpace) return drawGenotype(space.base, g);
    if (space instanceof CellSpace) return { graphs: [drawCell(space, g, space.name)], tables: [] };
    if (space instanceof DartsSpace) return { graphs: [drawDarts(space, g, space.name)], tables: [] };
    if (space instanceof GraphSpace) return { graphs: [drawGraph(space, g, space.name)], tables: [] };
    if (space instanceof ChainSpace) return { graphs: [], tables: [drawChain(space, g, space.name)] };
    if (space instanceof ParamSpace) return { graphs: [], tables: [{ title: 'hyperparameters', columns: ['parameter', 'value'], rows: [[space.name, space.format(g)]] }] };
    if (space instanceof ProductSpace) return drawProduct(space, g);
    throw new Error(`no drawing for space ${space.name} (${space.constructor.name})`);
}

export function drawCell(space: CellSpace, g: Genotype, title: string): DrawnGraph {
    const { nodes, edges, ops } = space.spec;
    return {
        title,
        nodes: range(nodes).map((i) => ({ id: String(i), label: String(i) })),
        edges: edges.map(([from, to], position) => ({ from: String(from), to: String(to), label: ops[g[position]]?.name ?? `?${g[position]}` })),
    };
}

export function drawDarts(space: DartsSpace, g: Genotype, title: string): DrawnGraph {
    const { inputs, nodes, pick, ops } = space.spec;
    const graph: DrawnGraph = { title, nodes: [], edges: [] };
    for (let i = 0; i < inputs; i++) graph.nodes.push({ id: String(i), label: `in ${i}` });
    for (let i = 0; i < nodes; i++) graph.nodes.push({ id: String(inputs + i), label: String(inputs + i) });
    graph.nodes.push({ id: 'out', label: 'out' });
    for (let i = 0; i < nodes; i++) {
        // Genotype layout (darts.ts): per node `pick` predecessor ids, then the op of each in the same order.
        const base = i * 2 * pick;
        for (let k = 0; k < pick; k++) {
            const op = g[base + pick + k];
            graph.edges.push({ from: String(g[base + k]), to: String(inputs + i), label: ops[op]?.name ?? `?${op}` });
        }
    }
    for (let i = 0; i < nodes; i++) graph.edges.push({ from: String(inputs + i), to: 'out' });
    return graph;
}

export function drawGraph(space: GraphSpace, g: Genotype, title: string): DrawnGraph {
    const { matrix, ops } = space.decode(g);
    const n = matrix.length;
    // Pruning as NB101: keep the nodes reachable from the input that also reach the output.
    const fromInput = new Array<boolean>(n).fill(false);
    fromInput[0] = true;
    for (let i = 0; i < n; i++) if (fromInput[i]) for (let j = i + 1; j < n; j++) if (matrix[i][j]) fromInput[j] = true;
    const toOutput = new Array<boolean>(n).fill(false);
    toOutput[n - 1] = true;
    for (let i = n - 1; i >= 0; i--) for (let j = i + 1; j < n; j++) if (matrix[i][j] && toOutput[j]) toOutput[i] = true;
    const kept = range(n).filter((i) => fromInput[i] && toOutput[i]);
    const label = (i: number): string => (i === 0 ? 'input' : i === n - 1 ? 'output' : space.spec.ops[ops[i - 1]]?.name ?? `?${ops[i - 1]}`);
    const keptSet = new Set(kept);
    const edges: DrawnGraph['edges'] = [];
    for (const i of kept) for (let j = i + 1; j < n; j++) if (matrix[i][j] && keptSet.has(j)) edges.push({ from: String(i), to: String(j) });
    return { title, nodes: kept.map((i) => ({ id: String(i), label: label(i) })), edges };
}

export function drawChain(space: ChainSpace, g: Genotype, title: string): DrawnTable {
    const params = space.spec.params.map((p) => new ParamSpace(p));
    // Genotype layout (chain.ts): layer 0's parameters in declaration order, then layer 1's, ...
    const rows = range(space.spec.layers).map((layer) => [
        String(layer),
        ...params.map((p, k) => {
            const x = g[layer * params.length + k];
            return Number.isNaN(x) ? '—' : String(p.valueOf(x));
        }),
    ]);
    return { title, columns: ['layer', ...params.map((p) => p.name)], rows };
}

function drawProduct(space: ProductSpace, g: Genotype): ArchDrawing {
    const out: ArchDrawing = { graphs: [], tables: [] };
    const params: string[][] = [];
    space.parts.forEach((part, i) => {
        const slice = space.slice(g, i);
        if (part.space instanceof ParamSpace) {
            params.push([part.name, Number.isNaN(slice[0]) ? '— (inactive)' : part.space.format(slice)]);
            return;
        }
        if (slice.length > 0 && Number.isNaN(slice[0])) {
            out.tables.push({ title: part.name, columns: ['factor', 'value'], rows: [[part.name, '— (inactive)']] });
            return;
        }
        // A factor that draws as one thing is titled by the factor's name (`normal`, `reduce`); a nested
        // product's several items keep their own titles after the factor's name.
        const inner = drawGenotype(part.space, slice);
        const single = inner.graphs.length + inner.tables.length === 1;
        const title = (own: string): string => (single ? part.name : `${part.name}: ${own}`);
        out.graphs.push(...inner.graphs.map((x) => ({ ...x, title: title(x.title) })));
        out.tables.push(...inner.tables.map((x) => ({ ...x, title: title(x.title) })));
    });
    if (params.length > 0) out.tables.unshift({ title: 'hyperparameters', columns: ['parameter', 'value'], rows: params });
    return out;
}

function range(n: number): number[] {
    return Array.from({ length: n }, (_, i) => i);
}
