/**
 * Memo for one validation pass of one document. Several checks need the same derived data (a policy's
 * space compiled, sized; the op names visible from a document), and recomputing it per check or per node
 * made validation grow with (checks × declarations). Entries live from the document's `beforeDocument`
 * hook to its `afterDocument` hook: nothing is reused across edits, so results stay exactly as fresh as
 * when every check computed them itself. Outside a pass (a check called directly), nothing is memoized.
 */
import { AstUtils, type AstNode, type ValidationRegistry } from 'langium';

type Tables = Map<string, Map<unknown, unknown>>;

const passes = new WeakMap<AstNode, Tables>();

/** Opens and closes a pass around every document validation. */
export function registerPassMemo(registry: ValidationRegistry): void {
    registry.registerBeforeDocument((root) => void passes.set(root, new Map()));
    registry.registerAfterDocument((root) => void passes.delete(root));
}

/**
 * `compute()`, memoized under (`table`, `key`) for the pass of the document holding `anchor` (the node
 * being validated; `key` may belong to another document, e.g. an imported space).
 */
export function passMemo<T>(anchor: AstNode, table: string, key: unknown, compute: () => T): T {
    const tables = passes.get(AstUtils.findRootNode(anchor));
    if (!tables) return compute();
    let entries = tables.get(table);
    if (!entries) tables.set(table, (entries = new Map()));
    if (entries.has(key)) return entries.get(key) as T;
    const value = compute();
    entries.set(key, value);
    return value;
}
