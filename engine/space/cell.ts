import type { Rng } from '../rng.js';
import type { CellSpec } from '../spec.js';
import { canonicalCell, opRolesFor, type OpRoles } from '../canonical/cell.js';
import { flatKey, hammingBall } from './neighbourhood.js';
import type { Genotype, SearchSpace } from './types.js';

/**
 * NAS-Bench-201 style cell space: a fixed DAG whose every listed edge picks one op.
 *
 * Genotype: one op index (into `spec.ops`) per edge, in the spec's edge order (by target, then source,
 * as NB201 strings). Distance: Hamming (number of edges whose op differs). One step: change one edge's op,
 * so a cell with E edges and K ops has E·(K-1) neighbours at distance 1 (NB201: 6·4 = 24).
 * Format: the NB201 string `|op~src|+|op~src|op~src|+...`, one `+`-separated group per target node.
 */
export class CellSpace implements SearchSpace {
    readonly name: string;
    readonly size: bigint;
    /** Genotype length: one number per edge. */
    readonly length: number;
    private readonly edgeCount: number;
    private readonly opCount: number;
    private readonly opIndex: Map<string, number>;
    /** Format groups: target node, then for each incoming edge (sorted by source) its genotype position. */
    private readonly groups: Array<{ target: number; edges: Array<{ source: number; position: number }> }>;
    private roles: OpRoles | undefined;
    /** otherOps[o]: every op index but o. */
    private readonly otherOps: number[][];

    constructor(
        readonly spec: CellSpec,
        name?: string,
    ) {
        if (spec.ops.length === 0) throw new Error(`cell ${spec.name}: needs at least one op`);
        if (spec.edges.length === 0) throw new Error(`cell ${spec.name}: needs at least one edge`);
        this.name = name ?? spec.name;
        this.edgeCount = spec.edges.length;
        this.length = this.edgeCount;
        this.opCount = spec.ops.length;
        this.size = BigInt(this.opCount) ** BigInt(this.edgeCount);
        this.opIndex = new Map(spec.ops.map((op, i) => [op.name, i]));
        this.otherOps = spec.ops.map((_, o) => spec.ops.map((__, i) => i).filter((i) => i !== o));
        if (this.opIndex.size !== spec.ops.length) throw new Error(`cell ${spec.name}: duplicate op names`);
        const byTarget = new Map<number, Array<{ source: number; position: number }>>();
        spec.edges.forEach(([from, to], position) => {
            if (!(from >= 0 && from < to && to < spec.nodes)) {
                throw new Error(`cell ${spec.name}: edge ${from}->${to} is not a forward edge of ${spec.nodes} nodes`);
            }
            const list = byTarget.get(to) ?? [];
            list.push({ source: from, position });
            byTarget.set(to, list);
        });
        this.groups = [...byTarget.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([target, edges]) => ({ target, edges: edges.sort((a, b) => a.source - b.source) }));
    }

    sample(rng: Rng): Genotype {
        const g = new Array<number>(this.edgeCount);
        for (let i = 0; i < this.edgeCount; i++) g[i] = rng.int(this.opCount);
        return g;
    }

    contains(g: Genotype): boolean {
        return g.length === this.edgeCount && g.every((x) => Number.isInteger(x) && x >= 0 && x < this.opCount);
    }

    key(g: Genotype): string {
        return flatKey(g);
    }

    canonical(g: Genotype): string {
        this.roles ??= opRolesFor(this.spec.ops);
        return canonicalCell({ nodes: this.spec.nodes, edges: this.spec.edges }, g, this.roles);
    }

    distance(a: Genotype, b: Genotype): number {
        let d = 0;
        for (let i = 0; i < this.edgeCount; i++) if (a[i] !== b[i]) d++;
        return d;
    }

    /** One step: every edge, every other op, in edge order then op order. */
    step(g: Genotype): Genotype[] {
        const out: Genotype[] = [];
        for (let e = 0; e < this.edgeCount; e++) {
            for (let op = 0; op < this.opCount; op++) {
                if (op === g[e]) continue;
                const n = g.slice();
                n[e] = op;
                out.push(n);
            }
        }
        return out;
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        if (d === 1) return this.step(g);
        // Every op vector is a member, so the Hamming ball is enumerated directly (no visited set needed).
        return hammingBall(g, d, (_, current) => this.otherOps[current], () => true);
    }

    format(g: Genotype): string {
        if (!this.contains(g)) throw new Error(`cell ${this.name}: not a genotype of this cell: [${g.join(',')}]`);
        return this.groups
            .map((group) => '|' + group.edges.map((e) => `${this.spec.ops[g[e.position]].name}~${e.source}`).join('|') + '|')
            .join('+');
    }

    parse(text: string): Genotype {
        const trimmed = text.trim();
        const parts = trimmed.split('+');
        if (parts.length !== this.groups.length) {
            throw new Error(`cell ${this.name}: '${trimmed}' has ${parts.length} node group(s), expected ${this.groups.length} (groups are separated by '+')`);
        }
        const g = new Array<number>(this.edgeCount);
        parts.forEach((part, gi) => {
            const group = this.groups[gi];
            if (!part.startsWith('|') || !part.endsWith('|') || part.length < 2) {
                throw new Error(`cell ${this.name}: group '${part}' of node ${group.target} must look like |op~src|op~src|`);
            }
            const items = part.slice(1, -1).split('|');
            if (items.length !== group.edges.length) {
                throw new Error(`cell ${this.name}: group '${part}' of node ${group.target} has ${items.length} edge(s), expected ${group.edges.length}`);
            }
            items.forEach((item, ei) => {
                const edge = group.edges[ei];
                const tilde = item.lastIndexOf('~');
                const opName = tilde < 0 ? '' : item.slice(0, tilde);
                const source = tilde < 0 ? '' : item.slice(tilde + 1);
                if (tilde < 0 || source !== String(edge.source)) {
                    throw new Error(`cell ${this.name}: '${item}' in '${part}' should be 'op~${edge.source}' (edge ${edge.source}->${group.target})`);
                }
                const op = this.opIndex.get(opName);
                if (op === undefined) {
                    throw new Error(`cell ${this.name}: unknown op '${opName}' in '${item}'; known ops: ${this.spec.ops.map((o) => o.name).join(', ')}`);
                }
                g[edge.position] = op;
            });
        });
        return g;
    }
}

export function cellSpace(spec: CellSpec, name?: string): CellSpace {
    return new CellSpace(spec, name);
}
