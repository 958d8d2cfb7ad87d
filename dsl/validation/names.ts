/**
 * Duplicate names: declarations of one kind across the document and its imports (spaces and policies also
 * share the namespace of search targets), ops of an op set, components of a space, parameters of a layer chain.
 */
import { URI, UriUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import type { NasServices } from '../nas-module.js';
import { importedDocuments } from './visible.js';
import { importClosure, resolveImportUri } from '../imports.js';

const KIND_WORDS: Record<string, string> = { OpSet: 'op set', Space: 'space', Evaluator: 'evaluator', Policy: 'policy', Search: 'search' };

/** Which namespace a declaration lives in: a search target (`evolution(X)`) may be a space or a policy. */
function namespaceOf(declaration: ast.Declaration): string {
    return ast.isSpace(declaration) || ast.isPolicy(declaration) ? 'target' : declaration.$type;
}

export function nameChecks(services: NasServices): ValidationChecks<ast.NasAstType> {
    return {
        Model: [(model, accept) => checkDeclarationNames(services, model, accept), (model, accept) => checkImportedClashes(services, model, accept)],
        OpSet: checkOpNames,
        Space: checkComponentNames,
        Layers: (layers, accept) => reportDuplicates(layers.params, (p) => p.name, 'parameter', accept),
    };
}

function checkDeclarationNames(services: NasServices, model: ast.Model, accept: ValidationAcceptor): void {
    const seen = new Map<string, ast.Declaration>();
    for (const declaration of model.declarations) {
        if (!declaration.name) continue;
        const key = `${namespaceOf(declaration)}:${declaration.name}`;
        const first = seen.get(key);
        if (first) {
            const line = (first.$cstNode?.range.start.line ?? 0) + 1;
            const what = first.$type === declaration.$type ? `duplicate ${KIND_WORDS[declaration.$type]} '${declaration.name}'` : `'${declaration.name}' names both a ${KIND_WORDS[first.$type]} and a ${KIND_WORDS[declaration.$type]} (searches could not tell them apart)`;
            accept('error', `${what}: first declared on line ${line}`, { node: declaration, property: 'name' });
        } else {
            seen.set(key, declaration);
        }
    }
    // Declarations of imported files: the same name here would make references ambiguous.
    const here = model.$document?.uri;
    if (!here) return;
    for (const document of importedDocuments(services, model)) {
        for (const other of (document.parseResult.value as ast.Model).declarations) {
            if (!other.name) continue;
            const mine = seen.get(`${namespaceOf(other)}:${other.name}`);
            if (!mine) continue;
            const file = UriUtils.relative(UriUtils.dirname(here), document.uri);
            accept('error', `${KIND_WORDS[mine.$type]} '${mine.name}' is also declared (as a ${KIND_WORDS[other.$type]}) in the imported file ${file}`, { node: mine, property: 'name' });
        }
    }
}

/** Two imported files (neither of them this one) declaring the same name: reported on the import that brings the second. */
function checkImportedClashes(services: NasServices, model: ast.Model, accept: ValidationAcceptor): void {
    const documents = services.shared.workspace.LangiumDocuments;
    const here = model.$document?.uri;
    if (!here) return;
    const owner = new Map<string, string>(); // namespace:name -> uri of the first file declaring it
    const own = new Set(model.declarations.map((d) => `${namespaceOf(d)}:${d.name}`));
    const reported = new Set<string>();
    for (const imp of model.imports) {
        if (!imp.path) continue;
        const target = documents.getDocument(resolveImportUri(here, imp.path));
        if (!target) continue;
        for (const uri of importClosure(documents, target)) {
            if (uri === here.toString()) continue;
            const document = documents.getDocument(URI.parse(uri));
            if (!document || !ast.isModel(document.parseResult.value)) continue;
            for (const declaration of document.parseResult.value.declarations) {
                const key = `${namespaceOf(declaration)}:${declaration.name}`;
                if (!declaration.name || own.has(key)) continue; // clashes with this file are reported on its own declaration
                const first = owner.get(key);
                if (first === undefined) owner.set(key, uri);
                else if (first !== uri && !reported.has(key)) {
                    reported.add(key);
                    const name = (u: string) => UriUtils.relative(UriUtils.dirname(here), URI.parse(u));
                    accept('error', `'${declaration.name}' is declared in both ${name(first)} and ${name(uri)}: references to it would be ambiguous`, { node: imp, property: 'path' });
                }
            }
        }
    }
}

function checkOpNames(opSet: ast.OpSet, accept: ValidationAcceptor): void {
    reportDuplicates(opSet.ops, (op) => op.name, 'op', accept);
}

function checkComponentNames(space: ast.Space, accept: ValidationAcceptor): void {
    const named = space.members.filter((m): m is ast.Dimension | ast.Cell | ast.Graph => ast.isDimension(m) || ast.isCell(m) || ast.isGraph(m));
    reportDuplicates(named, (m) => m.name, 'component', accept, (m) => (ast.isDimension(m) ? 'parameter' : ast.isCell(m) ? 'cell' : 'graph'));
}

/** Reports every element whose name an earlier element already has, on its `name`. */
type Named = ast.OpDef | ast.Dimension | ast.Cell | ast.Graph;

function reportDuplicates<T extends Named>(
    elements: T[],
    nameOf: (element: T) => string | undefined,
    word: string,
    accept: ValidationAcceptor,
    wordOf: (element: T) => string = () => word,
): void {
    const seen = new Map<string, T>();
    for (const element of elements) {
        const name = nameOf(element);
        if (!name) continue;
        const first = seen.get(name);
        if (first) {
            const line = (first.$cstNode?.range.start.line ?? 0) + 1;
            accept('error', `duplicate ${wordOf(element)} name '${name}': first used on line ${line}`, { node: element as Named, property: 'name' });
        } else seen.set(name, element);
    }
}
