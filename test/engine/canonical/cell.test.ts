import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalCell, isCellConnected, isDigest, isWholeDigest, nodeExpression, opRolesFor, ZERO, type OpRoles } from '../../../engine/canonical/cell.js';
import type { OpSpec } from '../../../engine/spec.js';

const NB201 = {
    nodes: 4,
    edges: [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]] as Array<[number, number]>,
};
// Op order: none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3.
const OPS: OpSpec[] = [
    { name: 'none', args: {} },
    { name: 'skip_connect', impl: 'identity', args: {} },
    { name: 'nor_conv_1x1', impl: 'relu_conv_bn', args: { kernel: 1 } },
    { name: 'nor_conv_3x3', impl: 'relu_conv_bn', args: { kernel: 3 } },
    { name: 'avg_pool_3x3', impl: 'avg_pool', args: { kernel: 3 } },
];
const roles: OpRoles = opRolesFor(OPS);
const N = 0, S = 1, C1 = 2, C3 = 3, P = 4;

function decode(index: number): number[] {
    const ops: number[] = [];
    for (let e = 0; e < 6; e++) {
        ops.push(index % 5);
        index = Math.floor(index / 5);
    }
    return ops;
}

describe('canonicalCell on NAS-Bench-201', () => {
    test('15,625 cells fall into exactly 6,466 classes', () => {
        const classes = new Set<string>();
        let disconnected = 0;
        const disconnectedClasses = new Set<string>();
        for (let i = 0; i < 15625; i++) {
            const ops = decode(i);
            const key = canonicalCell(NB201, ops, roles);
            classes.add(key);
            if (!isCellConnected(NB201, ops, roles)) {
                disconnected++;
                disconnectedClasses.add(key);
            }
        }
        assert.equal(classes.size, 6466);
        assert.equal(disconnected, 341);
        // NB201's rule keeps multi-input all-zero nodes as `#+#`: the 341 disconnected cells form 5 classes.
        assert.equal(disconnectedClasses.size, 5);
    });

    test('roles from op specs', () => {
        assert.deepEqual(roles.none, [true, false, false, false, false]);
        assert.deepEqual(roles.identity, [false, true, false, false, false]);
        const r = opRolesFor([{ name: 'zero', args: {} }, { name: 'id', impl: 'identity', args: {} }, { name: 'x', impl: 'none', args: {} }]);
        assert.deepEqual(r.none, [true, false, true]);
        assert.deepEqual(r.identity, [false, true, false]);
    });

    test('a node that reaches nothing does not matter', () => {
        // 0->1 conv3, 1->2 and 1->3 none: node 1 is dead whatever its op.
        const a = [C3, C1, N, C3, N, P];
        const b = [P, C1, N, C3, N, P];
        assert.equal(canonicalCell(NB201, a, roles), canonicalCell(NB201, b, roles));
    });

    test('sums are order-invariant: conv3(x) + pool(x) either way round', () => {
        const a = [P, N, N, C3, S, N]; // out = conv3(x) + skip(pool(x)) + 0
        const b = [C3, N, N, P, S, N]; // out = pool(x) + skip(conv3(x)) + 0
        assert.equal(canonicalCell(NB201, a, roles), canonicalCell(NB201, b, roles));
        assert.equal(canonicalCell(NB201, a, roles), '#+(0)@3+(0)@4');
    });

    test('a skip edge collapses: x -skip-> 1 -conv-> 2 equals x -conv-> 2', () => {
        const chain = [S, N, C3, N, N, S];
        const direct = [N, C3, N, N, N, S];
        assert.equal(canonicalCell(NB201, chain, roles), canonicalCell(NB201, direct, roles));
        assert.equal(canonicalCell(NB201, direct, roles), '#+#+#+(0)@3');
    });

    test('NB201 quirk: zero terms are counted, so skip(conv(x) + 0) differs from conv(x)', () => {
        assert.notEqual(canonicalCell(NB201, [N, C3, N, N, N, S], roles), canonicalCell(NB201, [N, N, N, C3, N, N], roles));
    });

    test('different ops or a doubled path are different classes', () => {
        assert.notEqual(canonicalCell(NB201, [N, N, N, C3, N, N], roles), canonicalCell(NB201, [N, N, N, C1, N, N], roles));
        // x + x differs from x.
        assert.notEqual(canonicalCell(NB201, [S, N, N, S, S, N], roles), canonicalCell(NB201, [N, N, N, S, N, N], roles));
    });

    test('connectivity', () => {
        assert.equal(isCellConnected(NB201, [N, N, N, N, N, N], roles), false);
        assert.equal(isCellConnected(NB201, [C3, N, N, N, N, C3], roles), false); // 0->1 only, 1 reaches nothing live
        assert.equal(isCellConnected(NB201, [C3, N, C1, N, N, C3], roles), true);
    });

    test('rejects an op vector of the wrong length', () => {
        assert.throws(() => canonicalCell(NB201, [1, 2, 3], roles), RangeError);
    });

    test('long expressions become digests, and nodeExpression can record what each digest replaced', () => {
        const long = '(' + '(0)@3+'.repeat(100) + '0)@2';
        const short = '(0)@4';
        const digests = new Map<string, string>();
        const digest = nodeExpression([short, long, ZERO], digests);
        assert.match(digest, /^\{[0-9a-z]+\.[0-9a-z]+\}$/);
        assert.ok(isDigest(digest) && isWholeDigest(digest));
        // Sorted terms (code-unit order), joined: the same string as without recording.
        assert.deepEqual([...digests], [[digest, `#+${long}+${short}`]]);
        assert.equal(nodeExpression([ZERO, short, long]), digest);
        // Short expressions pass unchanged and record nothing; a sum holding a digest is not a whole digest.
        assert.equal(nodeExpression([short, ZERO], digests), '#+(0)@4');
        assert.equal(digests.size, 1);
        assert.ok(isDigest(`#+${digest}`) && !isWholeDigest(`#+${digest}`) && !isWholeDigest(`${digest}+${digest}`));
    });
});
