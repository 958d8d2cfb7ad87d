/**
 * Langium's parser, minus one measured waste. Before every consumed token the parser adds the comments
 * in front of it to the CST (`CstNodeBuilder.addHiddenNodes`), and it does so even when there are none:
 * the empty insertion still searches the new node's parent for its index (`indexOf` over up to hundreds of
 * top-level declarations) and splices nothing into it (allocating a species copy of the CST container).
 * That was about 8% of parsing a 5,000-line document (bench/lsp.ts). With no hidden tokens the call is a
 * no-op, so it is skipped; with hidden tokens Langium's own code runs unchanged.
 */
import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';

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
    return parser;
}
