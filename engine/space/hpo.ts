import type { Rng } from '../rng.js';
import type { Domain, ParamSpec, Scalar } from '../spec.js';
import type { Genotype, SearchSpace } from './types.js';

/**
 * One hyperparameter as a one-number space.
 *
 * Genotype `[x]`: for `choice`, x is the value's index; for every numeric domain, x is the value itself.
 * Moves and distance, in "steps":
 *   - choice: categorical; every other value is one step away (distance 0/1), even for ordered numbers.
 *   - randint and q* domains: the grid of allowed values; one step = the next grid value up or down;
 *     distance = number of grid steps between the two values.
 *   - uniform/normal (continuous, not enumerable): one step = 5% of the range (normal: of mu ± 2 sigma);
 *     neighbours at distance <= d are x ± k·step, k = 1..d, inside the range; distance = |a - b| / step.
 *   - loguniform/lognormal: the same in log space (5% of the log range, x·exp(±k·step)).
 * Sampling follows the domain's prior (uniform, log-uniform, normal...), quantized where the domain says so;
 * for choice and randint that is uniform over the values.
 */
export class ParamSpace implements SearchSpace {
    readonly name: string;
    readonly size: bigint | 'continuous';
    readonly length = 1;
    private readonly grid: number[] | undefined;
    private readonly logScale: boolean;
    /** Continuous step in (log) value units. */
    private readonly step: number;
    private readonly low: number;
    private readonly high: number;

    constructor(readonly spec: ParamSpec) {
        this.name = spec.name;
        const d = spec.domain;
        this.logScale = d.type === 'loguniform' || d.type === 'lognormal' || d.type === 'qloguniform' || d.type === 'qlognormal';
        this.grid = gridOf(d, spec.name);
        if (d.type === 'choice') {
            if (d.values.length === 0) throw new Error(`param ${spec.name}: choice needs at least one value`);
            this.size = BigInt(d.values.length);
        } else if (this.grid) {
            this.size = BigInt(this.grid.length);
        } else if (d.type === 'quniform' || d.type === 'qloguniform') {
            // Too fine to list, still finite: the multiples of q inside [low, high] (bounds not on the grid aside).
            this.size = BigInt(Math.floor(d.high / d.q + 1e-9) - Math.ceil(d.low / d.q - 1e-9) + 1);
        } else {
            this.size = 'continuous';
        }
        if ('low' in d) {
            if (!(d.low <= d.high)) throw new Error(`param ${spec.name}: low ${d.low} > high ${d.high}`);
            if (this.logScale && !(d.low > 0)) throw new Error(`param ${spec.name}: ${d.type} needs low > 0, got ${d.low}`);
            this.low = this.logScale ? Math.log(d.low) : d.low;
            this.high = this.logScale ? Math.log(d.high) : d.high;
        } else if ('mu' in d) {
            // Normal domains are unbounded; mu ± 2 sigma stands for their range when sizing a step.
            this.low = d.mu - 2 * d.sigma;
            this.high = d.mu + 2 * d.sigma;
        } else {
            this.low = 0;
            this.high = 0;
        }
        this.step = 0.05 * (this.high - this.low);
    }

    /** The value a genotype number stands for (the choice's value, or the number itself). */
    valueOf(x: number): Scalar {
        const d = this.spec.domain;
        return d.type === 'choice' ? d.values[x] : x;
    }

    /** Every genotype number of a finite domain (choice indices or grid values); throws for continuous ones. */
    values(): number[] {
        const d = this.spec.domain;
        if (d.type === 'choice') return d.values.map((_, i) => i);
        if (this.grid) return this.grid.slice();
        throw new Error(`param ${this.name}: a ${d.type} domain has no finite list of values`);
    }

    /** A fixed, central member: used when a conditional parameter becomes active during a move. */
    defaultValue(): number {
        const d = this.spec.domain;
        if (d.type === 'choice') return 0;
        if (this.grid) return this.grid[Math.floor((this.grid.length - 1) / 2)];
        if ('mu' in d) return d.type === 'lognormal' ? Math.exp(d.mu) : d.mu;
        const mid = (this.low + this.high) / 2;
        return this.logScale ? Math.exp(mid) : mid;
    }

