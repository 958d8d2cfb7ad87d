import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Rng } from '../../../engine/rng.js';
import { CellSpace } from '../../../engine/space/cell.js';
import { nb201Space } from '../../../engine/space/nb201.js';

/** The `arch` column of the NB201 table (second column; arch strings contain no commas). */
function nb201Archs(): string[] {
    const lines = readFileSync('data/nb201/nb201.csv', 'utf8').trim().split('\n');
    assert.equal(lines[0].split(',')[1], 'arch');
    return lines.slice(1).map((line) => line.split(',')[1]);
}

/** Every NB201 genotype, in base-5 counting order. */
function allNb201(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < 15625; i++) {
        const g: number[] = [];
        let x = i;
        for (let e = 0; e < 6; e++) {
            g.push(x % 5);
            x = Math.floor(x / 5);
        }
        out.push(g);
    }
    return out;
}

describe('NB201 cell space', () => {
    const space = nb201Space();

    test('size and basic membership', () => {
        assert.equal(space.size, 15625n);
        assert.equal(space.contains([0, 1, 2, 3, 4, 0]), true);
        assert.equal(space.contains([0, 1, 2, 3, 5, 0]), false);
        assert.equal(space.contains([0, 1, 2, 3, 4]), false);
        assert.equal(space.contains([0, 1, 2, 3, 1.5, 0]), false);
    });

    test('24 neighbours at distance 1 and 264 within distance 2', () => {
        const rng = new Rng(7);
        for (let i = 0; i < 20; i++) {
            const g = space.sample(rng);
            const n1 = space.neighbors(g);
            assert.equal(n1.length, 24);
            assert.ok(n1.every((n) => space.distance(g, n) === 1));
            const n2 = space.neighbors(g, 2);
            assert.equal(n2.length, 6 * 4 + 15 * 16);
            assert.equal(n2.filter((n) => space.distance(g, n) === 2).length, 240);
            assert.equal(new Set(n2.map((n) => space.key(n))).size, 264);
            assert.ok(!n2.some((n) => space.key(n) === space.key(g)));
        }
        const all = space.neighbors([0, 1, 2, 3, 4, 0], 6);
        assert.equal(all.length, 15624);
        assert.equal(new Set(all.map((n) => space.key(n))).size, 15624);
    });

    test('distance is a metric on random triples', () => {
        const rng = new Rng(11);
        for (let i = 0; i < 500; i++) {
            const [a, b, c] = [space.sample(rng), space.sample(rng), space.sample(rng)];
            assert.equal(space.distance(a, b), space.distance(b, a));
            assert.ok(space.distance(a, c) <= space.distance(a, b) + space.distance(b, c));
            assert.equal(space.distance(a, b) === 0, space.key(a) === space.key(b));
        }
        assert.equal(space.distance([0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 1, 2]), 6);
    });

    test('format/parse round trip on all 15,625 NB201 arch strings', () => {
        const archs = nb201Archs();
        assert.equal(archs.length, 15625);
        const keys = new Set<string>();
        for (const arch of archs) {
            const g = space.parse(arch);
            assert.equal(space.format(g), arch);
            keys.add(space.key(g));
        }
        assert.equal(keys.size, 15625);
        // Op indices agree with the table's `ops` column on the first row.
        assert.deepEqual(space.parse(archs[0]), [4, 2, 1, 2, 1, 1]);
    });

    test('parse errors name the bad text', () => {
        assert.throws(() => space.parse('|nor_conv_3x3~0|+|none~0|none~1|'), /2 node group\(s\), expected 3/);
        assert.throws(() => space.parse('|conv9~0|+|none~0|none~1|+|none~0|none~1|none~2|'), /unknown op 'conv9' in 'conv9~0'/);
        assert.throws(() => space.parse('|none~1|+|none~0|none~1|+|none~0|none~1|none~2|'), /'none~1' .* should be 'op~0'/);
        assert.throws(() => space.parse('|none~0|+|none~0|+|none~0|none~1|none~2|'), /group '\|none~0\|' of node 2 has 1 edge\(s\), expected 2/);
    });

    test('6,466 canonical classes over the NB201 space', () => {
        const classes = new Set(allNb201().map((g) => space.canonical(g)));
        assert.equal(classes.size, 6466);
        // skip_connect on 0->1 then conv on 1->3 equals conv on 0->3 directly when everything else is none.
        assert.equal(space.canonical([1, 0, 0, 0, 3, 0]), space.canonical([0, 0, 0, 3, 0, 0]));
    });

    test('sampling is deterministic with a seed and uniform over ops', () => {
        const a = new Rng(42);
        const b = new Rng(42);
        const sa = Array.from({ length: 50 }, () => space.sample(a));
        const sb = Array.from({ length: 50 }, () => space.sample(b));
        assert.deepEqual(sa, sb);
        const rng = new Rng(3);
        const counts = Array.from({ length: 6 }, () => new Array<number>(5).fill(0));
        const n = 20000;
        for (let i = 0; i < n; i++) space.sample(rng).forEach((op, e) => counts[e][op]++);
        // Chi-square per edge, 4 degrees of freedom: 18.47 is the 0.999 quantile.
        for (const row of counts) {
            const expected = n / 5;
            const chi2 = row.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
            assert.ok(chi2 < 18.47, `chi2 ${chi2} for ${row}`);
        }
    });

    test('format works for other node counts (5-node cell, all 10 edges)', () => {
        const edges: Array<[number, number]> = [];
        for (let to = 1; to < 5; to++) for (let from = 0; from < to; from++) edges.push([from, to]);
        const cell = new CellSpace({ kind: 'cell', name: 'C5', nodes: 5, edges, ops: [{ name: 'a', args: {} }, { name: 'b', args: {} }] });
        assert.equal(cell.size, 1024n);
        const g = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1];
        const text = cell.format(g);
        assert.equal(text, '|a~0|+|b~0|a~1|+|b~0|b~1|a~2|+|a~0|b~1|a~2|b~3|');
        assert.deepEqual(cell.parse(text), g);
        assert.equal(cell.neighbors(g).length, 10);
    });
});
