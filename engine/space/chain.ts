import type { Rng } from '../rng.js';
import type { ChainSpec } from '../spec.js';
import { ParamSpace } from './hpo.js';
import { ProductSpace } from './product.js';
import type { Genotype, SearchSpace } from './types.js';

/**
 * A chain of `layers` layers (MobileNet/ProxylessNAS style); every layer picks each parameter independently.
 *
 * Genotype: layer 0's parameters in declaration order, then layer 1's, ... (for a `choice`, the value's index).
 * Distance: the number of (layer, parameter) choices that differ (numeric steps for non-choice domains, see
 * hpo.ts). One step: change one layer's value of one parameter to any other value. Ordered numeric choices
 * such as `kernel choice [3,5,7]` are still categorical: 3 -> 7 is one step, like 3 -> 5, because a
 * `choice` does not promise that its order means anything.
 * Conditions (`when`) refer to parameters of the same layer.
 * Format: layers separated by `|`, each `param=value;param=value` (e.g. `kernel=3;expand=6|kernel=5;expand=3`).
 */
export class ChainSpace implements SearchSpace {
    readonly name: string;
    readonly length: number;
    private readonly inner: ProductSpace;
    private readonly layer: ProductSpace;

    constructor(
        readonly spec: ChainSpec,
        name?: string,
    ) {
        if (!(spec.layers >= 1 && Number.isInteger(spec.layers))) throw new Error(`chain ${spec.name}: layers must be a positive integer, got ${spec.layers}`);
        if (spec.params.length === 0) throw new Error(`chain ${spec.name}: needs at least one parameter`);
        this.name = name ?? spec.name;
        this.layer = new ProductSpace(`${spec.name}.layer`, spec.params.map((p) => ({ name: p.name, space: new ParamSpace(p), when: p.when })));
        this.inner = new ProductSpace(
            spec.name,
            Array.from({ length: spec.layers }, (_, i) => ({ name: String(i), space: this.layer })),
        );
        this.length = this.inner.length;
    }

    get size(): bigint | 'continuous' {
        return this.inner.size;
    }

    sample(rng: Rng): Genotype {
        return this.inner.sample(rng);
    }

    contains(g: Genotype): boolean {
        return this.inner.contains(g);
    }

    key(g: Genotype): string {
        return g.join(',');
    }

    canonical(g: Genotype): string {
        return this.inner.canonical(g);
    }

    distance(a: Genotype, b: Genotype): number {
        return this.inner.distance(a, b);
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        return this.inner.neighbors(g, d);
    }

    format(g: Genotype): string {
        return Array.from({ length: this.spec.layers }, (_, i) => this.layer.format(this.inner.slice(g, i))).join('|');
    }

    parse(text: string): Genotype {
        const layers = text.trim().split('|');
        if (layers.length !== this.spec.layers) {
            throw new Error(`chain ${this.name}: '${text.trim()}' has ${layers.length} layer(s) separated by '|', expected ${this.spec.layers}`);
        }
        return layers.flatMap((layer, i) => {
            try {
                return this.layer.parse(layer);
            } catch (e) {
                throw new Error(`chain ${this.name}, layer ${i} ('${layer}'): ${(e as Error).message}`);
            }
        });
    }
}
