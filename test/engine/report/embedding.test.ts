import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classicalMds, embed, symmetricEigenvalues } from '../../../engine/report/embedding.js';
import { nb201Space } from '../../../engine/space/nb201.js';
import { Rng } from '../../../engine/rng.js';

/** Largest gap between the input distances and the embedding's Euclidean distances. */
function worstError(points: number[][], e: { x: number[]; y: number[] }): number {
    let worst = 0;
    for (let i = 0; i < points.length; i++) {
        for (let j = i + 1; j < points.length; j++) {
            const want = Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);
            const got = Math.hypot(e.x[i] - e.x[j], e.y[i] - e.y[j]);
            worst = Math.max(worst, Math.abs(want - got));
        }
    }
    return worst;
}

const euclid = (points: number[][]) => (i: number, j: number) => Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);

// A 6×4 grid with spacing 1 and 2 (distinct eigenvalues), shuffled so that the index order means nothing.
const grid: number[][] = [];
for (let a = 0; a < 6; a++) for (let b = 0; b < 4; b++) grid.push([a, 2 * b]);
new Rng('grid').shuffle(grid);

describe('embed', () => {
    test('classical MDS recovers points on a line up to rotation; the second axis is empty and explained is 1', () => {
        const line = [0, 3, 1, 7, 2, 10, 4].map((t) => [t, 0]);
        const e = embed(line.length, euclid(line));
        assert.equal(e.method, 'classical-mds');
        assert.equal(e.landmarks, line.length);
        assert.ok(worstError(line, e) < 1e-9, `worst error ${worstError(line, e)}`);
        assert.ok(e.y.every((v) => v === 0), 'a line has no second axis');
        assert.ok(Math.abs(e.explained - 1) < 1e-9, `explained ${e.explained}`);
    });

    test('classical MDS recovers a 2-D grid up to rotation (pairwise distances within 1e-6)', () => {
        const e = embed(grid.length, euclid(grid));
        assert.ok(worstError(grid, e) < 1e-6, `worst error ${worstError(grid, e)}`);
        assert.ok(Math.abs(e.explained - 1) < 1e-9);
    });

    test('landmark MDS with fewer landmarks than points still recovers a Euclidean grid', () => {
        const e = embed(grid.length, euclid(grid), { method: 'landmark-mds', landmarks: 6, first: 5 });
        assert.equal(e.method, 'landmark-mds');
        assert.equal(e.landmarks, 6);
        assert.ok(worstError(grid, e) < 1e-6, `worst error ${worstError(grid, e)}`);
    });

    test('landmark MDS with L = N equals classical MDS', () => {
        const space = nb201Space();
        const rng = new Rng('lmds');
        const genotypes = Array.from({ length: 60 }, () => space.sample(rng));
        const d = (i: number, j: number) => space.distance(genotypes[i], genotypes[j]);
        const classical = embed(genotypes.length, d, { method: 'classical-mds' });
        const landmark = embed(genotypes.length, d, { method: 'landmark-mds', landmarks: genotypes.length, first: 17 });
        assert.equal(landmark.landmarks, 60);
        assert.ok(Math.abs(classical.explained - landmark.explained) < 1e-12);
        for (let i = 0; i < genotypes.length; i++) {
            assert.ok(Math.abs(classical.x[i] - landmark.x[i]) < 1e-8, `x[${i}] ${classical.x[i]} vs ${landmark.x[i]}`);
            assert.ok(Math.abs(classical.y[i] - landmark.y[i]) < 1e-8, `y[${i}] ${classical.y[i]} vs ${landmark.y[i]}`);
        }
        // Hamming distances are not Euclidean: the axes explain part of the positive mass, not all of it.
        assert.ok(classical.explained > 0 && classical.explained < 1, `explained ${classical.explained}`);
    });

    test('deterministic: the same input gives byte-identical output, both methods', () => {
        const space = nb201Space();
        const rng = new Rng('det');
        const genotypes = Array.from({ length: 120 }, () => space.sample(rng));
        const d = (i: number, j: number) => space.distance(genotypes[i], genotypes[j]);
        for (const method of ['classical-mds', 'landmark-mds'] as const) {
            const a = JSON.stringify(embed(genotypes.length, d, { method, landmarks: 30 }));
            const b = JSON.stringify(embed(genotypes.length, d, { method, landmarks: 30 }));
            assert.equal(a, b, method);
        }
    });

    test('the method switches at classicalMax; landmark MDS makes O(N·L) distance calls', () => {
        const points = Array.from({ length: 50 }, (_, i) => [i % 7, Math.floor(i / 7)]);
        let calls = 0;
        const d = (i: number, j: number) => {
            calls++;
            return euclid(points)(i, j);
        };
        const small = embed(points.length, d, { classicalMax: 50 });
        assert.equal(small.method, 'classical-mds');
        assert.equal(calls, (50 * 49) / 2);
        calls = 0;
        const big = embed(points.length, d, { classicalMax: 49, landmarks: 8 });
        assert.equal(big.method, 'landmark-mds');
        assert.ok(calls <= 8 * 50, `calls ${calls}`);
        assert.ok(worstError(points, big) < 1e-6);
    });

    test('the first landmark is the given point and the next ones are farthest-first', () => {
        // Points on a line: from 0, the farthest is 100, then the one farthest from both (50).
        const line = [0, 1, 2, 50, 99, 100].map((t) => [t, 0]);
        const e = embed(line.length, euclid(line), { method: 'landmark-mds', landmarks: 3, first: 0 });
        assert.ok(worstError(line, e) < 1e-9, 'three collinear landmarks place every point on the line exactly');
    });

    test('edge cases: no point, one point, identical points', () => {
        assert.deepEqual(embed(0, () => 0), { x: [], y: [], method: 'classical-mds', landmarks: 0, explained: 1 });
        assert.deepEqual(embed(1, () => 0), { x: [0], y: [0], method: 'classical-mds', landmarks: 1, explained: 1 });
        const same = embed(3, () => 0, { method: 'landmark-mds' });
        assert.deepEqual([same.x, same.y], [[0, 0, 0], [0, 0, 0]]);
    });
});

