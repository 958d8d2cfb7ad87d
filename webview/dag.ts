/**
 * Draws an architecture from its `drawing` (protocol/pocket-map.ts): each graph as an SVG DAG laid out in layers
 * by topological order (a node's layer is one more than its deepest predecessor's), edges labelled with their
 * ops and bent apart so that edges skipping layers do not hide each other (an NB201 cell is a chain of 4 nodes
 * with every forward edge); each table as an HTML table. Text goes in through textContent only.
 */
import type { ArchDrawing, DrawnGraph, DrawnTable } from '../protocol/pocket-map.js';
import { el } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const LAYER_W = 120;
const ROW_H = 56;
const R = 16;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
}

/** Layer of each node: longest path from a source (edges pointing backwards in a malformed drawing are ignored). */
export function layers(graph: DrawnGraph): Map<string, number> {
    const layer = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
    const order = graph.nodes.map((n) => n.id);
    // Kahn's algorithm; nodes left on a cycle keep layer 0.
    const indegree = new Map(order.map((id) => [id, 0]));
    for (const e of graph.edges) if (indegree.has(e.to) && indegree.has(e.from)) indegree.set(e.to, indegree.get(e.to)! + 1);
    const queue = order.filter((id) => indegree.get(id) === 0);
    while (queue.length > 0) {
        const id = queue.shift()!;
        for (const e of graph.edges.filter((x) => x.from === id && indegree.has(x.to))) {
            layer.set(e.to, Math.max(layer.get(e.to)!, layer.get(id)! + 1));
            indegree.set(e.to, indegree.get(e.to)! - 1);
            if (indegree.get(e.to) === 0) queue.push(e.to);
        }
    }
    return layer;
}

export function drawGraph(graph: DrawnGraph): SVGSVGElement {
    const layer = layers(graph);
    const byLayer = new Map<number, string[]>();
    for (const n of graph.nodes) byLayer.set(layer.get(n.id)!, [...(byLayer.get(layer.get(n.id)!) ?? []), n.id]);
    const maxLayer = Math.max(0, ...layer.values());
    const maxRows = Math.max(1, ...[...byLayer.values()].map((ids) => ids.length));
    const height = maxRows * ROW_H + 2 * ROW_H; // room above and below for bent edges
    const width = (maxLayer + 1) * LAYER_W + 40;
    const pos = new Map<string, { x: number; y: number }>();
    for (const [l, ids] of byLayer) ids.forEach((id, i) => pos.set(id, { x: 20 + R + l * LAYER_W, y: height / 2 + (i - (ids.length - 1) / 2) * ROW_H }));
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'dag', role: 'img' });
    root.append(svg('title', {}, graph.title));
    const defs = svg('defs', {});
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'dag-arrow' }));
    defs.append(marker);
    root.append(defs);
    graph.edges.forEach((e, i) => {
        const a = pos.get(e.from);
        const b = pos.get(e.to);
        if (!a || !b) return;
        const span = Math.abs((layer.get(e.to) ?? 0) - (layer.get(e.from) ?? 0));
        // Adjacent layers: straight; longer edges bow out, alternately up and down, further for longer spans.
        const bend = span <= 1 ? 0 : (i % 2 === 0 ? -1 : 1) * (span - 0.5) * 26;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const [sx, sy, ex, ey] = [a.x + (dx / len) * R, a.y + (dy / len) * R, b.x - (dx / len) * R, b.y - (dy / len) * R];
        const cx = (sx + ex) / 2 - (dy / len) * bend * 2;
        const cy = (sy + ey) / 2 + (dx / len) * bend * 2;
        const op = (e.label ?? '').toLowerCase();
        root.append(svg('path', { d: `M ${sx} ${sy} Q ${cx} ${cy} ${ex} ${ey}`, class: `dag-edge${op === 'none' ? ' dag-edge-none' : ''}`, 'marker-end': 'url(#arrow)' }));
        if (e.label) {
            // The midpoint of the quadratic curve.
            const mx = 0.25 * sx + 0.5 * cx + 0.25 * ex;
            const my = 0.25 * sy + 0.5 * cy + 0.25 * ey;
            root.append(svg('text', { x: mx, y: my - 4, class: 'dag-label', 'text-anchor': 'middle' }, e.label));
        }
    });
    for (const n of graph.nodes) {
        const p = pos.get(n.id)!;
        root.append(svg('circle', { cx: p.x, cy: p.y, r: R, class: 'dag-node' }));
        root.append(svg('text', { x: p.x, y: p.y + 4, class: 'dag-node-label', 'text-anchor': 'middle' }, n.label));
    }
    return root;
}

export function drawTable(table: DrawnTable): HTMLElement {
    const head = el('tr', {}, ...table.columns.map((c) => el('th', { text: c })));
    const body = table.rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', { text: cell }))));
    return el('table', { className: 'drawn-table' }, el('caption', { text: table.title }), el('thead', {}, head), el('tbody', {}, ...body));
}

export function drawArchitecture(drawing: ArchDrawing): HTMLElement {
    const box = el('div', { className: 'drawing' });
    for (const graph of drawing.graphs) box.append(el('div', { className: 'drawing-title', text: graph.title }), drawGraph(graph));
    for (const table of drawing.tables) box.append(drawTable(table));
    if (drawing.graphs.length === 0 && drawing.tables.length === 0) box.append(el('p', { className: 'muted', text: 'No drawing for this space.' }));
    return box;
}
