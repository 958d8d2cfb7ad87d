import { Rng } from '../rng.js';
import type { Condition, Scalar } from '../spec.js';
import { ParamSpace } from './hpo.js';
import { neighbourhood } from './neighbourhood.js';
import type { Genotype, SearchSpace } from './types.js';

/** A space whose genotypes all have the same length (every kind compiled here); products need it to slice. */
export interface FixedLengthSpace extends SearchSpace {
    readonly length: number;
}

/** One factor of a product: a named space, optionally active only when a condition on sibling params holds. */
export interface ProductPart {
    name: string;
    space: FixedLengthSpace;
    when?: Condition;
}

/** Genotype slot value of an inactive (conditional) factor. NaN never equals a real value, so it cannot be mistaken for one. */
export const INACTIVE = NaN;

/** Tolerance on distances that are sums of float steps (continuous parameters). */
const EPS = 1e-9;

/**
 * The product of named factors (architecture components, hyperparameters, subspaces).
 *
 * Genotype: the factors' genotypes concatenated in declaration order. Distance: the sum of the factors'
 * distances. One step: change one active factor by one of its own steps. Format: `name=<factor format>;...`
 * (a factor format containing `;`, `=` or braces is wrapped in `{}`).
 *
 * Conditions (`when`): a factor whose condition is false is inactive; all its slots hold INACTIVE (NaN) and it
 * is left out of `format`. A condition refers to sibling parameters by name; a reference to an inactive
 * parameter makes `==`/`in` false and `!=`/`not in` true. Activity is re-evaluated after every move: a factor
 * that becomes active takes a fixed default (a parameter's central value; a subspace's seeded sample), one
 * that becomes inactive is blanked. An inactive factor contributes 0 to the distance (the switch that
 * deactivated it already counts), so with conditions the distance can break the triangle inequality.
 * Sampling walks the factors in dependency order and samples each active one from its own distribution
 * (the tree-structured prior of hyperopt/NNI); without conditions that is uniform over the product.
 */
export class ProductSpace implements SearchSpace {
    readonly length: number;
    private readonly offsets: number[];
    /** Factor indices such that every condition's parameters come before the factor it guards. */
    private readonly order: number[];
    private readonly byName: Map<string, number>;
    private readonly conditional: boolean;
    private cachedSize: bigint | 'continuous' | undefined;

    constructor(
        readonly name: string,
        readonly parts: ProductPart[],
    ) {
        if (parts.length === 0) throw new Error(`space ${name}: a product needs at least one factor`);
        this.byName = new Map();
        parts.forEach((p, i) => {
            if (this.byName.has(p.name)) throw new Error(`space ${name}: two factors are named '${p.name}'`);
            this.byName.set(p.name, i);
        });
        this.offsets = [];
        let offset = 0;
        for (const p of parts) {
            this.offsets.push(offset);
            offset += p.space.length;
        }
        this.length = offset;
        this.conditional = parts.some((p) => p.when !== undefined);
        this.order = this.dependencyOrder();
    }

    get size(): bigint | 'continuous' {
        this.cachedSize ??= this.countGenotypes();
        return this.cachedSize;
    }

    sample(rng: Rng): Genotype {
        const g = new Array<number>(this.length).fill(INACTIVE);
        for (const i of this.order) {
            if (!this.isActive(i, g)) continue;
            this.put(g, i, this.parts[i].space.sample(rng));
        }
        return g;
    }

    contains(g: Genotype): boolean {
        if (g.length !== this.length) return false;
        return this.order.every((i) => {
            const slice = this.slice(g, i);
            return this.isActive(i, g) ? this.parts[i].space.contains(slice) : slice.every((x) => Number.isNaN(x));
        });
    }

    key(g: Genotype): string {
        return this.parts.map((p, i) => (this.sliceActive(g, i) ? p.space.key(this.slice(g, i)) : '-')).join(';');
    }

    canonical(g: Genotype): string {
        return this.parts.map((p, i) => (this.sliceActive(g, i) ? p.space.canonical(this.slice(g, i)) : '-')).join(';');
    }

