/**
 * Code lens above every space: its size in words (`15,625 architectures (10^4.19) · 6,466 unique`).
 * Title-only lenses (empty command): the information is the point, there is nothing to run. Above every
 * policy and search, a lens that runs it (`runLens`).
 *
 * The editor asks for every lens again after each keystroke, and Langium builds a new AST each time, so
 * sizing every space anew made each keystroke cost a pass of compilation and counting over the whole file
 * (seconds at 5,000 lines). A lens's title depends only on the text of its space and of the declarations
 * it reaches through references (composed spaces, op sets, copied cells), transitively; titles are
 * remembered under that text, so after an edit only the spaces that read the edited declaration are sized.
 * A size not known yet says "size being computed…" and is computed by the size worker in the background;
 * the server asks the client to refresh the lenses when it arrives (server/size-refresh.ts).
 */
import { AstUtils, isReference, type AstNode, type LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { spaceSummary } from './hover.js';
import { prefetchSizes, sizeOfDeclarationNow } from './space-size.js';

export const COMPUTING_TITLE = 'size being computed…';

const titles = new Map<string, string>();
/** Enough for every space of a few large files; the oldest title goes first. */
const TITLES_MAX = 20_000;

export class NasCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const model = document.parseResult.value as ast.Model;
        const lenses: CodeLens[] = [];
        for (const space of model.declarations) {
            if (!ast.isSpace(space) || !space.$cstNode) continue;
            const start = space.$cstNode.range.start;
            lenses.push({ range: { start, end: start }, command: { title: titleOf(space), command: '' } });
        }
        // Run lenses come after the size lenses (the editor orders lenses by position, not by this array).
        for (const declaration of model.declarations) {
            const lens = runLens(document, declaration);
            if (lens) lenses.push(lens);
        }
        return lenses;
    }
}

/**
 * "▶ Shrink" above a policy, "▶ Search" above a search: the client's `lissnas.shrink` / `lissnas.search` with the
 * document's URI and the declaration's name as arguments, so no picker is shown.
 */
export const SHRINK_LENS_TITLE = '▶ Shrink';
export const SEARCH_LENS_TITLE = '▶ Search';

function runLens(document: LangiumDocument, declaration: ast.Declaration): CodeLens | undefined {
    const isPolicy = ast.isPolicy(declaration);
    if ((!isPolicy && !ast.isSearch(declaration)) || !declaration.$cstNode || !declaration.name) return undefined;
    const start = declaration.$cstNode.range.start;
    return {
        range: { start, end: start },
        command: {
            title: isPolicy ? SHRINK_LENS_TITLE : SEARCH_LENS_TITLE,
            command: isPolicy ? 'lissnas.shrink' : 'lissnas.search',
            arguments: [document.uri.toString(), declaration.name],
        },
    };
}

function titleOf(space: ast.Space): string {
    const key = dependencyText(space);
    let title = titles.get(key);
    if (title === undefined) {
        const size = sizeOfDeclarationNow(space);
        if (!size) {
            prefetchSizes(space);
            return COMPUTING_TITLE; // not remembered: the refresh after the worker's answer asks again
        }
        title = spaceSummary(size).replace(/^[^—]*— /, '');
        if (titles.size >= TITLES_MAX) titles.delete(titles.keys().next().value!);
    } else {
        titles.delete(key); // re-inserted below: most recently used last
    }
    titles.set(key, title);
    return title;
}

/**
 * The text the size of `space` depends on: its own declaration and, transitively, every top-level
 * declaration one of its references resolves to (in whichever document), each once, in the order reached.
 * An unresolved reference enters by its name, so that declaring the missing name changes the key.
 */
function dependencyText(space: ast.Space): string {
    const parts: string[] = [];
    const seen = new Set<AstNode>();
    const pending: AstNode[] = [space];
    while (pending.length > 0) {
        const declaration = pending.pop()!;
        if (seen.has(declaration)) continue;
        seen.add(declaration);
        parts.push(declaration.$cstNode?.text ?? '');
        for (const node of AstUtils.streamAst(declaration)) {
            for (const { reference } of AstUtils.streamReferences(node)) {
                const target = isReference(reference) ? reference.ref : undefined;
                if (!target) {
                    parts.push(`\u0000unresolved ${reference.$refText}`);
                    continue;
                }
                const top = topLevel(target);
                if (top && !seen.has(top)) pending.push(top);
            }
        }
    }
    return parts.join('\u0000');
}

function topLevel(node: AstNode): AstNode | undefined {
    let current: AstNode | undefined = node;
    while (current?.$container && !ast.isModel(current.$container)) current = current.$container;
    return current;
}
