import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../engine/rng.js';
import { compileSpace } from '../../../engine/space/compile.js';
import { DARTS, JOINT, MOBILE, NB101, TRAINING } from './tour-specs.js';

describe('the spaces of examples/tour.nas', () => {
    test('sizes', () => {
        // 573,494 valid 7-node matrices with <= 9 edges (checked once by brute force over all 2^21) x 3^5 labellings.
        assert.equal(compileSpace(NB101).size, 573_494n * 243n);
        assert.equal(compileSpace(DARTS).size, (180n * 7n ** 8n) ** 2n);
        assert.equal(compileSpace(MOBILE).size, 12n ** 20n * 3n);
        assert.equal(compileSpace(TRAINING).size, 'continuous');
        assert.equal(compileSpace(JOINT).size, 'continuous');
    });

    test('every space: samples are members, round-trip through format, neighbours at distance 1', () => {
        const rng = new Rng(21);
        for (const spec of [NB101, DARTS, MOBILE, TRAINING, JOINT]) {
            const space = compileSpace(spec);
            for (let i = 0; i < 10; i++) {
                const g = space.sample(rng);
                assert.ok(space.contains(g), spec.name);
                const back = space.parse(space.format(g));
                assert.equal(space.key(back), space.key(g), spec.name);
                for (const n of space.neighbors(g)) {
                    assert.ok(space.contains(n), `${spec.name}: ${space.format(n)}`);
                    const d = space.distance(g, n);
                    assert.ok(Math.abs(d - 1) < 1e-9, `${spec.name}: distance ${d}`);
                }
            }
        }
    });

    test('formats', () => {
        const joint = compileSpace(JOINT);
        const g = joint.parse(
            'arch=|none~0|+|none~0|none~1|+|none~0|none~1|nor_conv_3x3~2|;train={optimizer=sgd;lr=0.01;momentum=0.9;batch=128;epochs=50;dropout=0.2}',
        );
        assert.deepEqual(g, [0, 0, 0, 0, 0, 3, 0, 0.01, 0.9, 1, 50, 0.2]);
        const darts = compileSpace(DARTS);
        const d = darts.sample(new Rng(3));
        assert.match(darts.format(d), /^normal=(\|[a-z_0-9]+~\d)+\|(\+(\|[a-z_0-9]+~\d)+\|){3};reduce=/);
        // Per cell: 4 nodes x 2 inputs x 6 other ops + input replacements 0 + 2 + 4 + 6 = 60; two cells.
        assert.equal(darts.neighbors(d).length, 120);
        const mobile = compileSpace(MOBILE);
        const m = mobile.sample(new Rng(4));
        assert.match(mobile.format(m), /^layers=\{kernel=\d;expand=\d;se=(true|false)(\|kernel=\d;expand=\d;se=(true|false)){19}\};width=/);
        // 20 layers x (2 + 1 + 1) + 2 widths.
        assert.equal(mobile.neighbors(m).length, 82);
    });
});
