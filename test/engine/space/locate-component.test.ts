import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSpace, locateCell } from '../../../engine/space/compile.js';
import { locateChain } from '../../../engine/space/locate-chain.js';
import { NB201_CELL_SPEC, NB201_NETWORK_SPEC } from '../../../engine/space/nb201.js';
import type { ChainSpec, ComponentSpec, ParamSpec, SpaceSpec } from '../../../engine/spec.js';

// One walk (engine/space/locate-component.ts) finds both the cost model's cell and the builders' layer chain.
const chain = (name: string): ChainSpec => ({
    kind: 'chain',
    name,
    layers: 2,
    params: [
        { kind: 'param', name: 'kernel', domain: { type: 'choice', values: [3, 5] } },
        { kind: 'param', name: 'expand', domain: { type: 'choice', values: [3, 6] } },
    ],
});
const width = (values: number[]): ParamSpec => ({ kind: 'param', name: 'width', domain: { type: 'choice', values } });
const space = (name: string, components: ComponentSpec[], more: Partial<SpaceSpec> = {}): SpaceSpec => ({ name, components, constraints: [], ...more });
const sub = (s: SpaceSpec, more: Partial<ComponentSpec> = {}): ComponentSpec => ({ kind: 'subspace', name: s.name.toLowerCase(), space: s, ...more }) as ComponentSpec;

describe('locating the chain and the cell of a space', () => {
    test("a chain in a subspace takes the outer space's width; the genotype is read through both products", () => {
        const inner = space('Inner', [chain('layers')]);
        const outerWidth = width([0.5, 1, 1.25]);
        const outer = space('Outer', [sub(inner), outerWidth], { network: NB201_NETWORK_SPEC });
        const compiled = compileSpace(outer);
        const found = locateChain(outer, compiled);
        assert.ok(typeof found === 'object');
        assert.equal(found.chain, inner.components[0]);
        assert.equal(found.width, outerWidth);
        assert.equal(found.network, NB201_NETWORK_SPEC);
        assert.deepEqual(found.readLayers([0, 1, 1, 0, 2]), [0, 1, 1, 0]);
        assert.equal(found.readWidth!([0, 1, 1, 0, 2]), 2);
    });

    test("a subspace's own width wins over the outer one", () => {
        const innerWidth = width([0.75, 1]);
        const inner = space('Inner', [chain('layers'), innerWidth]);
        const outer = space('Outer', [sub(inner), width([0.5, 1, 1.25])]);
        const found = locateChain(outer, compileSpace(outer));
        assert.ok(typeof found === 'object');
        assert.equal(found.width, innerWidth);
        assert.deepEqual(found.readLayers([1, 0, 0, 1, 1, 2]), [1, 0, 0, 1]);
        assert.equal(found.readWidth!([1, 0, 0, 1, 1, 2]), 1);
    });

    test("two chains are 'several'; a chain in a conditional subspace is not found", () => {
        const twice = space('Twice', [chain('a'), sub(space('Inner', [chain('b')]))]);
        assert.equal(locateChain(twice, compileSpace(twice)), 'several');
        const p: ParamSpec = { kind: 'param', name: 'p', domain: { type: 'choice', values: [1, 2] } };
        const maybe = space('Maybe', [p, sub(space('Inner', [chain('b')]), { when: { op: '==', param: 'p', value: 1 } })]);
        assert.equal(locateChain(maybe, compileSpace(maybe)), undefined);
        assert.equal(locateCell(maybe, compileSpace(maybe)), undefined);
    });

    test("a cell through a lone subspace is the space's genotype; in a product it is a slice, and a subspace's constraints are nested ones", () => {
        const lone = space('Lone', [sub(space('Arch', [NB201_CELL_SPEC]))]);
        const direct = locateCell(lone, compileSpace(lone));
        assert.ok(typeof direct === 'object');
        assert.equal(direct.cell, NB201_CELL_SPEC);
        assert.equal(direct.direct, true);
        assert.equal(direct.nestedConstraints, false);
        assert.deepEqual(direct.read([0, 1, 2, 3, 4, 0]), [0, 1, 2, 3, 4, 0]);

        const limited = space('Arch', [NB201_CELL_SPEC], { constraints: [{ metric: 'params', op: '<=', value: 1e9 }] });
        const product = space('Product', [sub(limited), { kind: 'param', name: 'lr', domain: { type: 'choice', values: [0.1, 0.01] } }]);
        const sliced = locateCell(product, compileSpace(product));
        assert.ok(typeof sliced === 'object');
        assert.equal(sliced.direct, false);
        assert.equal(sliced.nestedConstraints, true);
        assert.deepEqual(sliced.read([0, 1, 2, 3, 4, 0, 1]), [0, 1, 2, 3, 4, 0]);
    });
});
