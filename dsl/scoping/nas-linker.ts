import { AstUtils, Cancellation, DefaultLinker, UriUtils, type LangiumDocument, type LangiumDocuments, type LinkingError, type ReferenceInfo, type AstNodeDescription, type IndexManager } from 'langium';
import { closestName } from './closest-name.js';
import { interrupter } from './interrupter.js';
import { visibleUris } from './nas-scope-provider.js';
import type { NasServices } from '../nas-module.js';

/** How an unknown-name message calls each reference target type. */
const KIND_WORDS: Record<string, string> = {
    Space: 'space',
    OpSet: 'op set',
    Evaluator: 'evaluator',
    Policy: 'policy',
    SearchTarget: 'space or policy',
    Dimension: 'parameter',
    Cell: 'cell',
};

/**
 * Unknown names say what kind was expected and offer the closest visible name:
 * `unknown space 'NB20' (did you mean 'NB201'?)`. When the name exists in a workspace file that is not
 * imported, the message says which file to import instead.
 */
export class NasLinker extends DefaultLinker {
    private readonly documents: () => LangiumDocuments;
    private readonly index: () => IndexManager;

    constructor(services: NasServices) {
        super(services);
        this.documents = () => services.shared.workspace.LangiumDocuments;
        this.index = () => services.shared.workspace.IndexManager;
    }

    /** Langium's loop, without an awaited promise per node (interrupter.ts); with its profiler on, Langium's. */
    override async link(document: LangiumDocument, cancelToken: Cancellation.CancellationToken = Cancellation.CancellationToken.None): Promise<void> {
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const interrupt = interrupter(cancelToken);
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            const pause = interrupt();
            if (pause) await pause;
            AstUtils.streamReferences(node).forEach((ref) => this.doLink(ref, document));
        }
    }

    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const error = super.createLinkingError(refInfo, targetDescription);
        if (targetDescription) return error; // a found target that failed to load: keep Langium's message
        try {
            return { ...error, message: this.unknownNameMessage(refInfo) };
        } catch {
            return error;
        }
    }

    private unknownNameMessage(refInfo: ReferenceInfo): string {
        const type = this.reflection.getReferenceType(refInfo);
        const kind = KIND_WORDS[type] ?? type;
        const name = refInfo.reference.$refText;
        const visible = this.scopeProvider.getScope(refInfo).getAllElements().map((d) => d.name).distinct().toArray();
        const best = closestName(name, visible);
        if (best !== undefined) return `unknown ${kind} '${name}' (did you mean '${best}'?)`;
        const elsewhere = this.declaredInOtherFile(refInfo, type, name);
        if (elsewhere) return `unknown ${kind} '${name}': it is declared in ${elsewhere}, which this file does not import (add \`import "${elsewhere}"\`)`;
        return `unknown ${kind} '${name}'`;
    }

    /** A relative path to a workspace file that declares `name` but is not imported, if any. */
    private declaredInOtherFile(refInfo: ReferenceInfo, type: string, name: string): string | undefined {
        const visible = visibleUris(this.documents(), refInfo.container);
        const hit = this.index()
            .allElements(type)
            .find((d) => d.name === name && !visible.has(d.documentUri.toString()));
        if (!hit) return undefined;
        const here = AstUtils.getDocument(refInfo.container).uri;
        return UriUtils.relative(UriUtils.dirname(here), hit.documentUri);
    }
}