    distance(a: Genotype, b: Genotype): number {
        let d = 0;
        for (let i = 0; i < this.parts.length; i++) {
            if (!this.sliceActive(a, i) || !this.sliceActive(b, i)) continue;
            d += this.parts[i].space.distance(this.slice(a, i), this.slice(b, i));
        }
        return d;
    }

    /** One step: each active factor moved by each of its own distance-1 neighbours, then activity re-evaluated. */
    step(g: Genotype): Genotype[] {
        const out: Genotype[] = [];
        for (let i = 0; i < this.parts.length; i++) {
            if (!this.sliceActive(g, i)) continue;
            for (const n of this.parts[i].space.neighbors(this.slice(g, i), 1)) {
                const x = g.slice();
                this.put(x, i, n);
                out.push(this.conditional ? this.normalize(x) : x);
            }
        }
        return out;
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        if (d === 1) return this.step(g);
        if (this.conditional) {
            return neighbourhood(g, d, (x) => this.step(x), (x) => this.key(x), (a, b) => this.distance(a, b));
        }
        // Without conditions the ball is exact: every way of spending the budget d across the factors.
        const out: Genotype[] = [];
        const rec = (i: number, budget: number, acc: Genotype, changed: boolean): void => {
            if (i === this.parts.length) {
                if (changed) out.push(acc.slice());
                return;
            }
            const slice = this.slice(g, i);
            const mark = acc.length;
            acc.push(...slice);
            rec(i + 1, budget, acc, changed);
            acc.length = mark;
            if (budget <= 0) return;
            const space = this.parts[i].space;
            for (const n of space.neighbors(slice, Math.floor(budget + EPS))) {
                const cost = space.distance(slice, n);
                if (cost > budget + EPS) continue;
                acc.push(...n);
                rec(i + 1, budget - cost, acc, true);
                acc.length = mark;
            }
        };
        rec(0, d, [], false);
        return out;
    }

    format(g: Genotype): string {
        return this.parts
            .map((p, i) => (this.sliceActive(g, i) ? `${p.name}=${wrap(p.space.format(this.slice(g, i)))}` : undefined))
            .filter((s): s is string => s !== undefined)
            .join(';');
    }

    parse(text: string): Genotype {
        const given = new Map<string, string>();
        for (const item of splitTopLevel(text.trim(), ';')) {
            if (item.trim() === '') continue;
            const eq = item.indexOf('=');
            if (eq < 0) throw new Error(`space ${this.name}: '${item}' should be 'name=value'`);
            const name = item.slice(0, eq).trim();
            if (!this.byName.has(name)) {
                throw new Error(`space ${this.name}: unknown factor '${name}' in '${item}'; factors: ${this.parts.map((p) => p.name).join(', ')}`);
            }
            if (given.has(name)) throw new Error(`space ${this.name}: '${name}' is given twice`);
            given.set(name, unwrap(item.slice(eq + 1).trim()));
        }
        const g = new Array<number>(this.length).fill(INACTIVE);
        for (const i of this.order) {
            const p = this.parts[i];
            const value = given.get(p.name);
            if (!this.isActive(i, g)) {
                if (value !== undefined) throw new Error(`space ${this.name}: '${p.name}' is given but its 'when' condition is false`);
                continue;
            }
            if (value === undefined) throw new Error(`space ${this.name}: '${p.name}' is missing from '${text}'`);
            this.put(g, i, p.space.parse(value));
        }
        return g;
    }

    /** The slice of factor i. */
    slice(g: Genotype, i: number): Genotype {
        return g.slice(this.offsets[i], this.offsets[i] + this.parts[i].space.length);
    }

    private put(g: Genotype, i: number, slice: Genotype): void {
        for (let k = 0; k < slice.length; k++) g[this.offsets[i] + k] = slice[k];
    }

    private sliceActive(g: Genotype, i: number): boolean {
        return !this.parts[i].when || !Number.isNaN(g[this.offsets[i]]);
    }

    /** Re-evaluates every condition after a move: newly active factors get their default, inactive ones are blanked. */
    private normalize(g: Genotype): Genotype {
        for (const i of this.order) {
            const active = this.isActive(i, g);
            const had = !Number.isNaN(g[this.offsets[i]]);
            if (active && !had) this.put(g, i, this.defaultOf(i));
            if (!active && had) this.put(g, i, new Array<number>(this.parts[i].space.length).fill(INACTIVE));
        }
        return g;
    }

