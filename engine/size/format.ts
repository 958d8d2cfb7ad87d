/**
 * Human-readable sizes: digits with thousands separators and the power of ten, e.g.
 * `15,625 (10^4.19)`. Counts beyond 60 digits show the power of ten only (their digits are noise to a
 * reader). Estimates read `≈ 6,466 (10^3.81; 95% 6,341–6,932)`.
 */
import type { SpaceSize } from './types.js';

const MAX_DIGITS = 60;

/** `15,625 (10^4.19)`; `continuous`; `10^123.45` past 60 digits. */
export function formatCount(count: bigint | 'continuous', log10?: number): string {
    if (count === 'continuous') return 'continuous';
    const digits = count.toString();
    const power = `10^${(log10 ?? approxLog10(digits)).toFixed(2)}`;
    if (count === 0n) return '0';
    if (digits.length > MAX_DIGITS) return power;
    return `${groupDigits(digits)} (${power})`;
}

/** `raw 15,625 (10^4.19), unique 6,466 (10^3.81)`; the unique part is omitted when it equals raw. */
export function formatSize(size: SpaceSize): string {
    const raw = `raw ${formatCount(size.raw, size.log10Raw)}`;
    const sameUnique = size.exact && size.unique === size.raw;
    if (sameUnique) return raw;
    let unique = `unique ${size.exact ? '' : '≈ '}${formatCount(size.unique, size.log10Unique)}`;
    if (!size.exact && size.interval) {
        const [low, high] = size.interval;
        const inner = `95% ${formatNumber(low)}–${formatNumber(high)}`;
        unique = unique.endsWith(')') ? `${unique.slice(0, -1)}; ${inner})` : `${unique} (${inner})`;
    }
    return `${raw}, ${unique}`;
}

/** A float count for intervals: grouped digits up to 1e15, else `10^x.xx`. */
export function formatNumber(value: number): string {
    if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
    if (Math.abs(value) < 1e15) return groupDigits(Math.round(value).toString());
    return `10^${Math.log10(value).toFixed(2)}`;
}

function groupDigits(digits: string): string {
    const negative = digits.startsWith('-');
    const body = negative ? digits.slice(1) : digits;
    const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return negative ? `-${grouped}` : grouped;
}

function approxLog10(digits: string): number {
    if (digits.length <= 15) return Math.log10(Number(digits));
    return Math.log10(Number(digits.slice(0, 17))) + (digits.length - 17);
}
