import type { ConstraintSpec } from '../spec.js';
import type { Cost } from './layers.js';

/**
 * `constraint flops <= 100M` against a cost. Costs are exact integers but values come from decimal text
 * times a unit (`0.1M`), so equality allows a relative slack of 1e-9: `params <= 0.1M` keeps a cell with
 * exactly 100,000 parameters even if 0.1 * 1e6 were not exactly 100000 in floating point.
 */
export function satisfies(cost: Cost, constraints: readonly ConstraintSpec[]): boolean {
    for (const c of constraints) if (!compare(cost[c.metric], c)) return false;
    return true;
}

export function compare(x: number, c: ConstraintSpec): boolean {
    const tolerance = 1e-9 * Math.max(1, Math.abs(c.value));
    const equal = Math.abs(x - c.value) <= tolerance;
    switch (c.op) {
        case '<=':
            return x <= c.value || equal;
        case '<':
            return x < c.value && !equal;
        case '>=':
            return x >= c.value || equal;
        case '>':
            return x > c.value && !equal;
        case '==':
            return equal;
    }
}

/** `flops <= 100M` as text (for messages). */
export function describeConstraint(c: ConstraintSpec): string {
    return `${c.metric} ${c.op} ${formatQuantity(c.value)}`;
}

export function formatQuantity(x: number): string {
    if (Math.abs(x) >= 1e9) return `${+(x / 1e9).toPrecision(6)}G`;
    if (Math.abs(x) >= 1e6) return `${+(x / 1e6).toPrecision(6)}M`;
    if (Math.abs(x) >= 1e3) return `${+(x / 1e3).toPrecision(6)}K`;
    return `${x}`;
}
