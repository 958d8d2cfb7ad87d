/**
 * Friendlier syntax errors for the common slips. Setting keys are keywords (so a setting ends where the next
 * key starts), which makes a misspelt key a syntax error: say so, with the closest key.
 */
import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import { didYouMean } from '../scoping/closest-name.js';
import { allSettingKeys } from '../../engine/registry/index.js';

const SETTING_OWNERS = new Set(['Evaluator', 'Policy', 'Search', 'Network', 'Setting', 'GenericSetting']);
const ALL_KEYS = allSettingKeys();

export class NasParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual, ruleName } = options;
        if (SETTING_OWNERS.has(ruleName.replace(/[^\w]/g, '')) && expected.name === '}' && actual.tokenType?.name === 'ID') {
            return `unknown setting '${actual.image}'${didYouMean(actual.image, ALL_KEYS)}: a body holds \`key value\` settings`;
        }
        return super.buildMismatchTokenMessage(options);
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `unexpected \`${options.firstRedundant.image}\`: expected \`import\` or a declaration (ops, space, evaluator, policy, search)`;
    }
}
