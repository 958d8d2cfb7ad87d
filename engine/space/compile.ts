import type { CellSpec, ComponentSpec, NetworkSpec, SpaceSpec } from '../spec.js';
import { costOfChain } from '../cost/chain.js';
import { dartsCost } from '../cost/darts.js';
import { graphCost } from '../cost/graph.js';
import { satisfies } from '../cost/constraints.js';
import type { Cost } from '../cost/layers.js';
import { CellSpace } from './cell.js';
import { chainNetworkOf } from './chain-network.js';
import { ChainSpace } from './chain.js';
import { allCellGenotypes, cellCostPredicate, ConstrainedSpace, describeConstraints } from './constrained.js';
import { DartsSpace } from './darts.js';
import { GraphSpace } from './graph.js';
import { ParamSpace } from './hpo.js';
import { isArchitecture, locateComponent } from './locate-component.js';
import { dartsNetworkOf, wireDarts } from './locate-darts.js';
import { graphNetworkOf, wireGraph } from './locate-graph.js';
import { NB201_NETWORK_SPEC } from './nb201.js';
import { networkKeyProblems } from './network-keys.js';
import { ProductSpace, type FixedLengthSpace } from './product.js';
import { ShrunkSpace } from './shrunk.js';
import type { Genotype } from './types.js';

export interface CompileOptions {
    /** Rejection-sampling budget of constrained spaces before they report the constraint unsatisfiable. */
    sampleTries?: number;
}

/**
 * Compiles a space description to the one `SearchSpace` interface.
 *
 * One architecture component (cell, DARTS cell, graph, chain, or an unconditional subspace) and nothing else:
 * that component's space itself (so NB201's genotype is its 6 ops and its format the NB201 string), named
 * after the space. Otherwise: the product of every component (product.ts). Constraints then wrap the result
 * (constrained.ts); they are evaluated with the cost model on the space's only NB201-style `cell` (found
 * directly or through unconditional subspaces, as in `space Small { arch NB201; constraint ... }`) inside the
 * outermost `network` skeleton (the space's own, else the subspace's, else NB201's CIFAR-10 skeleton), or, without
 * a cell, on the network of its only layer chain (chain-network.ts), of its DARTS cells (locate-darts.ts) or of its
 * graph (locate-graph.ts).
 */
export function compileSpace(spec: SpaceSpec, options: CompileOptions = {}): FixedLengthSpace {
    if (spec.saved) return compileSaved(spec, options);
    const single = spec.components.length === 1 ? spec.components[0] : undefined;
    let space: FixedLengthSpace;
    if (single && isArchitecture(single)) {
        space = compileComponent(single, options, spec.name);
    } else {
        if (spec.components.length === 0) throw new Error(`space ${spec.name}: has no components`);
        space = new ProductSpace(
            spec.name,
            spec.components.map((c) => ({
                name: c.name,
                space: compileComponent(c, options),
                when: c.kind === 'param' || c.kind === 'subspace' ? c.when : undefined,
            })),
        );
    }
    if (spec.constraints.length === 0) return space;
    return constrain(spec, space, options);
}

/**
 * A saved shrunk space: its members (read by the loader into `saved.space`) inside the base space, which is
 * rebuilt from the base's components under the base's name (the file says which base it was shrunk in).
 */
function compileSaved(spec: SpaceSpec, options: CompileOptions): FixedLengthSpace {
    const saved = spec.saved!;
    if (!saved.space) throw new Error(`space ${spec.name}: the members of ${saved.path} were not loaded (load the .nas file through the language, which reads them)`);
    const base = compileSpace({ name: saved.base, components: spec.components, network: spec.network, constraints: spec.constraints }, options);
    const shrunk = ShrunkSpace.fromJSON({ ...saved.space, name: spec.name }, base);
    // Same genotype length as its base: what the neural evaluators and the cost model index by.
    return Object.defineProperty(shrunk, 'length', { value: base.length, enumerable: true }) as ShrunkSpace & FixedLengthSpace;
}

/** One component's own space; `name` overrides its name when it stands for the whole space. */
export function compileComponent(c: ComponentSpec, options: CompileOptions = {}, name?: string): FixedLengthSpace {
    switch (c.kind) {
        case 'cell':
            return new CellSpace(c, name);
        case 'darts':
            return new DartsSpace(c, name);
        case 'graph':
            return new GraphSpace(c, name);
        case 'chain':
            return new ChainSpace(c, name);
        case 'param':
            return new ParamSpace(c);
        case 'subspace': {
            const inner = compileSpace(c.space, options);
            // Same behaviour, another name: a view whose prototype is the compiled subspace.
            return name === undefined || name === inner.name ? inner : (Object.create(inner, { name: { value: name } }) as FixedLengthSpace);
        }
    }
}

