/**
 * Langium's local-symbol and reference-description passes, with the per-node `await interruptAndCheck`
 * replaced by interrupter.ts (same cancellation, same yields every 10 ms, no promise per node). Same nodes,
 * same order, same results as Langium's loops.
 */
import { AstUtils, Cancellation, DefaultReferenceDescriptionProvider, DefaultScopeComputation, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols, type ReferenceDescription } from 'langium';
import { interrupter } from './interrupter.js';

export class NasScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<LocalSymbols> {
        const symbols = new MultiMap<AstNode, AstNodeDescription>();
        const interrupt = interrupter(cancelToken);
        for (const node of AstUtils.streamAllContents(document.parseResult.value)) {
            const pause = interrupt();
            if (pause) await pause;
            this.addLocalSymbol(node, document, symbols);
        }
        return symbols;
    }
}

export class NasReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        const descriptions: ReferenceDescription[] = [];
        const interrupt = interrupter(cancelToken);
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            const pause = interrupt();
            if (pause) await pause;
            AstUtils.streamReferences(node).forEach((refInfo) => {
                if (!refInfo.reference.error) descriptions.push(...this.createInfoDescriptions(refInfo));
            });
        }
        return descriptions;
    }
}
