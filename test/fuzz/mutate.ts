/**
 * Mutations of a `.nas` text for fuzzing the language services: random deletions, insertions, duplications
 * and swaps of character spans and of tokens, drawn from a seeded `Rng` so a failure is reproducible from
 * its seed and index alone.
 */
import type { Rng } from '../../engine/rng.js';

/** Tokens of a `.nas` text, whitespace included, so that joining them gives the text back. */
export function tokensOf(text: string): string[] {
    return text.match(/\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|[_a-zA-Z]\w*|-?\d[\w.%]*|->|[<>=!]=|[\s\S]/g) ?? [];
}

/** Extra material to insert: unbalanced delimiters, unterminated strings/comments, imports (missing, cyclic), odd characters. */
export const JUNK = [
    '{', '}', '[', ']', '(', ')', ';', ',', ':', '=', '==', '->', '<=', '"', "'", '/*', '*/', '//', '\\',
    'space', 'cell', 'graph', 'when', 'not in', 'choice', 'uniform(', 'evaluate', 'match', 'true', 'false',
    '1e400', '-0', '99999999999999999999', '100M', '5%', '0.5.5', '1e', '-', '.', '@', '#', '\u0000', 'é', '𝛼', '\r\n', '\t',
    'import "tour.nas"', 'import "missing.nas"', 'import "."', 'import ""', 'space X { arch X }', 'cell c = c', 'nodes 0', 'nodes 1000',
    'edges [0->0]', 'edges [3->1]', 'pick 99', 'layers 0 { }', 'ops []', 'a choice []', 'x randint(5, 1)', 'lr loguniform(0, -1)',
];

export interface Mutant {
    text: string;
    /** What was done, for a reproducible failure message. */
    steps: string[];
}

function span(rng: Rng, length: number, max: number): [number, number] {
    const start = rng.int(length + 1);
    return [start, Math.min(length, start + 1 + rng.int(max))];
}

/** One random mutation of `text`; `vocabulary` holds tokens of the original document. */
function mutateOnce(rng: Rng, text: string, vocabulary: string[]): { text: string; step: string } {
    const kind = rng.int(8);
    switch (kind) {
        case 0: {
            const [a, b] = span(rng, text.length, 40);
            return { text: text.slice(0, a) + text.slice(b), step: `delete chars ${a}..${b}` };
        }
        case 1: {
            const at = rng.int(text.length + 1);
            const piece = rng.next() < 0.5 ? rng.pick(JUNK) : rng.pick(vocabulary);
            return { text: text.slice(0, at) + piece + text.slice(at), step: `insert ${JSON.stringify(piece)} at ${at}` };
        }
        case 2: {
            const [a, b] = span(rng, text.length, 200);
            const at = rng.int(text.length + 1);
            return { text: text.slice(0, at) + text.slice(a, b) + text.slice(at), step: `duplicate ${a}..${b} at ${at}` };
        }
        case 3: {
            const tokens = tokensOf(text);
            if (tokens.length < 2) return { text, step: 'swap (too short)' };
            const i = rng.int(tokens.length);
            const j = rng.int(tokens.length);
            [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
            return { text: tokens.join(''), step: `swap tokens ${i} and ${j}` };
        }
        case 4: {
            const tokens = tokensOf(text);
            if (tokens.length === 0) return { text, step: 'delete token (empty)' };
            const i = rng.int(tokens.length);
            const count = 1 + rng.int(4);
            tokens.splice(i, count);
            return { text: tokens.join(''), step: `delete ${count} tokens at ${i}` };
        }
        case 5: {
            const tokens = tokensOf(text);
            if (tokens.length === 0) return { text, step: 'replace token (empty)' };
            const i = rng.int(tokens.length);
            const piece = rng.pick(vocabulary);
            tokens[i] = piece;
            return { text: tokens.join(''), step: `replace token ${i} by ${JSON.stringify(piece)}` };
        }
        case 6: {
            const lines = text.split('\n');
            const i = rng.int(lines.length);
            const j = rng.int(lines.length);
            [lines[i], lines[j]] = [lines[j], lines[i]];
            return { text: lines.join('\n'), step: `swap lines ${i} and ${j}` };
        }
        default: {
            const at = rng.int(text.length + 1);
            return { text: text.slice(0, at), step: `truncate at ${at}` };
        }
    }
}

/** A mutant of `base` after 1 to `maxSteps` mutations. */
export function mutate(rng: Rng, base: string, vocabulary: string[], maxSteps = 4): Mutant {
    let text = base;
    const steps: string[] = [];
    const count = 1 + rng.int(maxSteps);
    for (let i = 0; i < count; i++) {
        const result = mutateOnce(rng, text, vocabulary);
        text = result.text;
        steps.push(result.step);
    }
    return { text, steps };
}
