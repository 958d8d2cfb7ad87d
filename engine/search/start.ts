import { compileSpace } from '../space/compile.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { DocumentSpec } from '../spec.js';

/**
 * A search's optional start (`lissnas search --start ARCH`, the pocket view's "Search from here"): one architecture
 * the search evaluates first. Local search climbs from it, evolution puts it in its initial population, random search
 * evaluates it before its first sample. The start must be a member of the space actually searched: for a search in a
 * shrunk space, a member of the space the policy kept, which is known only once the policy has run.
 */

/** Refuses a start that is not a member of `space`, naming both. */
export function checkStart(space: SearchSpace, start: Genotype, owner = 'search'): void {
    if (space.contains(start)) return;
    throw new Error(`${owner}: the start ${archText(space, start)} is not a member of the searched space ${space.name}${sizeText(space)}`);
}

function archText(space: SearchSpace, g: Genotype): string {
    try {
        return space.format(g);
    } catch {
        return `[${g.join(',')}]`;
    }
}

function sizeText(space: SearchSpace): string {
    return typeof space.size === 'bigint' ? ` (${space.size.toString()} members)` : '';
}

/** The space a search's start is written in: the target space, or the full space of the policy it runs inside. */
export function startSpaceOf(doc: DocumentSpec, searchName: string): SearchSpace {
    const search = doc.searches.find((s) => s.name === searchName);
    if (!search) throw new Error(`no search named '${searchName}'`);
    if (search.target.kind === 'space') return compileSpace(search.target.space);
    const target = search.target.policy;
    const policy = doc.policies.find((p) => p.name === target);
    if (!policy) throw new Error(`search ${searchName}: no policy named '${target}'`);
    return compileSpace(policy.space);
}

/**
 * Parses a start in the format of the search's space and returns it in the space's own spelling (what run.json and
 * result.json record). Throws the parser's message, prefixed with the search and the space, on a malformed one.
 */
export function normalizeStart(doc: DocumentSpec, searchName: string, text: string): string {
    const space = startSpaceOf(doc, searchName);
    let g: Genotype;
    try {
        g = space.parse(text);
    } catch (error) {
        throw new Error(`search ${searchName}: cannot read the start '${text}' as an architecture of ${space.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    checkStart(space, g, `search ${searchName}`);
    return space.format(g);
}
