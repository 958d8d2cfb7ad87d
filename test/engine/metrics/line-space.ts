import type { Rng } from '../../../engine/rng.js';
import type { Genotype, SearchSpace } from '../../../engine/space/types.js';

/** Points 0..n-1 on a line: genotype [i], distance |i - j|. Hand-computable answers for metric tests. */
export class LineSpace implements SearchSpace {
    readonly name = 'Line';
    readonly size: bigint;
    constructor(readonly n: number) {
        this.size = BigInt(n);
    }
    sample(rng: Rng): Genotype {
        return [rng.int(this.n)];
    }
    contains(g: Genotype): boolean {
        return g.length === 1 && Number.isInteger(g[0]) && g[0] >= 0 && g[0] < this.n;
    }
    key(g: Genotype): string {
        return String(g[0]);
    }
    canonical(g: Genotype): string {
        return String(g[0]);
    }
    distance(a: Genotype, b: Genotype): number {
        return Math.abs(a[0] - b[0]);
    }
    neighbors(g: Genotype, d = 1): Genotype[] {
        const out: Genotype[] = [];
        for (let k = 1; k <= d; k++) for (const x of [g[0] - k, g[0] + k]) if (x >= 0 && x < this.n) out.push([x]);
        return out;
    }
    format(g: Genotype): string {
        return `#${g[0]}`;
    }
    parse(text: string): Genotype {
        return [Number(text.slice(1))];
    }
    all(): Genotype[] {
        return Array.from({ length: this.n }, (_, i) => [i]);
    }
}