    private defaultOf(i: number): Genotype {
        const space = this.parts[i].space;
        if (space instanceof ParamSpace) return [space.defaultValue()];
        return space.sample(new Rng(`default:${this.name}:${this.parts[i].name}`));
    }

    private isActive(i: number, g: Genotype): boolean {
        const when = this.parts[i].when;
        return when === undefined || this.holds(when, g);
    }

    private holds(c: Condition, g: Genotype): boolean {
        switch (c.op) {
            case 'and':
                return this.holds(c.left, g) && this.holds(c.right, g);
            case 'or':
                return this.holds(c.left, g) || this.holds(c.right, g);
            case '==':
                return same(this.paramValue(c.param, g), c.value);
            case '!=':
                return !same(this.paramValue(c.param, g), c.value);
            case 'in':
                return c.values.some((v) => same(this.paramValue(c.param, g), v));
            case 'not in':
                return !c.values.some((v) => same(this.paramValue(c.param, g), v));
        }
    }

    private paramValue(name: string, g: Genotype): Scalar | undefined {
        const i = this.byName.get(name)!;
        const x = g[this.offsets[i]];
        if (Number.isNaN(x)) return undefined;
        return (this.parts[i].space as ParamSpace).valueOf(x);
    }

    private dependencyOrder(): number[] {
        const deps = this.parts.map((p) => {
            const names = p.when ? conditionParams(p.when) : [];
            return names.map((n) => {
                const j = this.byName.get(n);
                if (j === undefined) throw new Error(`space ${this.name}: condition of '${p.name}' refers to unknown parameter '${n}'`);
                if (!(this.parts[j].space instanceof ParamSpace)) throw new Error(`space ${this.name}: condition of '${p.name}' refers to '${n}', which is not a parameter`);
                return j;
            });
        });
        const order: number[] = [];
        const state = new Array<number>(this.parts.length).fill(0);
        const visit = (i: number): void => {
            if (state[i] === 2) return;
            if (state[i] === 1) throw new Error(`space ${this.name}: conditions form a cycle through '${this.parts[i].name}'`);
            state[i] = 1;
            deps[i].forEach(visit);
            state[i] = 2;
            order.push(i);
        };
        this.parts.forEach((_, i) => visit(i));
        return order;
    }

    /** Exact count: branch on the values of the parameters that conditions read, multiply the other active factors' sizes. */
    private countGenotypes(): bigint | 'continuous' {
        const controllers = new Set<number>();
        for (const p of this.parts) if (p.when) for (const n of conditionParams(p.when)) controllers.add(this.byName.get(n)!);
        const g = new Array<number>(this.length).fill(INACTIVE);
        let continuous = false;
        const rec = (k: number): bigint => {
            if (k === this.order.length) return 1n;
            const i = this.order[k];
            if (!this.isActive(i, g)) return rec(k + 1);
            const size = this.parts[i].space.size;
            if (size === 'continuous') {
                continuous = true;
                return 0n;
            }
            if (!controllers.has(i)) return size * rec(k + 1);
            const space = this.parts[i].space as ParamSpace;
            let total = 0n;
            for (const v of space.values()) {
                g[this.offsets[i]] = v;
                total += rec(k + 1);
            }
            g[this.offsets[i]] = INACTIVE;
            return total;
        };
        const total = rec(0);
        return continuous ? 'continuous' : total;
    }
}

function same(a: Scalar | undefined, b: Scalar): boolean {
    if (a === undefined) return false;
    return a === b || String(a) === String(b);
}

export function conditionParams(c: Condition): string[] {
    return 'param' in c ? [c.param] : [...conditionParams(c.left), ...conditionParams(c.right)];
}

function wrap(text: string): string {
    return /[;={}]/.test(text) ? `{${text}}` : text;
}

function unwrap(text: string): string {
    return text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1) : text;
}

/** Splits on `sep` outside braces. */
export function splitTopLevel(text: string, sep: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '{') depth++;
        else if (c === '}') depth--;
        else if (c === sep && depth === 0) {
            out.push(text.slice(start, i));
            start = i + 1;
        }
    }
    out.push(text.slice(start));
    return out;
}
