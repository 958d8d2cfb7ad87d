/**
 * Names may be written as strings (`"ops" choice [1, 2]`, `space "ops" { ... }`): the way out wherever a keyword
 * cannot be a bare name (docs/language.md "Keywords as names"). The quotes are not part of the name, so a quoted
 * and a bare spelling of the same name declare and reference the same thing.
 */
import { DefaultValueConverter, ValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

const NAME_RULES = new Set(['Name', 'MemberName']);

export class NasValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        if (NAME_RULES.has(rule.name) && (input.startsWith('"') || input.startsWith("'"))) return ValueConverter.convertString(input);
        return super.runConverter(rule, input, cstNode);
    }
}
