/**
 * dsl/scoping/local-scopes.ts answers exactly like Langium's StreamScope (which it replaces for local
 * symbols): first element of a name, then the outer scope; listing in order, local before outer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamScope, stream, type AstNode, type AstNodeDescription } from 'langium';
import { LocalScope, localLevel } from '../../dsl/scoping/local-scopes.js';

const description = (name: string, tag: string) => ({ name, type: 'Space', path: tag, documentUri: undefined }) as unknown as AstNodeDescription;

test('local scope lookups equal a stream scope over the same elements', () => {
    const local = [description('a', '1'), description('b', '2'), description('a', '3')];
    const outer = new StreamScope(stream([description('c', '4'), description('a', '5')]));
    const node = { $type: 'Model' } as AstNode;
    let computed = 0;
    const level = localLevel({}, node, 'Space', () => (computed++, local));
    const ours = new LocalScope(level, outer);
    const stock = new StreamScope(stream(local), outer);
    for (const name of ['a', 'b', 'c', 'd']) {
        assert.equal(ours.getElement(name), stock.getElement(name), name);
        assert.deepEqual(ours.getElements(name).toArray(), stock.getElements(name).toArray(), name);
    }
    assert.equal((ours.getElement('a') as unknown as { path: string }).path, '1');
    assert.deepEqual(ours.getAllElements().toArray(), stock.getAllElements().toArray());
    assert.equal(computed, 1);
});

test('levels are computed once per (local symbols, node, reference type)', () => {
    const symbols = {};
    const node = { $type: 'Model' } as AstNode;
    let computed = 0;
    const compute = () => (computed++, [description('x', '1')]);
    const first = localLevel(symbols, node, 'Space', compute);
    assert.equal(localLevel(symbols, node, 'Space', compute), first);
    localLevel(symbols, node, 'OpSet', compute);
    localLevel({}, node, 'Space', compute); // new local symbols (a new scope computation): computed again
    assert.equal(computed, 3);
});