    sample(rng: Rng): Genotype {
        const d = this.spec.domain;
        switch (d.type) {
            case 'choice':
                return [rng.int(d.values.length)];
            case 'randint':
                return [this.grid![rng.int(this.grid!.length)]];
            case 'uniform':
                return [d.low + rng.next() * (d.high - d.low)];
            case 'loguniform':
                return [Math.exp(this.low + rng.next() * (this.high - this.low))];
            case 'quniform':
            case 'qloguniform': {
                const raw = this.logScale ? Math.exp(this.low + rng.next() * (this.high - this.low)) : d.low + rng.next() * (d.high - d.low);
                return [this.grid ? this.snap(raw) : Math.min(Math.max(roundTo(raw, d.q), d.low), d.high)];
            }
            case 'normal':
                return [d.mu + d.sigma * rng.normal()];
            case 'lognormal':
                return [Math.exp(d.mu + d.sigma * rng.normal())];
            case 'qnormal':
                return [roundTo(d.mu + d.sigma * rng.normal(), d.q)];
            case 'qlognormal':
                return [roundTo(Math.exp(d.mu + d.sigma * rng.normal()), d.q)];
        }
    }

    contains(g: Genotype): boolean {
        if (g.length !== 1 || !Number.isFinite(g[0])) return false;
        const x = g[0];
        const d = this.spec.domain;
        if (d.type === 'choice') return Number.isInteger(x) && x >= 0 && x < d.values.length;
        if (this.grid) return this.gridIndex(x) >= 0;
        if (d.type === 'qnormal' || d.type === 'qlognormal') return isMultiple(x, d.q) && (d.type === 'qnormal' || x >= 0);
        if (d.type === 'quniform' || d.type === 'qloguniform') return isMultiple(x, d.q) && x >= d.low && x <= d.high;
        if (d.type === 'lognormal') return x > 0;
        if (d.type === 'normal') return true;
        return x >= (d as { low: number }).low && x <= (d as { high: number }).high;
    }

    key(g: Genotype): string {
        return String(g[0]);
    }

    canonical(g: Genotype): string {
        return this.key(g);
    }

    distance(a: Genotype, b: Genotype): number {
        const [x, y] = [a[0], b[0]];
        if (x === y) return 0;
        const d = this.spec.domain;
        if (d.type === 'choice') return 1;
        if (this.grid) return Math.abs(this.gridIndex(x) - this.gridIndex(y));
        if ('q' in d) return Math.round(Math.abs(x - y) / d.q);
        const dx = this.logScale ? Math.abs(Math.log(x) - Math.log(y)) : Math.abs(x - y);
        return this.step > 0 ? dx / this.step : Infinity;
    }

    neighbors(g: Genotype, d = 1): Genotype[] {
        const x = g[0];
        const dom = this.spec.domain;
        const out: Genotype[] = [];
        if (dom.type === 'choice') {
            for (let i = 0; i < dom.values.length; i++) if (i !== x) out.push([i]);
            return d >= 1 ? out : [];
        }
        if (this.grid) {
            const i = this.gridIndex(x);
            for (let k = 1; k <= d; k++) {
                if (i - k >= 0) out.push([this.grid[i - k]]);
                if (i + k < this.grid.length) out.push([this.grid[i + k]]);
            }
            return out;
        }
        if ('q' in dom) {
            // Unbounded (q-normal) or too fine to enumerate (huge q-uniform): step along multiples of q.
            for (let k = 1; k <= d; k++) {
                for (const v of [roundTo(x - k * dom.q, dom.q), roundTo(x + k * dom.q, dom.q)]) if (this.contains([v])) out.push([v]);
            }
            return out;
        }
        if (!(this.step > 0)) return [];
        const unbounded = dom.type === 'normal' || dom.type === 'lognormal';
        const t = this.logScale ? Math.log(x) : x;
        for (let k = 1; k <= d; k++) {
            for (const s of [t - k * this.step, t + k * this.step]) {
                // A small tolerance keeps moves that land on the bound through rounding.
                if (!unbounded && (s < this.low - 1e-12 * Math.abs(this.low) || s > this.high + 1e-12 * Math.abs(this.high))) continue;
                const v = this.logScale ? Math.exp(s) : s;
                out.push([unbounded ? v : Math.min(Math.max(v, (dom as { low: number }).low), (dom as { high: number }).high)]);
            }
        }
        return out;
    }

