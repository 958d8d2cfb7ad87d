/**
 * Formatting may only change whitespace between tokens. These helpers turn a formatted text into edits that
 * provably do just that: the original and the formatted text are walked side by side, non-whitespace character
 * by non-whitespace character, and each differing whitespace gap becomes one edit. Range formatting keeps only
 * the gaps (or the parts of gaps) inside the requested range, so it can never touch code outside it — Langium's
 * own range formatting could replace a `}` after the range by newlines on a document with syntax errors.
 */

/** One whitespace gap of the original text, `[start, end)`, and what the formatted text has there. */
export interface Gap {
    start: number;
    end: number;
    text: string;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/**
 * The differing whitespace gaps between `original` and `formatted`, in document order (non-overlapping), or
 * undefined when the two texts differ in anything but whitespace (the formatter would change meaning).
 */
export function whitespaceGaps(original: string, formatted: string): Gap[] | undefined {
    const gaps: Gap[] = [];
    let i = 0;
    let j = 0;
    for (;;) {
        const gapStart = i;
        const formattedStart = j;
        while (i < original.length && isSpace(original[i])) i++;
        while (j < formatted.length && isSpace(formatted[j])) j++;
        const text = formatted.slice(formattedStart, j);
        if (text !== original.slice(gapStart, i)) gaps.push({ start: gapStart, end: i, text });
        if (i === original.length || j === formatted.length) {
            return i === original.length && j === formatted.length ? gaps : undefined;
        }
        if (original[i] !== formatted[j]) return undefined;
        i++;
        j++;
    }
}

/**
 * The gaps restricted to `[from, to)`: a gap wholly inside stays; a gap that straddles a bound keeps the part
 * inside only when the part outside is unchanged (`\n    ` → `\n  ` on a range starting at the line start becomes
 * `    ` → `  `); any other gap is left alone.
 */
export function gapsInside(gaps: Gap[], original: string, from: number, to: number): Gap[] {
    const inside: Gap[] = [];
    for (const gap of gaps) {
        if (gap.end < from || gap.start > to) continue;
        let { start, end, text } = gap;
        if (start < from) {
            const outside = original.slice(start, from);
            if (!text.startsWith(outside)) continue;
            text = text.slice(outside.length);
            start = from;
        }
        if (end > to) {
            const outside = original.slice(to, end);
            if (!text.endsWith(outside)) continue;
            text = text.slice(0, text.length - outside.length);
            end = to;
        }
        if (text !== original.slice(start, end)) inside.push({ start, end, text });
    }
    return inside;
}

/** `original` with the gaps applied (they are in order and do not overlap). */
export function applyGaps(original: string, gaps: Gap[]): string {
    let result = '';
    let at = 0;
    for (const gap of gaps) {
        result += original.slice(at, gap.start) + gap.text;
        at = gap.end;
    }
    return result + original.slice(at);
}
