import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { LISSNAS_DEFAULTS, runLissnas } from '../../../engine/policy/lissnas.js';
import { chooseSeeds } from '../../../engine/policy/seed-selection.js';
import { shrinkMetrics } from '../../../engine/metrics/shrink.js';
import { fresh, reference, space } from './nb201-fixture.js';

const line = (xs: number[]) => xs.map((x) => ({ genotype: [x] }));
const gap = (a: number[], b: number[]) => Math.abs(a[0] - b[0]);
const picked = (xs: Array<{ genotype: number[] }>) => xs.map((x) => x.genotype[0]);

describe('seed selection (`seeds top k apart d`)', () => {
    // Ranking best first: 10, 11, 30, 12, 50, 31.
    const ranked = line([10, 11, 30, 12, 50, 31]);

    test('without apart: the first k of the ranking', () => {
        assert.deepEqual(picked(chooseSeeds(ranked, 3, undefined, gap)), [10, 11, 30]);
    });

    test('apart 5: walks the ranking, skips 11, 12 and 31 (within 5 of a chosen seed), keeps the order', () => {
        assert.deepEqual(picked(chooseSeeds(ranked, 3, 5, gap)), [10, 30, 50]);
        assert.deepEqual(picked(chooseSeeds(ranked, 2, 5, gap)), [10, 30]);
    });

    test('the distance is a minimum, inclusive: apart 20 keeps 10 and 30 (distance 20), not 31 after 50', () => {
        assert.deepEqual(picked(chooseSeeds(ranked, 6, 20, gap)), [10, 30, 50]);
    });

    test('fewer than k qualify: fewer seeds, never a close one to top up', () => {
        assert.deepEqual(picked(chooseSeeds(ranked, 6, 5, gap)), [10, 30, 50]);
        assert.deepEqual(picked(chooseSeeds(ranked, 4, 100, gap)), [10]);
    });

    test('apart 1 on distinct genotypes is the plain top k', () => {
        assert.deepEqual(picked(chooseSeeds(ranked, 4, 1, gap)), [10, 11, 30, 12]);
    });
});

describe('lissnas with seeds apart on NB201 (CIFAR-10)', () => {
    const digest = (json: unknown) => createHash('sha256').update(JSON.stringify(json)).digest('hex');

    test('defaults unchanged: the shrunk spaces are byte-identical to those before `apart` existed', async () => {
        // Recorded from the engine before seed selection changed (commit b3e7db6), seeds 1 and 7, `in full` and `in current`.
        const before: Record<string, string> = {
            '1 full': '1d2c129f4fe963d35926fa1715b3334e7fd459cb595e3d526486793571541893',
            '1 current': 'd04af39fa6ac46885ed8336f4c60cd26f6a9a54de9d8369b435237220a5b994f',
            '7 full': 'b48f3e5f5f6c1e7560a00991ab6002f4e376a566a48bb81ccbfb62e4b5670437',
            '7 current': '8f702ce40b4403a29feeb2907647a752402ef7119664850ea93c71068fbb8acd',
        };
        for (const [name, hash] of Object.entries(before)) {
            const [seed, within] = name.split(' ');
            const r = await runLissnas(space, fresh(), { ...LISSNAS_DEFAULTS, seed: Number(seed), within: within as 'full' | 'current' });
            assert.equal(digest(r.space.toJSON()), hash, name);
        }
    });

    test('apart 3: every pair of pocket seeds is >= 3 edits apart (the defaults have closer pairs), at most 10 pockets', async () => {
        const closest = (seeds: number[][]) => Math.min(...seeds.flatMap((a, i) => seeds.slice(i + 1).map((b) => space.distance(a, b))));
        const plain = await runLissnas(space, fresh(), { ...LISSNAS_DEFAULTS, seed: 1 });
        const apart = await runLissnas(space, fresh(), { ...LISSNAS_DEFAULTS, seed: 1, seeds: { kind: 'count', value: 10, apart: 3 } });
        assert.ok(closest(plain.pockets.map((p) => p.seed)) < 3, 'the default seeds are not already 3 apart (the test would prove nothing)');
        assert.ok(apart.pockets.length >= 2 && apart.pockets.length <= 10, String(apart.pockets.length));
        assert.ok(closest(apart.pockets.map((p) => p.seed)) >= 3);
        // More, smaller, separate components than the one blob of the defaults.
        const m = shrinkMetrics({ space, members: apart.members, reference });
        const d = shrinkMetrics({ space, members: plain.members, reference });
        assert.ok(m.pockets > d.pockets, `${m.pockets} vs ${d.pockets}`);
    });
});
