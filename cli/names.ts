import type { DocumentSpec } from '../engine/spec.js';
import { UsageError } from './args.js';

/**
 * A policy or search named on the command line must exist in the file: an unknown name is a usage error
 * (exit 2) like an unknown dataset or space, checked before any work.
 */
export function requireNames(doc: DocumentSpec, kind: 'policy' | 'search', names: readonly string[], command: string): void {
    const known = (kind === 'policy' ? doc.policies : doc.searches).map((x) => x.name);
    for (const name of names) {
        if (!known.includes(name)) {
            const flag = command === 'study' ? (kind === 'policy' ? '--policies' : '--searches') : `--${kind}`;
            throw new UsageError(`${flag}: no ${kind} named '${name}' in the file (${kind === 'policy' ? 'policies' : 'searches'}: ${known.join(', ') || 'none'})`, command);
        }
    }
}
