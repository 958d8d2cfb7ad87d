/** Exact integer helpers on BigInt, and log10 of numbers too large for a double. */

export function binomial(n: number, k: number): bigint {
    if (k < 0 || k > n) return 0n;
    k = Math.min(k, n - k);
    let result = 1n;
    for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
    return result;
}

export function factorial(n: number): bigint {
    let result = 1n;
    for (let i = 2; i <= n; i++) result *= BigInt(i);
    return result;
}

/** log10 of a non-negative BigInt, precise to ~15 digits at any magnitude (-Infinity for 0). */
export function log10Big(value: bigint): number {
    if (value <= 0n) return value === 0n ? -Infinity : NaN;
    const digits = value.toString();
    if (digits.length <= 15) return Math.log10(Number(value));
    return Math.log10(Number(digits.slice(0, 17))) + (digits.length - 17);
}

export function log10Of(value: bigint | 'continuous'): number {
    return value === 'continuous' ? Infinity : log10Big(value);
}

export function mulCount(a: bigint | 'continuous', b: bigint | 'continuous'): bigint | 'continuous' {
    if (a === 0n || b === 0n) return 0n;
    return a === 'continuous' || b === 'continuous' ? 'continuous' : a * b;
}

export function addCount(a: bigint | 'continuous', b: bigint | 'continuous'): bigint | 'continuous' {
    return a === 'continuous' || b === 'continuous' ? 'continuous' : a + b;
}
