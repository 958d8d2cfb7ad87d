import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalGraph, countEdges, pruneGraph } from '../../../engine/canonical/graph.js';
import { countUniqueGraphs, graphRawSize } from '../../../engine/size/graphs.js';
import { sizeOfSpace } from '../../../engine/size/space.js';
import type { GraphSpec } from '../../../engine/spec.js';

/** Brute force: every matrix on maxNodes nodes × every labelling, pruned, edge-limited, canonicalised. */
function bruteUnique(maxNodes: number, maxEdges: number, numOps: number): number {
    const classes = new Set<string>();
    const pairs = (maxNodes * (maxNodes - 1)) / 2;
    const labellings = numOps ** (maxNodes - 2);
    for (let bits = 0; bits < 2 ** pairs; bits++) {
        const m = Array.from({ length: maxNodes }, () => new Array<number>(maxNodes).fill(0));
        let k = 0;
        for (let j = 1; j < maxNodes; j++) for (let i = 0; i < j; i++) m[i][j] = (bits >> k++) & 1;
        for (let lab = 0; lab < labellings; lab++) {
            const ops = [-1];
            for (let v = 0, x = lab; v < maxNodes - 2; v++, x = Math.floor(x / numOps)) ops.push(x % numOps);
            ops.push(-2);
            const pruned = pruneGraph(m, ops);
            if (!pruned || countEdges(pruned.matrix) > maxEdges) continue;
            classes.add(canonicalGraph(m, ops));
        }
    }
    return classes.size;
}

describe('graph sizes', () => {
    test("NAS-Bench-101: 7 nodes, 9 edges, 3 ops -> 423,624 unique graphs", () => {
        assert.equal(countUniqueGraphs(7, 9, 3), 423624n);
    });

    test('raw = 2^21 · 3^5 for NB101', () => {
        assert.equal(graphRawSize(7, 3), 509607936n);
        const spec: GraphSpec = { kind: 'graph', name: 'g', maxNodes: 7, maxEdges: 9, ops: ['conv3x3', 'conv1x1', 'maxpool3x3'].map((name) => ({ name, args: {} })) };
        const size = sizeOfSpace({ name: 'NB101', components: [spec], constraints: [] });
        assert.equal(size.raw, 509607936n);
        assert.equal(size.unique, 423624n);
        assert.equal(size.exact, true);
    });

    test('agrees with brute force on small spaces', () => {
        for (const [nodes, edges, ops] of [[4, 6, 3], [5, 10, 2], [5, 5, 3], [5, 4, 2], [6, 7, 1], [6, 6, 2]]) {
            assert.equal(countUniqueGraphs(nodes, edges, ops), BigInt(bruteUnique(nodes, edges, ops)), `${nodes}/${edges}/${ops}`);
        }
    });

    test('hand-counted tiny cases', () => {
        assert.equal(countUniqueGraphs(2, 1, 5), 1n); // input -> output
        assert.equal(countUniqueGraphs(2, 0, 5), 0n);
        // 3 nodes: 0->2 alone (1), 0->1->2 (k labels), 0->1->2 plus 0->2 (k labels).
        assert.equal(countUniqueGraphs(3, 3, 4), 9n);
        assert.equal(countUniqueGraphs(3, 2, 4), 5n);
    });
});

test('a unique-graph count past its work budget answers "too large to count" (bounded by raw) instead of running on', async () => {
    const { graphSize, graphRawSize } = await import('../../../engine/size/graphs.js');
    // 8 nodes without an edge bound ran for minutes; 31 nodes would never finish.
    for (const [nodes, edges] of [[8, 28], [31, 465]]) {
        const size = graphSize(nodes, edges, 3, 100_000);
        assert.equal(size.exact, false);
        assert.equal(size.raw, graphRawSize(nodes, 3));
        assert.equal(size.unique, size.raw);
        assert.match(size.note ?? '', /too large to count within the work budget \(100,000 topologies\): unique is only bounded by raw/);
    }
    // NB101 fits the editor's budget and stays exact.
    assert.deepEqual([graphSize(7, 9, 3, 2_000_000).unique, graphSize(7, 9, 3, 2_000_000).exact], [423624n, true]);
});
