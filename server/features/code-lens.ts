/**
 * Code lens above every space: its size in words (`15,625 architectures (10^4.19) · 6,466 unique`).
 * Title-only lenses (empty command): the information is the point, there is nothing to run.
 */
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import { spaceSummary } from './hover.js';
import { spaceSizes } from './space-size.js';

export class NasCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument): CodeLens[] {
        return spaceSizes(document).map((size) => ({
            range: { start: size.range.start, end: size.range.start },
            command: { title: spaceSummary(size).replace(/^[^—]*— /, ''), command: '' },
        }));
    }
}