describe('symmetricEigenvalues', () => {
    test('a known spectrum, and trace / Frobenius identities on a random symmetric matrix', () => {
        // [[2,1],[1,2]] has eigenvalues 1 and 3.
        const two = symmetricEigenvalues(Float64Array.from([2, 1, 1, 2]), 2).sort((x, y) => x - y);
        assert.ok(Math.abs(two[0] - 1) < 1e-12 && Math.abs(two[1] - 3) < 1e-12, String(two));
        const m = 40;
        const rng = new Rng('sym');
        const a = new Float64Array(m * m);
        for (let i = 0; i < m; i++) for (let j = i; j < m; j++) a[i * m + j] = a[j * m + i] = rng.next() * 2 - 1;
        const values = symmetricEigenvalues(a, m);
        let trace = 0;
        let frob = 0;
        for (let i = 0; i < m; i++) trace += a[i * m + i];
        for (const v of a) frob += v * v;
        assert.ok(Math.abs(values.reduce((s, v) => s + v, 0) - trace) < 1e-9);
        assert.ok(Math.abs(values.reduce((s, v) => s + v * v, 0) - frob) < 1e-9);
    });

    test('classical MDS explained = (λ1 + λ2) / positive mass of the spectrum', () => {
        const space = nb201Space();
        const rng = new Rng('explained');
        const genotypes = Array.from({ length: 30 }, () => space.sample(rng));
        const m = genotypes.length;
        const squared = new Float64Array(m * m);
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) squared[i * m + j] = space.distance(genotypes[i], genotypes[j]) ** 2;
        const mds = classicalMds(squared, m);
        // Independent B and spectrum: B = -1/2 J D² J with J = I - 11ᵀ/m written out as matrices.
        const j = (r: number, c: number) => (r === c ? 1 : 0) - 1 / m;
        const jd = new Float64Array(m * m);
        for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) for (let k = 0; k < m; k++) jd[r * m + c] += j(r, k) * squared[k * m + c];
        const b = new Float64Array(m * m);
        for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) for (let k = 0; k < m; k++) b[r * m + c] += -0.5 * jd[r * m + k] * j(k, c);
        const values = symmetricEigenvalues(b, m).sort((x, y) => y - x);
        const positive = values.filter((v) => v > 0).reduce((s, v) => s + v, 0);
        assert.ok(Math.abs(mds.pairs[0].value - values[0]) < 1e-8, `λ1 ${mds.pairs[0].value} vs ${values[0]}`);
        assert.ok(Math.abs(mds.pairs[1].value - values[1]) < 1e-6, `λ2 ${mds.pairs[1].value} vs ${values[1]}`);
        assert.ok(Math.abs(mds.explained - (values[0] + values[1]) / positive) < 1e-6);
    });
});