    format(g: Genotype): string {
        return String(this.valueOf(g[0]));
    }

    parse(text: string): Genotype {
        const t = text.trim();
        const d = this.spec.domain;
        if (d.type === 'choice') {
            const i = d.values.findIndex((v) => String(v) === t);
            if (i < 0) throw new Error(`param ${this.name}: '${t}' is not one of ${d.values.map(String).join(', ')}`);
            return [i];
        }
        const x = Number(t);
        if (t === '' || !Number.isFinite(x)) throw new Error(`param ${this.name}: '${t}' is not a number`);
        if (!this.contains([x])) throw new Error(`param ${this.name}: ${t} is outside its ${d.type} domain`);
        return [x];
    }

    /** The grid value nearest to raw (binary search; the grid is sorted). */
    private snap(raw: number): number {
        const grid = this.grid!;
        let lo = 0;
        let hi = grid.length - 1;
        while (hi - lo > 1) {
            const mid = (lo + hi) >> 1;
            if (grid[mid] <= raw) lo = mid;
            else hi = mid;
        }
        return Math.abs(grid[lo] - raw) <= Math.abs(grid[hi] - raw) ? grid[lo] : grid[hi];
    }

    private gridIndex(x: number): number {
        const grid = this.grid!;
        let lo = 0;
        let hi = grid.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (Math.abs(grid[mid] - x) <= 1e-9 * Math.max(1, Math.abs(x))) return mid;
            if (grid[mid] < x) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }
}

/** Largest grid a quantized domain may enumerate; beyond it the parameter is treated as continuous. */
const MAX_GRID = 1_000_000;

/** The sorted list of values of a bounded quantized domain (randint, quniform, qloguniform). */
function gridOf(d: Domain, name: string): number[] | undefined {
    if (d.type === 'randint') {
        if (!(d.step > 0)) throw new Error(`param ${name}: randint step must be > 0`);
        const out: number[] = [];
        for (let i = 0; ; i++) {
            const v = d.low + i * d.step;
            if (d.highInclusive ? v > d.high : v >= d.high) break;
            out.push(v);
            if (out.length > MAX_GRID) throw new Error(`param ${name}: more than ${MAX_GRID} integer values`);
        }
        if (out.length === 0) throw new Error(`param ${name}: randint(${d.low}, ${d.high}) is empty`);
        return out;
    }
    if (d.type === 'quniform' || d.type === 'qloguniform') {
        if (!(d.q > 0)) throw new Error(`param ${name}: q must be > 0`);
        // NNI/hyperopt: round(x / q) * q clipped to [low, high]; the bounds themselves are reachable.
        const first = Math.ceil(d.low / d.q - 1e-9);
        const last = Math.floor(d.high / d.q + 1e-9);
        if (last - first + 1 > MAX_GRID) return undefined;
        const out = new Set<number>([d.low]);
        for (let k = first; k <= last; k++) out.add(roundTo(k * d.q, d.q));
        out.add(d.high);
        return [...out].filter((v) => v >= d.low && v <= d.high).sort((a, b) => a - b);
    }
    return undefined;
}

/** x rounded to a multiple of q, with the float noise of the multiplication removed. */
function roundTo(x: number, q: number): number {
    return Number((Math.round(x / q) * q).toPrecision(12));
}

function isMultiple(x: number, q: number): boolean {
    return Math.abs(roundTo(x, q) - x) <= 1e-9 * Math.max(1, Math.abs(x));
}
