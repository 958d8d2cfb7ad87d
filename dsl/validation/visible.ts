import { AstUtils, URI, type AstNode, type LangiumDocument } from 'langium';
import { isModel, type Model } from '../generated/ast.js';
import { importClosure } from '../imports.js';
import type { NasServices } from '../nas-module.js';

/** The loaded documents a node's document imports, transitively (itself excluded), in no particular order. */
export function importedDocuments(services: NasServices, node: AstNode): LangiumDocument[] {
    const documents = services.shared.workspace.LangiumDocuments;
    const self = AstUtils.getDocument(node);
    const result: LangiumDocument[] = [];
    for (const uri of importClosure(documents, self)) {
        if (uri === self.uri.toString()) continue;
        const document = documents.getDocument(URI.parse(uri));
        if (document && isModel(document.parseResult.value)) result.push(document);
    }
    return result;
}

/** The models visible from a node: its own document's model first, then those of its imports. */
export function visibleModels(services: NasServices, node: AstNode): Model[] {
    const own = AstUtils.getContainerOfType(node, isModel);
    const imported = importedDocuments(services, node).map((d) => d.parseResult.value as Model);
    return own ? [own, ...imported] : imported;
}
