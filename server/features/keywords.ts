/**
 * The keywords of the grammar, split into the reserved ones (never usable as names) and the ones the
 * grammar accepts as names too (setting keys like `batch`, distribution names like `normal`).
 */
import { AstUtils, type Grammar } from 'langium';
import { isDistributionKind, isSettingKey } from '../../dsl/generated/ast.js';

/** Every word keyword of the grammar (`space`, `when`, `batch`, ...), without punctuation. */
export function wordKeywords(grammar: Grammar): string[] {
    const words = new Set<string>();
    for (const node of AstUtils.streamAllContents(grammar)) {
        if (node.$type === 'Keyword') {
            const value = (node as unknown as { value: string }).value;
            if (/^[A-Za-z_]\w*$/.test(value)) words.add(value);
        }
    }
    return [...words].sort();
}

/** Keywords that cannot be names. */
export function reservedKeywords(grammar: Grammar): Set<string> {
    return new Set(wordKeywords(grammar).filter((k) => !isSettingKey(k) && !isDistributionKind(k)));
}
