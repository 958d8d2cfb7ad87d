import type { Rng } from '../rng.js';
import type { Genotype, SearchSpace } from './types.js';

/** A group of nearby good genotypes: LISSNAS's unit of result. The seed always belongs to its members. */
export interface Pocket {
    seed: Genotype;
    members: Genotype[];
    /** Largest distance from the seed to a member (0 for a lone seed). */
    radius: number;
}

/** The file form of a shrunk space: genotypes as the base space's format strings, so it reads back anywhere. */
export interface ShrunkSpaceJSON {
    format: 'lissnas-shrunk-space';
    version: 1;
    name: string;
    /** Name of the base space the strings belong to (checked when reading back). */
    base: string;
    /** Distinct members over all pockets (informative; recomputed when reading back). */
    size: number;
    pockets: Array<{ seed: string; radius: number; members: string[] }>;
}

/**
 * A shrunk space: an explicit set of genotypes of a base space, grouped into pockets; the result of a
 * shrinkage policy and itself a `SearchSpace` that searches can run in.
 *
 * Members: the union of the pockets' members (pockets may overlap; a genotype counts once). Size: that count.
 * Sampling: uniform among members. Contains: membership (by the base's key). Neighbours at distance <= d:
 * the members within distance d under the base's metric (a scan of the members, so it does not depend on the
 * base being able to enumerate its balls). Key, canonical, distance and format are the base's; parse is the
 * base's and also checks membership.
 */
export class ShrunkSpace implements SearchSpace {
    readonly name: string;
    readonly pockets: readonly Pocket[];
    /** Distinct members, in pocket order then member order. */
    readonly members: readonly Genotype[];
    private readonly index: Map<string, number>;

    constructor(
        readonly base: SearchSpace,
        pockets: Pocket[],
        name?: string,
    ) {
        this.name = name ?? `${base.name}.shrunk`;
        this.index = new Map();
        const members: Genotype[] = [];
        this.pockets = pockets.map((p) => {
            const own = new Map<string, Genotype>();
            for (const g of [p.seed, ...p.members]) {
                if (!base.contains(g)) throw new Error(`shrunk space ${this.name}: [${g.join(',')}] is not a member of ${base.name}`);
                const k = base.key(g);
                if (!own.has(k)) own.set(k, g.slice());
                if (!this.index.has(k)) {
                    this.index.set(k, members.length);
                    members.push(g.slice());
                }
            }
            return { seed: p.seed.slice(), members: [...own.values()], radius: p.radius };
        });
        this.members = members;
    }

    get size(): bigint {
        return BigInt(this.members.length);
    }

    sample(rng: Rng): Genotype {
        if (this.members.length === 0) throw new Error(`shrunk space ${this.name} is empty`);
        return this.members[rng.int(this.members.length)].slice();
    }

    contains(g: Genotype): boolean {
        return this.index.has(this.base.key(g));
    }

    key(g: Genotype): string {
        return this.base.key(g);
    }

    canonical(g: Genotype): string {
        return this.base.canonical(g);
    }

    distance(a: Genotype, b: Genotype): number {
        return this.base.distance(a, b);
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        const k = this.base.key(g);
        return this.members.filter((m) => {
            if (this.base.key(m) === k) return false;
            return this.base.distance(g, m) <= d + 1e-9;
        }).map((m) => m.slice());
    }

    format(g: Genotype): string {
        return this.base.format(g);
    }

    parse(text: string): Genotype {
        const g = this.base.parse(text);
        if (!this.contains(g)) throw new Error(`shrunk space ${this.name}: '${text.trim()}' is a genotype of ${this.base.name} but not a member of the shrunk space`);
        return g;
    }

    toJSON(): ShrunkSpaceJSON {
        return {
            format: 'lissnas-shrunk-space',
            version: 1,
            name: this.name,
            base: this.base.name,
            size: this.members.length,
            pockets: this.pockets.map((p) => ({
                seed: this.base.format(p.seed),
                radius: p.radius,
                members: p.members.map((m) => this.base.format(m)),
            })),
        };
    }

    /** Reads back `toJSON()`'s output (an object or its JSON text) against the same base space. */
    static fromJSON(json: ShrunkSpaceJSON | string, base: SearchSpace): ShrunkSpace {
        const data = (typeof json === 'string' ? JSON.parse(json) : json) as ShrunkSpaceJSON;
        if (data?.format !== 'lissnas-shrunk-space') throw new Error(`not a shrunk space file (format '${String(data?.format)}')`);
        if (data.version !== 1) throw new Error(`shrunk space file version ${data.version} is not supported (expected 1)`);
        if (data.base !== base.name) throw new Error(`shrunk space '${data.name}' was built on space '${data.base}', not '${base.name}'`);
        const pockets = data.pockets.map((p, i) => {
            const read = (text: string): Genotype => {
                try {
                    return base.parse(text);
                } catch (e) {
                    throw new Error(`shrunk space '${data.name}', pocket ${i}: ${(e as Error).message}`);
                }
            };
            return { seed: read(p.seed), radius: p.radius, members: p.members.map(read) };
        });
        return new ShrunkSpace(base, pockets, data.name);
    }
}

/** Pairwise comparison is used up to this many members (or always for spaces whose balls cannot be enumerated). */
const PAIRWISE_LIMIT = 1500;

/**
 * Pockets as the connected components of the graph on `members` with an edge between two members at
 * distance <= d. Each pocket's seed is its earliest member in the given order (list the best first), its
 * radius the largest distance from that seed to a member of the component. Pockets come in the order of
 * their seeds. Duplicates (same key) count once.
 */
export function pocketsByComponents(space: SearchSpace, members: Genotype[], d: number): Pocket[] {
    const unique: Genotype[] = [];
    const index = new Map<string, number>();
    for (const g of members) {
        const k = space.key(g);
        if (index.has(k)) continue;
        index.set(k, unique.length);
        unique.push(g);
    }
    const parent = unique.map((_, i) => i);
    const find = (i: number): number => {
        while (parent[i] !== i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    };
    const union = (a: number, b: number): void => {
        const ra = find(a);
        const rb = find(b);
        // The smaller index stays root, so a component's root is its earliest member.
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    };
    if (unique.length <= PAIRWISE_LIMIT || space.size === 'continuous') {
        for (let i = 0; i < unique.length; i++) {
            for (let j = i + 1; j < unique.length; j++) if (space.distance(unique[i], unique[j]) <= d + 1e-9) union(i, j);
        }
    } else {
        unique.forEach((g, i) => {
            for (const n of space.neighbors(g, d)) {
                const j = index.get(space.key(n));
                if (j !== undefined) union(i, j);
            }
        });
    }
    const groups = new Map<number, number[]>();
    unique.forEach((_, i) => {
        const r = find(i);
        const list = groups.get(r) ?? [];
        list.push(i);
        groups.set(r, list);
    });
    return [...groups.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([root, list]) => {
            const seed = unique[root];
            const radius = list.reduce((m, i) => Math.max(m, space.distance(seed, unique[i])), 0);
            return { seed: seed.slice(), members: list.map((i) => unique[i].slice()), radius };
        });
}
