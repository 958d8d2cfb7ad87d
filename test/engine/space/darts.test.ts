import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { DartsSpace } from '../../../engine/space/darts.js';

const ops = (names: string[]) => names.map((name) => ({ name, args: {} }));
const DARTS_OPS = ops(['max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'none']);

/** Every genotype of a tiny cell: 2 inputs, 2 nodes, pick 2, 3 ops. */
function allTiny(): number[][] {
    const pairs1 = [[0, 1], [0, 2], [1, 2]];
    const out: number[][] = [];
    for (let a = 0; a < 9; a++) {
        for (const p of pairs1) {
            for (let b = 0; b < 9; b++) out.push([0, 1, a % 3, Math.floor(a / 3), p[0], p[1], b % 3, Math.floor(b / 3)]);
        }
    }
    return out;
}

describe('DARTS-style cell space', () => {
    const tiny = new DartsSpace({ kind: 'darts', name: 'T', inputs: 2, nodes: 2, pick: 2, ops: ops(['a', 'b', 'c']) });

    test('the DARTS space: size and 68 neighbours', () => {
        const darts = new DartsSpace({ kind: 'darts', name: 'DARTS', inputs: 2, nodes: 4, pick: 2, ops: DARTS_OPS });
        // prod over nodes of C(2+i, 2) * 8^2 = (1 * 3 * 6 * 10) * 8^8.
        assert.equal(darts.size, 180n * 8n ** 8n);
        const rng = new Rng(1);
        for (let i = 0; i < 20; i++) {
            const g = darts.sample(rng);
            assert.ok(darts.contains(g));
            // ops: 4 nodes x 2 inputs x 7 others = 56; inputs: node i replaces one of 2 by one of (2+i-2) = 0+2+4+6.
            assert.equal(darts.neighbors(g).length, 68);
            assert.deepEqual(darts.parse(darts.format(g)), g);
        }
    });

    test('distance is the shortest path of moves (BFS over the whole tiny space)', () => {
        const all = allTiny();
        assert.equal(tiny.size, BigInt(all.length));
        assert.equal(all.length, 243);
        for (const start of all) {
            const dist = new Map<string, number>([[tiny.key(start), 0]]);
            let frontier = [start];
            for (let depth = 1; frontier.length > 0; depth++) {
                const next: number[][] = [];
                for (const g of frontier) {
                    for (const n of tiny.neighbors(g)) {
                        if (dist.has(tiny.key(n))) continue;
                        dist.set(tiny.key(n), depth);
                        next.push(n);
                    }
                }
                frontier = next;
            }
            assert.equal(dist.size, 243);
            for (const g of all) assert.equal(tiny.distance(start, g), dist.get(tiny.key(g)), tiny.format(g));
            const ball = tiny.neighbors(start, 2);
            assert.equal(ball.length, all.filter((g) => [1, 2].includes(dist.get(tiny.key(g))!)).length);
        }
        // node 0: 2 inputs fixed, 2 x 2 op moves; node 1: 2 x 2 op moves + 2 replacements.
        assert.equal(tiny.neighbors(all[0]).length, 10);
    });

    test('replacing an input keeps its op; parse sorts inputs; errors', () => {
        const g = tiny.parse('|a~1|b~0|+|c~2|a~0|');
        assert.deepEqual(g, [0, 1, 1, 0, 0, 2, 0, 2]);
        assert.equal(tiny.format(g), '|b~0|a~1|+|a~0|c~2|');
        const moved = tiny.parse('|b~0|a~1|+|a~0|c~1|');
        assert.ok(tiny.neighbors(g).some((n) => tiny.key(n) === tiny.key(moved)));
        assert.equal(tiny.distance(g, moved), 1);
        assert.throws(() => tiny.parse('|a~0|a~0|+|a~0|a~1|'), /picks input 0 twice/);
        assert.throws(() => tiny.parse('|a~0|a~1|+|a~0|a~3|'), /'a~3' .* src in 0\.\.2/);
        assert.throws(() => tiny.parse('|a~0|a~1|'), /1 node group\(s\), expected 2/);
    });

    test('canonical merges swapped independent nodes', () => {
        const one = new DartsSpace({ kind: 'darts', name: 'P1', inputs: 2, nodes: 2, pick: 1, ops: ops(['a', 'b']) });
        const x = one.parse('|a~0|+|b~1|');
        const y = one.parse('|b~1|+|a~0|');
        assert.notEqual(one.key(x), one.key(y));
        assert.equal(one.canonical(x), one.canonical(y));
        assert.notEqual(one.canonical(x), one.canonical(one.parse('|a~1|+|b~0|')));
        assert.notEqual(one.canonical(x), one.canonical(one.parse('|a~0|+|b~2|')));
    });
});
