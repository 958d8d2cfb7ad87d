// The original protocol of `command` evaluators, kept behind `answer last_number`.

/** The last number printed on stdout (integers, decimals, exponents, `nan`/`inf` excluded). */
export function lastNumber(text: string): number | undefined {
    const matches = text.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g);
    if (!matches) return undefined;
    const x = Number(matches[matches.length - 1]);
    return Number.isFinite(x) ? x : undefined;
}
