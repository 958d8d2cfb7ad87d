/**
 * `space Found = shrunk(NB201, "runs/x/result.json")`: the kind is known, the base is a space with a body, the
 * file exists, is not too big, is the result of `lissnas shrink` (or a bare shrunk-space file), was shrunk in a
 * space of the base's name, and every member decodes as a genotype of the base (so a base whose cell or ops
 * differ from the one the run shrank is caught). Errors sit on the part at fault: the kind, the base, the path.
 */
import type { FileSystemProvider, ValidationAcceptor, ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { compileSpace } from '../../engine/space/compile.js';
import { ShrunkSpace } from '../../engine/space/shrunk.js';
import { readSavedSpace, SAVED_SPACE_KINDS, savedSpaceUri } from '../saved-spaces.js';
import { didYouMean } from '../scoping/closest-name.js';
import { spaceSpecOf } from './space-size.js';

export function savedSpaceChecks(fs: FileSystemProvider): ValidationChecks<ast.NasAstType> {
    return {
        SavedSpace: (saved, accept) => checkSavedSpace(fs, saved, accept),
        Dimension: checkSavedFactor,
    };
}

async function checkSavedSpace(fs: FileSystemProvider, saved: ast.SavedSpace, accept: ValidationAcceptor): Promise<void> {
    if (!(SAVED_SPACE_KINDS as readonly string[]).includes(saved.kind)) {
        accept('error', `unknown saved space '${saved.kind}'${didYouMean(saved.kind, [...SAVED_SPACE_KINDS])}; write shrunk(BASE, "runs/x/result.json")`, { node: saved, property: 'kind' });
        return;
    }
    const base = saved.base?.ref;
    if (!base) return; // the linker reports an unknown name
    if (base.saved) {
        accept('error', `the base of a saved space must be a space with a body ('${base.name}' is itself a saved space)`, { node: saved, property: 'base' });
        return;
    }
    const uri = savedSpaceUri(saved);
    if (!uri) return;
    const read = await readSavedSpace(fs, uri);
    if ('error' in read) {
        accept('error', read.error, { node: saved, property: 'path' });
        return;
    }
    if (read.space.base !== base.name) {
        accept('error', `${saved.path} was shrunk in space '${read.space.base}', not in '${base.name}': name the space the run shrank`, { node: saved, property: 'path' });
        return;
    }
    const baseSpec = spaceSpecOf(base, saved);
    if (!baseSpec) return; // the base's own diagnostics say why it does not compile
    try {
        ShrunkSpace.fromJSON(read.space, compileSpace(baseSpec));
    } catch (error) {
        accept('error', `${saved.path} does not fit space '${base.name}' (its cell or ops differ from those the run shrank): ${(error as Error).message}`, { node: saved, property: 'path' });
    }
}

/** `arch Found` where Found is a saved space: its members are whole genotypes of its base, not a factor. */
function checkSavedFactor(dimension: ast.Dimension, accept: ValidationAcceptor): void {
    const target = dimension.space?.ref;
    if (target?.saved) accept('error', `a saved space ('${target.name}') cannot be a factor of another space: search it directly`, { node: dimension, property: 'space' });
}