/**
 * The cost of each genotype of a space whose architecture is a layer chain, DARTS cells or a graph (the network the
 * builders and the cost-model evaluator take for it); undefined when it has none of them; a string saying why its
 * network cannot be built.
 */
function networkCostOf(spec: SpaceSpec, space: FixedLengthSpace): ((g: Genotype) => Cost) | string | undefined {
    const chain = chainNetworkOf(spec, space);
    if (typeof chain === 'string') return chain;
    if (chain !== undefined) return (g) => costOfChain(chain.chain, chain.read(g));
    const darts = dartsNetworkOf(spec, space);
    if (typeof darts === 'string') return darts;
    if (darts !== undefined) {
        const wire = wireDarts(spec.name, darts);
        return typeof wire === 'string' ? wire : (g) => dartsCost(wire, darts.network, darts.read(g));
    }
    const graph = graphNetworkOf(spec, space);
    if (typeof graph === 'string') return graph;
    if (graph === undefined) return undefined;
    const wire = wireGraph(spec.name, graph);
    return typeof wire === 'string' ? wire : (g) => graphCost(wire, graph.network, graph.read(g));
}

function constrain(spec: SpaceSpec, space: FixedLengthSpace, options: CompileOptions): ConstrainedSpace {
    const description = describeConstraints(spec.constraints);
    const found = locateCell(spec, space);
    if (found === undefined) {
        // A layer chain, DARTS cells or a graph: their network's cost per genotype (not additive over the choices), members
        // counted by the seeded estimate of ConstrainedSpace (these spaces are far too large to enumerate).
        const cost = networkCostOf(spec, space);
        if (typeof cost === 'string') throw new Error(`constraint ${description}: ${cost}`);
        if (cost !== undefined) return new ConstrainedSpace(spec.name, space, (g) => satisfies(cost(g), spec.constraints), description, { sampleTries: options.sampleTries });
    }
    if (found === undefined || found === 'several') {
        throw new Error(
            `space ${spec.name}: constraint ${description} needs exactly one NB201-style 'cell' component, one layer chain, DARTS cells or one graph (directly or through an unconditional subspace; the cost model measures those); found ${found === 'several' ? 'several cells' : 'none'}`,
        );
    }
    // No skeleton anywhere: NB201's CIFAR-10 one, as the size checker (engine/size/constrained.ts) assumes too.
    const network = spec.network ?? found.network ?? NB201_NETWORK_SPEC;
    const refused = networkKeyProblems(network, 'cell')[0];
    if (refused) throw new Error(`space ${spec.name}: constraint ${description}: network: ${refused.message}`);
    const ok = cellCostPredicate(network, found.cell, spec.constraints);
    const predicate = (g: number[]): boolean => ok(found.read(g));
    const cellSize = new CellSpace(found.cell).size;
    const enumerable = cellSize <= 5_000_000n;
    if (found.direct) {
        return new ConstrainedSpace(spec.name, space, predicate, description, {
            sampleTries: options.sampleTries,
            enumerate: enumerable ? () => allCellGenotypes(found.cell) : undefined,
        });
    }
    // The constraint reads only the (unconditional) cell factor: members = satisfying cells × everything else,
    // unless a nested subspace has constraints of its own (then the factors are not independent: estimate).
    const count = (): bigint | 'continuous' => {
        const total = space.size;
        if (total === 'continuous') return 'continuous';
        let satisfying = 0n;
        for (const g of allCellGenotypes(found.cell)) if (ok(g)) satisfying++;
        return (total / cellSize) * satisfying;
    };
    return new ConstrainedSpace(spec.name, space, predicate, description, {
        sampleTries: options.sampleTries,
        count: enumerable && !found.nestedConstraints ? count : undefined,
    });
}

export interface LocatedCell {
    cell: CellSpec;
    network?: NetworkSpec;
    /** The cell's op vector inside a genotype of the space. */
    read: (g: Genotype) => Genotype;
    /** The space's genotype is the cell's genotype itself. */
    direct: boolean;
    /** A subspace on the way has constraints of its own. */
    nestedConstraints: boolean;
}

/** The one NB201-style cell of a space (through unconditional subspaces), or why there is none. */
export function locateCell(spec: SpaceSpec, space: FixedLengthSpace): LocatedCell | 'several' | undefined {
    const found = locateComponent(spec, space, (c): c is CellSpec => c.kind === 'cell');
    if (found === undefined || found === 'several') return found;
    return {
        cell: found.component,
        network: found.network,
        read: found.read,
        direct: found.levels.every((l) => l.part === undefined),
        // The walked space's own constraints are the ones being compiled; only the subspaces' count here.
        nestedConstraints: found.levels.slice(1).some((l) => l.spec.constraints.length > 0),
    };
}
