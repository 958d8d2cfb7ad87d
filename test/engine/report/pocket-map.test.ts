import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPocketMap, nearestPocket, type EvaluatedArch } from '../../../engine/report/pocket-map.js';
import { nb201Space } from '../../../engine/space/nb201.js';
import { PocketMapCheck } from '../../../protocol/pocket-map.js';

const space = nb201Space();
const arch = (ops: number[]): EvaluatedArch => ({ genotype: ops, key: ops.join(',') });

// Seeds A = 000000 and B = 110000 (distance 2); P = 100000 is at distance 1 from both: a tie.
const A = [0, 0, 0, 0, 0, 0];
const B = [1, 1, 0, 0, 0, 0];
const P = [1, 0, 0, 0, 0, 0];
const Q = [1, 1, 1, 0, 0, 0]; // distance 1 from B, 3 from A
const FAR = [4, 4, 4, 4, 4, 4];

describe('buildPocketMap', () => {
    const pockets = [
        { seed: space.format(A), radius: 1 },
        { seed: space.format(B), radius: 1 },
    ];

    test('pocket of a point: nearest seed within its radius, lowest index on ties, none when out of every radius', () => {
        const seeds = [A, B];
        assert.equal(nearestPocket(space, A, seeds, pockets), 0);
        assert.equal(nearestPocket(space, P, seeds, pockets), 0, 'a tie goes to the lowest index');
        assert.equal(nearestPocket(space, P, [B, A], [pockets[1], pockets[0]]), 0, 'the lowest index, whichever seed it is');
        assert.equal(nearestPocket(space, Q, seeds, pockets), 1);
        assert.equal(nearestPocket(space, FAR, seeds, pockets), undefined);
        // Nearest wins over index: Q is within radius 3 of A but at distance 1 of B.
        assert.equal(nearestPocket(space, Q, seeds, [{ seed: '', radius: 3 }, pockets[1]]), 1);
    });

    test('points, members, metrics, failures, iterations, best by score, pocket statistics', () => {
        const evaluated: EvaluatedArch[] = [
            { ...arch(A), metric: 90, report: 91, score: 90, iteration: 1 },
            { ...arch(P), metric: 80, score: 80, iteration: 1 },
            { ...arch(Q), metric: 95, report: 94, score: 95, iteration: 2 },
            { ...arch(B), metric: 95, score: 95, iteration: 2 },
            { ...arch(FAR), error: 'no row', iteration: 3 },
        ];
        const members = new Set([A, P, B].map((g) => g.join(',')));
        const map = buildPocketMap({ command: 'shrink', name: 'P', space, evaluated, pockets, isMember: (g) => members.has(g.join(',')), metricName: 'm' });
        assert.equal(PocketMapCheck.problem(map), undefined);
        assert.deepEqual(map.points.map((p) => [p.key, p.member, p.pocket, p.iteration]), [
            ['0,0,0,0,0,0', true, 0, 1],
            ['1,0,0,0,0,0', true, 0, 1],
            ['1,1,1,0,0,0', false, 1, 2],
            ['1,1,0,0,0,0', true, 1, 2],
            ['4,4,4,4,4,4', false, undefined, 3],
        ]);
        assert.equal(map.points[4].metric, undefined);
        assert.equal(map.points[4].error, 'no row');
        assert.equal(map.points[1].report, undefined);
        assert.equal(map.points[0].arch, space.format(A));
        // Q and B tie on score 95: the lower key wins, as in result.json.
        assert.equal(map.bestKey, '1,1,0,0,0,0');
        assert.deepEqual(map.pockets, [
            { seed: space.format(A), seedKey: '0,0,0,0,0,0', members: 2, radius: 1, bestMetric: 90, meanMetric: 85 },
            { seed: space.format(B), seedKey: '1,1,0,0,0,0', members: 2, radius: 1, bestMetric: 95, meanMetric: 95 },
        ]);
        assert.equal(map.metricName, 'm');
        assert.equal(map.embedding.method, 'classical-mds');
        // The embedding is anchored on the space's distance: the two identical-score points are distinct and far from FAR.
        const at = (i: number) => [map.points[i].x, map.points[i].y];
        const dist = (i: number, j: number) => Math.hypot(at(i)[0] - at(j)[0], at(i)[1] - at(j)[1]);
        assert.ok(dist(0, 4) > dist(0, 1), 'FAR is placed farther from A than P is');
    });

    test('result.json numbers win over the evaluated points; a given bestKey wins over scores; no isMember: no members', () => {
        const evaluated = [arch(A), arch(P)].map((a, i) => ({ ...a, metric: 70 + i, score: 70 + i }));
        const map = buildPocketMap({
            command: 'search',
            name: 'S',
            space,
            evaluated,
            pockets: [{ seed: space.format(A), radius: 1, members: 25, bestMetric: 93, meanMetric: 88 }],
            bestKey: '0,0,0,0,0,0',
        });
        assert.deepEqual(map.pockets[0], { seed: space.format(A), seedKey: '0,0,0,0,0,0', members: 25, radius: 1, bestMetric: 93, meanMetric: 88 });
        assert.equal(map.bestKey, '0,0,0,0,0,0');
        assert.ok(map.points.every((p) => p.member === false));
    });

    test('deterministic and landmark MDS above the threshold', () => {
        const evaluated = Array.from({ length: 40 }, (_, i) => arch([i % 5, (i >> 1) % 5, (i >> 2) % 5, (i >> 3) % 5, 0, 0]))
            .filter((a, i, all) => all.findIndex((b) => b.key === a.key) === i)
            .map((a, i) => ({ ...a, metric: i, score: i }));
        const input = { command: 'shrink' as const, name: 'P', space, evaluated, pockets, embedding: { classicalMax: 10, landmarks: 8 } };
        const a = JSON.stringify(buildPocketMap(input));
        assert.equal(JSON.stringify(buildPocketMap(input)), a);
        const map = JSON.parse(a);
        assert.equal(map.embedding.method, 'landmark-mds');
        assert.equal(map.embedding.landmarks, 8);
    });
});
