/**
 * Sizes of hyperparameter domains and layer chains.
 *
 * - choice: the number of values.
 * - randint(low, high, step): low, low+step, ... while < high (NNI / Ray `randint`, `highInclusive` false)
 *   or <= high (`highInclusive` true).
 * - quniform / qloguniform(low, high, q): NNI's `clip(round(x / q) · q, low, high)` (hyperopt's, plus the
 *   clip that NNI documents): the distinct values are the multiples of q strictly inside (low, high), plus
 *   `low` and `high` themselves when rounding reaches them. With low and high multiples of q this is
 *   (high − low)/q + 1, the usual grid count.
 * - uniform, loguniform, normal, lognormal: 'continuous'. qnormal / qlognormal: unbounded grids, also
 *   reported as 'continuous' (countably infinite; no finite count exists).
 * - chain `layers L { params }`: each layer picks every parameter independently: (Π sizes)^L.
 */
import type { ChainSpec, Domain, Scalar } from '../spec.js';

/** Relative tolerance for grid arithmetic on decimals (0.1 + 0.2 and friends). */
const EPS = 1e-9;

export function domainSize(domain: Domain): bigint | 'continuous' {
    switch (domain.type) {
        case 'choice':
            return BigInt(domain.values.length);
        case 'randint':
            return BigInt(randintValues(domain.low, domain.high, domain.step, domain.highInclusive));
        case 'quniform':
        case 'qloguniform':
            return BigInt(quantizedCount(domain.low, domain.high, domain.q));
        default:
            return 'continuous';
    }
}

/** Every value of a discrete domain, or undefined for continuous ones (and grids over 1e6 values). */
export function domainValues(domain: Domain, limit = 1_000_000): Scalar[] | undefined {
    switch (domain.type) {
        case 'choice':
            return domain.values.slice();
        case 'randint': {
            const count = randintValues(domain.low, domain.high, domain.step, domain.highInclusive);
            if (count > limit) return undefined;
            return Array.from({ length: count }, (_, i) => domain.low + i * domain.step);
        }
        case 'quniform':
        case 'qloguniform': {
            const count = quantizedCount(domain.low, domain.high, domain.q);
            if (count > limit) return undefined;
            return quantizedValues(domain.low, domain.high, domain.q);
        }
        default:
            return undefined;
    }
}

export function chainSize(chain: ChainSpec): bigint | 'continuous' {
    let perLayer: bigint | 'continuous' = 1n;
    for (const param of chain.params) {
        const size = domainSize(param.domain);
        if (size === 0n) return chain.layers === 0 ? 1n : 0n;
        if (size === 'continuous') perLayer = 'continuous';
        else if (perLayer !== 'continuous') perLayer *= size;
    }
    if (chain.layers === 0) return 1n;
    return perLayer === 'continuous' ? 'continuous' : perLayer ** BigInt(chain.layers);
}

function randintValues(low: number, high: number, step: number, highInclusive: boolean): number {
    if (!(step > 0) || high < low) return 0;
    const span = (high - low) / step;
    if (highInclusive) return Math.floor(span + EPS) + 1;
    return Math.max(0, Math.ceil(span - EPS));
}

function quantizedCount(low: number, high: number, q: number): number {
    if (!(q > 0) || high < low) return 0;
    const first = Math.round(low / q);
    const last = Math.round(high / q);
    // Multiples k·q strictly inside (low, high).
    const insideFirst = Math.floor(low / q + EPS) + 1;
    const insideLast = Math.ceil(high / q - EPS) - 1;
    const inside = Math.max(0, insideLast - insideFirst + 1);
    // low is reached when round(low/q)·q <= low (values below are clipped up to it); high likewise.
    const reachesLow = first * q <= low + EPS * Math.max(1, Math.abs(low));
    const reachesHigh = last * q >= high - EPS * Math.max(1, Math.abs(high));
    if (Math.abs(high - low) <= EPS * Math.max(1, Math.abs(low))) return 1;
    return inside + (reachesLow ? 1 : 0) + (reachesHigh ? 1 : 0);
}

function quantizedValues(low: number, high: number, q: number): number[] {
    const values: number[] = [];
    const first = Math.round(low / q);
    const last = Math.round(high / q);
    for (let k = first; k <= last; k++) {
        const v = Math.min(high, Math.max(low, k * q));
        const rounded = Number(v.toPrecision(12));
        if (values.length === 0 || Math.abs(values[values.length - 1] - rounded) > EPS * Math.max(1, Math.abs(rounded))) values.push(rounded);
    }
    return values;
}
