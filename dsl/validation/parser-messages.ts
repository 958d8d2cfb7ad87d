/**
 * Friendlier syntax errors for the common slips. Setting keys are keywords (so a setting ends where the next
 * key starts), which makes a misspelt key a syntax error: say so, with the closest key. A keyword where a
 * name or value was meant says how to write it instead (`"space"`), and the long lists of expected tokens
 * Chevrotain builds from the grammar are summarised in words.
 */
import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import { didYouMean } from '../scoping/closest-name.js';
import { allSettingKeys } from '../../engine/registry/index.js';

const SETTING_OWNERS = new Set(['Evaluator', 'Policy', 'Search', 'Network', 'Setting', 'GenericSetting']);
const ALL_KEYS = allSettingKeys();
/** Keywords that start a declaration: where one of them stops a body, a `}` is often missing. */
const DECLARATION_KEYWORDS = new Set(['import', 'ops', 'space', 'evaluator', 'policy', 'search']);

const isWord = (token: IToken) => /^[A-Za-z_]\w*$/.test(token.image);
const isKeyword = (token: IToken) => token.tokenType?.name !== 'ID' && isWord(token);

/** `keyword 'x'`, or the terminal's name (`ID`, `NUMBER`), as the expected-token lists spell them. */
function nameOf(type: TokenType): string {
    return type.name.endsWith(':KW') ? type.name.slice(0, -3) : type.name;
}

/** Words for the expected token paths: "a name", "a value", "`{` or `=`". */
function describe(paths: TokenType[][]): string {
    const first = new Set(paths.map((path) => nameOf(path[0])).filter(Boolean));
    // A domain: `choice [` or a distribution followed by `(`.
    const domain = paths.some((path) => path.length > 1 && nameOf(path[0]) === 'choice' && nameOf(path[1]) === '[');
    if (first.has('ID') && domain) return 'a domain (`choice [...]`, `uniform(...)`, ...) or a space name';
    if (first.has('ID')) return 'a name';
    if (first.has('NUMBER') || first.has('STRING')) return 'a value';
    return [...first].map((t) => `\`${t}\``).join(' or ');
}

export class NasParserErrorMessageProvider extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
        const { expected, actual, ruleName } = options;
        const owner = ruleName.replace(/[^\w]/g, '');
        if (SETTING_OWNERS.has(owner) && expected.name === '}' && actual.tokenType?.name === 'ID') {
            return `unknown setting '${actual.image}'${didYouMean(actual.image, ALL_KEYS)}: a body holds \`key value\` settings`;
        }
        if (expected.name === '}' && isKeyword(actual)) {
            const word = actual.image;
            if (DECLARATION_KEYWORDS.has(word)) {
                return `\`${word}\` is a keyword here: if a new declaration starts, add the missing \`}\` before it; to use it as a name or value, write \`"${word}"\``;
            }
            return `\`${word}\` is a keyword here; write \`"${word}"\` to use it as a ${SETTING_OWNERS.has(owner) ? 'value' : 'name'}`;
        }
        if (isKeyword(actual) && expected.name === 'ID') return `\`${actual.image}\` is a keyword here; write \`"${actual.image}"\``;
        if (expected.name === 'EOF') return this.buildNotAllInputParsedMessage({ firstRedundant: actual, ruleName });
        if (actual.image === '' || actual.tokenType?.name === 'EOF') return `the file ends here but a \`${nameOf(expected)}\` is missing`;
        if (expected.name === '}' && (actual.image === '[' || actual.image === '(')) {
            const close = actual.image === '[' ? ']' : ')';
            return `this \`${actual.image} ... ${close}\` is not well formed: look for a missing \`${close}\`, a stray \`,\` or a missing value inside`;
        }
        if (expected.name === '}' && actual.tokenType?.name === 'ID') return `unexpected \`${actual.image}\` here: is a \`}\` missing before it?`;
        return super.buildMismatchTokenMessage(options);
    }

    override buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const paths = options.expectedPathsPerAlt.flat();
        const first = new Set(paths.map((path) => nameOf(path[0])));
        const actual = options.actual[0];
        const found = actual ? (actual.image === '' ? 'the end of the file' : `\`${actual.image}\``) : 'the end of the file';
        if (actual && isKeyword(actual) && first.has('ID') && !first.has(actual.image)) {
            return `\`${actual.image}\` is a keyword here; write \`"${actual.image}"\``;
        }
        return `expected ${describe(paths)} but found ${found}`;
    }

    override buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; customUserDescription?: string; ruleName: string }): string {
        const actual = options.actual[0];
        return `expected ${describe(options.expectedIterationPaths)} but found ${actual && actual.image !== '' ? `\`${actual.image}\`` : 'the end of the file'}`;
    }

    override buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
        return `unexpected \`${options.firstRedundant.image}\`: expected \`import\` or a declaration (ops, space, evaluator, policy, search)`;
    }
}
