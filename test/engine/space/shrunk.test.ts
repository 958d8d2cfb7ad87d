import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { nb201Space } from '../../../engine/space/nb201.js';
import { pocketsByComponents, ShrunkSpace } from '../../../engine/space/shrunk.js';

describe('shrunk spaces', () => {
    const base = nb201Space();
    const seedA = [3, 3, 3, 3, 3, 3];
    const seedB = [0, 0, 0, 0, 0, 0];
    const pockets = [
        { seed: seedA, members: [seedA, ...base.neighbors(seedA)], radius: 1 },
        { seed: seedB, members: base.neighbors(seedB).slice(0, 5), radius: 1 },
    ];

    test('members, size, membership and sampling', () => {
        const shrunk = new ShrunkSpace(base, pockets, 'S');
        // The seed of pocket B is added to its members: 25 + 6.
        assert.equal(shrunk.size, 31n);
        assert.equal(shrunk.contains(seedB), true);
        assert.equal(shrunk.contains([1, 1, 1, 1, 1, 1]), false);
        const rng = new Rng(5);
        const seen = new Set<string>();
        for (let i = 0; i < 2000; i++) {
            const g = shrunk.sample(rng);
            assert.ok(shrunk.contains(g));
            seen.add(shrunk.key(g));
        }
        assert.equal(seen.size, 31);
        // Neighbours stay inside: A's seed sees its 24 neighbours, B's seed its 5 chosen ones.
        assert.equal(shrunk.neighbors(seedA).length, 24);
        assert.equal(shrunk.neighbors(seedB).length, 5);
        assert.equal(shrunk.neighbors(seedB, 6).length, 30);
        assert.equal(shrunk.format(seedB), base.format(seedB));
        assert.throws(() => shrunk.parse(base.format([1, 1, 1, 1, 1, 1])), /not a member of the shrunk space/);
    });

    test('JSON round trip through text', () => {
        const shrunk = new ShrunkSpace(base, pockets, 'S');
        const text = JSON.stringify(shrunk.toJSON());
        const back = ShrunkSpace.fromJSON(text, nb201Space());
        assert.equal(back.name, 'S');
        assert.equal(back.size, 31n);
        assert.deepEqual(back.members, shrunk.members);
        assert.deepEqual(back.pockets, shrunk.pockets);
        assert.equal(JSON.parse(text).pockets[0].seed, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
        assert.throws(() => ShrunkSpace.fromJSON({ ...shrunk.toJSON(), base: 'Other' }, base), /built on space 'Other', not 'NB201'/);
    });

    test('pocketsByComponents: connected components at distance <= d', () => {
        const members = [seedA, [3, 3, 3, 3, 3, 0], [3, 3, 3, 3, 0, 0], seedB, [1, 0, 0, 0, 0, 0], [2, 2, 2, 2, 2, 2]];
        const d1 = pocketsByComponents(base, members, 1);
        assert.deepEqual(d1.map((p) => p.members.length), [3, 2, 1]);
        assert.deepEqual(d1[0].seed, seedA);
        assert.equal(d1[0].radius, 2);
        assert.equal(d1[1].radius, 1);
        assert.equal(d1[2].radius, 0);
        // At d = 6 every pair is connected.
        assert.equal(pocketsByComponents(base, members, 6).length, 1);
        // The neighbour-based path (many members) agrees with pairwise comparison.
        const rng = new Rng(9);
        const many = Array.from({ length: 3000 }, () => base.sample(rng));
        const viaNeighbours = pocketsByComponents(base, many, 1);
        const unique = [...new Map(many.map((g) => [base.key(g), g])).values()];
        assert.ok(unique.length > 1500, 'large enough for the neighbour-based path');
        // Reference: components by pairwise distances, each listed in first-appearance order.
        const label = new Array<number>(unique.length).fill(-1);
        const reference: number[][] = [];
        unique.forEach((_, start) => {
            if (label[start] >= 0) return;
            const comp = [start];
            label[start] = start;
            for (let k = 0; k < comp.length; k++) {
                unique.forEach((g, j) => {
                    if (label[j] < 0 && base.distance(unique[comp[k]], g) <= 1) {
                        label[j] = start;
                        comp.push(j);
                    }
                });
            }
            reference.push(comp.sort((x, y) => x - y));
        });
        assert.deepEqual(viaNeighbours.map((p) => p.members.map((g) => base.key(g))), reference.map((c) => c.map((i) => base.key(unique[i]))));
        assert.ok(reference.length > 1 && reference.some((c) => c.length > 1));
    });
});
