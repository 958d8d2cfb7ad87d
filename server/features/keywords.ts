/**
 * The keywords of the grammar, split into the reserved ones (never usable as names: the condition words and
 * the booleans) and the ones the grammar accepts as names too (`space`, `ops`, `cell`, setting keys like
 * `batch`, distribution names like `normal`); see nas.langium "Names".
 */
import { AstUtils, type Grammar } from 'langium';

/** The data type rules whose keywords are names too (nas.langium). */
const NAME_KEYWORD_RULES = ['SettingKey', 'DistributionKind', 'MemberKeyword', 'DeclarationKeyword'];

/** Keywords of the named rules. */
export function keywordsOfRules(grammar: Grammar, names: readonly string[]): string[] {
    const words: string[] = [];
    for (const rule of grammar.rules) {
        if (!names.includes(rule.name)) continue;
        for (const node of AstUtils.streamAllContents(rule)) {
            if (node.$type === 'Keyword') words.push((node as unknown as { value: string }).value);
        }
    }
    return words;
}

/** Keywords that start a declaration: names of declarations, but not of dimensions or ops in a body. */
export function declarationKeywords(grammar: Grammar): Set<string> {
    return new Set(keywordsOfRules(grammar, ['DeclarationKeyword']));
}

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
    const names = new Set(keywordsOfRules(grammar, NAME_KEYWORD_RULES));
    return new Set(wordKeywords(grammar).filter((k) => !names.has(k)));
}
