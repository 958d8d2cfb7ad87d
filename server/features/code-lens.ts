/**
 * Code lens above every space: its size in words (`15,625 architectures (10^4.19) · 6,466 unique`).
 * Title-only lenses (empty command): the information is the point, there is nothing to run.
 * A size not known yet says "size being computed…" and is computed by the size worker in the background;
 * the server asks the client to refresh the lenses when it arrives (server/size-refresh.ts).
 */
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { spaceSummary } from './hover.js';
import { prefetchSizes, sizeOfDeclarationNow } from './space-size.js';

export const COMPUTING_TITLE = 'size being computed…';

export class NasCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const model = document.parseResult.value as ast.Model;
        return model.declarations.filter((d): d is ast.Space => ast.isSpace(d) && !!d.$cstNode).map((space) => {
            const size = sizeOfDeclarationNow(space);
            if (!size) prefetchSizes(space);
            const start = space.$cstNode!.range.start;
            return { range: { start, end: start }, command: { title: size ? spaceSummary(size).replace(/^[^—]*— /, '') : COMPUTING_TITLE, command: '' } };
        });
    }
}
