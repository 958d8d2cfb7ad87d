/**
 * Langium's parser, minus one measured waste. Before every consumed token the parser adds the comments
 * in front of it to the CST (`CstNodeBuilder.addHiddenNodes`), and it does so even when there are none:
 * the empty insertion still searches the new node's parent for its index (`indexOf` over up to hundreds of
 * top-level declarations) and splices nothing into it (allocating a species copy of the CST container).
 * That was about 8% of parsing a 5,000-line document (bench/lsp.ts). With no hidden tokens the call is a
 * no-op, so it is skipped; with hidden tokens Langium's own code runs unchanged.
 */
import { createLangiumParser, type AstNode, type LangiumCoreServices, type LangiumParser, type ParseResult } from 'langium';
import type { IRecognitionException, IToken } from 'chevrotain';
import { findTooDeep, nestingMessage } from './nesting.js';

type ParserOptions = Parameters<LangiumParser['parse']>[1];

interface HiddenNodeBuilder {
    addHiddenNodes(tokens: unknown[]): void;
}

export function createTunedParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    // A private field of LangiumParser; if a Langium version renames it, the parser stays the stock one.
    const builder = (parser as unknown as { nodeBuilder?: HiddenNodeBuilder }).nodeBuilder;
    if (builder && typeof builder.addHiddenNodes === 'function') {
        const addHiddenNodes = builder.addHiddenNodes.bind(builder);
        builder.addHiddenNodes = (tokens) => {
            if (tokens.length > 0) addHiddenNodes(tokens);
        };
    }
    guardNesting(parser);
    return parser;
}

/**
 * Parses a document nested deeper than MAX_NESTING with the too-deep part blanked, plus one located syntax
 * error there (dsl/nesting.ts): a stack overflow in the parser must not stop the server.
 */
function guardNesting(parser: LangiumParser): void {
    const parse = parser.parse.bind(parser);
    parser.parse = (<T extends AstNode>(input: string, options?: ParserOptions): ParseResult<T> => {
        const deep = findTooDeep(input);
        if (!deep) return parse<T>(input, options);
        const result = parse<T>(deep.blanked, options);
        // Errors inside the blanked part, or at the bracket closing it, only echo this one.
        result.parserErrors = result.parserErrors.filter((e) => !(e.token.startOffset >= deep.start && e.token.startOffset <= deep.end));
        const token = tokenAt(input, deep.start);
        result.parserErrors.unshift({ name: 'NestingTooDeep', message: nestingMessage(), token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } } as IRecognitionException);
        return result;
    }) as typeof parser.parse;
}

/** A one-character token at `offset` (Chevrotain's 1-based lines and columns), for the error's range. */
function tokenAt(text: string, offset: number): IToken {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    return { image: text[offset], startOffset: offset, endOffset: offset, startLine: line, endLine: line, startColumn: column, endColumn: column, tokenTypeIdx: 0, tokenType: undefined as never };
}
