/**
 * "Did you mean X?": the candidate closest to a misspelt name, by edit distance. Shared by the linker's
 * unknown-name messages and the validator's unknown-kind / unknown-key messages.
 */

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment), since
 * `bacth` for `batch` is the commonest slip; case-insensitive (`nb201` suggests `NB201`).
 */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const cost = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[s.length][t.length];
}

/**
 * The closest candidate, or undefined when none is plausibly a typo: the distance must be at most
 * a third of the longer name (at least 1, at most 3), or the candidate must start with the name or vice versa.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
    // Half-parsed documents leave required names undefined at run time (`evaluator e = (`).
    if (typeof name !== 'string' || name === '') return undefined;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        if (candidate === name) continue;
        const limit = Math.min(3, Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3)));
        const prefix = name.length >= 3 && (candidate.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(candidate.toLowerCase()));
        // Lengths more than the limit apart cannot be within it: skip the quadratic distance (a 100 KB
        // name took seconds per candidate); for a prefix the distance is the length difference.
        const gap = Math.abs(name.length - candidate.length);
        if (gap > limit && !prefix) continue;
        const distance = gap > limit ? gap : editDistance(name, candidate);
        if ((distance <= limit || prefix) && distance < Math.max(name.length, candidate.length) && distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

/** ` (did you mean 'X'?)` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
    const best = closestName(name, candidates);
    return best === undefined ? '' : ` (did you mean '${best}'?)`;
}
