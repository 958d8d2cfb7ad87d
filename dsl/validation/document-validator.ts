/**
 * Langium's document validator with a cheaper walk over the AST. The stock `validateAstNodes` builds a
 * stream of the registered checks for every node (concat, filter, map) and awaits `interruptAndCheck`
 * per node even when nothing can cancel the validation; on a 5,000-line document that walk cost about a
 * third of the validation time (bench/lsp.ts). Here the checks are looked up once per node type per
 * document, and the interruption check is awaited only when there is a real cancellation token, at most
 * every 10 ms; a synchronous check's result is not awaited (validation/sync-registry.ts). Nodes,
 * checks and their order are exactly the stock ones; with Langium's profiler on, the stock walk runs.
 */
import { AstUtils, Cancellation, DefaultDocumentValidator, type AstNode, type LangiumDocument, type ValidationAcceptor, type ValidationOptions } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type { Model } from '../generated/ast.js';
import { capDiagnostics, emptyFileDiagnostic, firstNonText, notTextDiagnostic } from './text-content.js';
import { dampenCascades } from './cascades.js';
import { interrupter } from '../scoping/interrupter.js';
import { sanitizeMessage } from '../messages.js';

type Check = (node: AstNode, accept: ValidationAcceptor, cancelToken: Cancellation.CancellationToken) => unknown;

export class NasDocumentValidator extends DefaultDocumentValidator {
    /**
     * A file that is not text gets one error and nothing else; an empty one a warning; any file at most 100 + 1
     * (text-content.ts). One mistake, one diagnostic: the repetitions of a syntax error are dropped (cascades.ts).
     * Every message passes dsl/messages.ts: no unbounded echo of the input, no `undefined`, no internals.
     */
    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<Diagnostic[]> {
        const text = document.textDocument.getText();
        const notText = firstNonText(text);
        if (notText) return [notTextDiagnostic(text, notText)];
        const diagnostics = dampenCascades(document, await super.validateDocument(document, options, cancelToken));
        for (const diagnostic of diagnostics) diagnostic.message = sanitizeMessage(diagnostic.message);
        const model = document.parseResult.value as Model | undefined;
        if (model && model.imports.length === 0 && model.declarations.length === 0 && !diagnostics.some((d) => d.severity === 1)) diagnostics.push(emptyFileDiagnostic());
        return capDiagnostics(diagnostics);
    }

    protected override async validateAstNodes(
        rootNode: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        if (this.profiler?.isActive('validating')) return super.validateAstNodes(rootNode, options, acceptor, cancelToken);
        const checksOfType = new Map<string, Check[]>();
        const nodes = AstUtils.streamAst(rootNode).iterator();
        // Yields every 10 ms and notices a cancellation at the next node, without a promise per node.
        const interrupt = interrupter(cancelToken);
        for (const node of nodes) {
            const pause = interrupt();
            if (pause) await pause;
            const nodeOptions = this.validateSingleNodeOptions(node, options);
            if (nodeOptions.validateNode) {
                let checks = checksOfType.get(node.$type);
                if (!checks) {
                    checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray() as Check[];
                    checksOfType.set(node.$type, checks);
                }
                for (const check of checks) {
                    // Synchronous checks return nothing (validation/sync-registry.ts): no promise to await.
                    const pending = check(node, acceptor, cancelToken);
                    if (pending) await pending;
                }
            }
            if (!nodeOptions.validateChildren) {
                nodes.prune();
            }
        }
    }
}
