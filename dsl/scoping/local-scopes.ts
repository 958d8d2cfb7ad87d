/**
 * Local scopes that answer a name lookup from an index. Langium's default scope provider wraps, for every
 * reference, the local symbols of each enclosing node in a stream scope whose lookup is a linear `find`;
 * the document's root holds every top-level declaration, so linking a document cost (references ×
 * declarations): about 30 ms for the 5,000-line benchmark document. The filtered symbols of a node are
 * computed once per (computed local symbols, node, reference type) here and looked up by name; the
 * scope's answers (first match, then the outer scope; listing order) are the stream scope's.
 */
import { stream, type AstNode, type AstNodeDescription, type Scope, type Stream } from 'langium';

export interface LocalLevel {
    /** The node's local symbols of the reference type, in Langium's order. */
    list: AstNodeDescription[];
    /** The first of them with each name (what a stream scope's `find` returns). */
    first: Map<string, AstNodeDescription>;
}

/** Levels per computed-local-symbols object (a new one each time Langium computes a document's scopes). */
const levels = new WeakMap<object, WeakMap<AstNode, Map<string, LocalLevel>>>();

export function localLevel(localSymbols: object, node: AstNode, referenceType: string, compute: () => AstNodeDescription[]): LocalLevel {
    let perNode = levels.get(localSymbols);
    if (!perNode) levels.set(localSymbols, (perNode = new WeakMap()));
    let perType = perNode.get(node);
    if (!perType) perNode.set(node, (perType = new Map()));
    let level = perType.get(referenceType);
    if (!level) {
        const list = compute();
        const first = new Map<string, AstNodeDescription>();
        for (const description of list) if (!first.has(description.name)) first.set(description.name, description);
        perType.set(referenceType, (level = { list, first }));
    }
    return level;
}

/** Langium's `StreamScope` (case-sensitive, outer scope concatenated) over a `LocalLevel`. */
export class LocalScope implements Scope {
    constructor(
        private readonly level: LocalLevel,
        private readonly outerScope: Scope,
    ) {}

    getAllElements(): Stream<AstNodeDescription> {
        return stream(this.level.list).concat(this.outerScope.getAllElements());
    }

    getElement(name: string): AstNodeDescription | undefined {
        return this.level.first.get(name) ?? this.outerScope.getElement(name);
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.level.list)
            .filter((description) => description.name === name)
            .concat(this.outerScope.getElements(name));
    }
}
