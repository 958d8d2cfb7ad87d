/**
 * Import statements: the file must exist, and following imports must not lead back to this file.
 * (Loading imported files is `dsl/imports.ts`; this only reports.)
 */
import { AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { fileName, findImportCycle, resolveImportUri } from '../imports.js';
import type { NasServices } from '../nas-module.js';
import { clip } from '../messages.js';

export function importChecks(services: NasServices): ValidationChecks<ast.NasAstType> {
    return {
        Import: (imp, accept) => checkImport(services, imp, accept),
        Model: checkRepeatedImports,
    };
}

function checkImport(services: NasServices, imp: ast.Import, accept: ValidationAcceptor): void {
    if (!imp.path) {
        accept('error', 'an import needs a file path, e.g. `import "spaces.nas"`', { node: imp, property: 'path' });
        return;
    }
    const documents = services.shared.workspace.LangiumDocuments;
    const document = AstUtils.getDocument(imp);
    const target = resolveImportUri(document.uri, imp.path);
    if (!services.shared.ServiceRegistry.hasServices(target)) {
        accept('error', `only .nas files can be imported: '${clip(imp.path)}' is not a .nas file`, { node: imp, property: 'path' });
        return;
    }
    if (!documents.hasDocument(target)) {
        // The document builder loads every import that exists on disk, so an unloaded one is missing.
        const where = target.scheme === 'file' ? ` (looked for ${target.fsPath})` : '';
        accept('error', `cannot find the imported file '${imp.path}'${where}`, { node: imp, property: 'path' });
        return;
    }
    const cycle = findImportCycle(documents, document, imp);
    if (cycle) {
        accept('error', `import cycle: ${cycle.map(fileName).join(' -> ')}`, { node: imp, property: 'path' });
    }
}

function checkRepeatedImports(model: ast.Model, accept: ValidationAcceptor): void {
    const document = model.$document;
    if (!document) return;
    const seen = new Set<string>();
    for (const imp of model.imports) {
        if (!imp.path) continue;
        const key = resolveImportUri(document.uri, imp.path).toString();
        if (seen.has(key)) accept('warning', `'${imp.path}' is already imported`, { node: imp, property: 'path' });
        seen.add(key);
    }
}
