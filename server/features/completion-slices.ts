/**
 * Where completion may start reading a document instead of its first character. Langium's completion
 * re-parses the text from offset 0 up to the cursor (several times per request) and re-lexes the whole
 * document: O(document) per keystroke, 50 to 130 ms in a 5,000-line file. The entry rule is one loop,
 * `(imports+=Import | declarations+=Declaration)*`, so the parser is in the same state at the start of
 * every top-level declaration: parsing from there gives the same grammar-feature stack as parsing from 0.
 *
 * A start is only used where that is certain: the offsets come from the CST of the very text being
 * completed, each is a token start beginning with a declaration keyword, and the document had no lexer
 * or parser error up to it (an error there could mean the parser was not at top level).
 */
import type { LangiumDocument } from 'langium';
import type * as ast from '../../dsl/generated/ast.js';

export interface TopLevelStarts {
    /** The text the offsets belong to. */
    text: string;
    /** Start offsets of the top-level imports and declarations, ascending. */
    starts: number[];
    /** Offset of the first lexer or parser error (Infinity when there is none before the end). */
    firstError: number;
}

const DECLARATION_KEYWORD = /(?:import|ops|space|evaluator|policy|search)(?![\w])/y;

const cache = new WeakMap<object, TopLevelStarts>();

/** The top-level starts of a built document, or undefined when its CST does not match its text. */
export function topLevelStarts(document: LangiumDocument): TopLevelStarts | undefined {
    const result = document.parseResult;
    const text = document.textDocument.getText();
    const cached = cache.get(result);
    if (cached) return cached.text === text ? cached : undefined;
    const model = result.value as ast.Model;
    const root = model.$cstNode?.root;
    if (!root || root.fullText !== text) return undefined;
    const starts: number[] = [];
    for (const node of [...(model.imports ?? []), ...(model.declarations ?? [])]) {
        const offset = node.$cstNode?.offset;
        if (offset === undefined || !Number.isFinite(offset)) continue;
        DECLARATION_KEYWORD.lastIndex = offset;
        if (DECLARATION_KEYWORD.test(text)) starts.push(offset);
    }
    starts.sort((a, b) => a - b);
    let firstError = Infinity;
    for (const error of result.lexerErrors) if (Number.isFinite(error.offset)) firstError = Math.min(firstError, error.offset);
    for (const error of result.parserErrors) {
        const offset = error.token.startOffset;
        // Errors at the end of input carry no offset (NaN): they lie after every start.
        if (Number.isFinite(offset)) firstError = Math.min(firstError, offset);
    }
    const value = { text, starts, firstError };
    cache.set(result, value);
    return value;
}

/** Index of the last start strictly before `offset`, or -1. */
export function startBefore(starts: number[], offset: number): number {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        if (starts[middle] < offset) {
            found = middle;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    return found;
}

/**
 * Where to start parsing for the grammar features at `offset`: the start of the top-level declaration
 * BEFORE the one holding the offset, so the parser always consumes a whole declaration first (as it does
 * when it starts at 0) and ends in the same state. 0 when no such start is certain.
 */
export function parseStart(index: TopLevelStarts, offset: number): number {
    const i = startBefore(index.starts, offset);
    if (i < 1) return 0;
    const start = index.starts[i - 1];
    return index.firstError <= start ? 0 : start;
}
