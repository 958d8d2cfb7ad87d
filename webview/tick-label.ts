/**
 * Axis tick labels of the study charts: the metric's own decimals (`metricDigits`), unless the ticks are finer
 * than that (a share of the space kept runs from 0.0040 to 0.0045): then 3 significant digits, so that
 * neighbouring ticks never print the same text.
 */
export function tickLabel(value: number, digits: number): string {
    if (value === 0 || Math.abs(value) >= 10 ** (2 - digits)) return value.toFixed(digits);
    return Number(value.toPrecision(3)).toString();
}
