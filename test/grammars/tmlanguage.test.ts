/**
 * The hand-written TextMate grammar (grammars/nas.tmLanguage.json) against the Langium grammar it mirrors:
 * every regex compiles in JavaScript and avoids Oniguruma-only syntax, every keyword and symbol of
 * dsl/nas.langium gets a scope, and real lines of examples/tour.nas get the scopes a reader expects.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allRegexes, onigurumaOnlyConstructs, scopesOf, Tokenizer, type RawGrammar, type Token } from './textmate.js';

const grammar = JSON.parse(readFileSync('grammars/nas.tmLanguage.json', 'utf8')) as RawGrammar;
const tokenizer = new Tokenizer(grammar);

/** Quoted keywords of the Langium grammar (rules only: terminal regexes contain quotes too). */
function langiumKeywords(): string[] {
    const source = readFileSync('dsl/nas.langium', 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split('\n')
        .filter((line) => !/^\s*(hidden\s+)?terminal\b/.test(line))
        .map((line) => line.replace(/\/\/.*$/, ''))
        .join('\n');
    return [...new Set([...source.matchAll(/'([^'\\]+)'/g)].map((m) => m[1]))].sort();
}

function line(text: string): Token[] {
    return tokenizer.tokenize(text)[0];
}

function scope(text: string, token: string): string[] {
    const scopes = scopesOf(line(text), token);
    assert.ok(scopes, `no token '${token}' in: ${text}\n${JSON.stringify(line(text))}`);
    return scopes;
}

function assertScope(text: string, token: string, expected: string): void {
    const scopes = scope(text, token);
    assert.ok(scopes.some((s) => s === expected || s.startsWith(`${expected}.`)), `'${token}' in '${text}': expected ${expected}, got ${scopes.join(' ')}`);
}

describe('TextMate grammar: regexes', () => {
    const regexes = allRegexes(grammar);

    test('the grammar has rules for every token class', () => {
        assert.ok(regexes.length >= 30, `only ${regexes.length} regexes`);
        for (const name of ['comments', 'strings', 'numbers', 'keywords', 'declarations', 'kind-after-equals', 'edge', 'operators', 'constants', 'punctuation']) {
            assert.ok(grammar.repository[name], `repository.${name} is missing`);
        }
    });

    test('every match/begin/end regex compiles as a JavaScript RegExp', () => {
        for (const { where, source } of regexes) {
            assert.doesNotThrow(() => new RegExp(source, 'd'), `${where}: ${source}`);
        }
    });

    test('no regex uses Oniguruma-only syntax', () => {
        for (const { where, source } of regexes) {
            assert.deepEqual(onigurumaOnlyConstructs(source), [], `${where}: ${source}`);
        }
    });

    test('the Oniguruma-only check catches what it claims to', () => {
        assert.deepEqual(onigurumaOnlyConstructs('\\h+'), ['Oniguruma-only escape']);
        assert.deepEqual(onigurumaOnlyConstructs('(?>a|b)'), ['atomic group']);
        assert.deepEqual(onigurumaOnlyConstructs('(?i)space'), ['inline flags']);
        assert.deepEqual(onigurumaOnlyConstructs('a++'), ['possessive quantifier']);
        assert.deepEqual(onigurumaOnlyConstructs('\\\\h'), [], 'an escaped backslash followed by h is fine');
        assert.deepEqual(onigurumaOnlyConstructs('[a-z]+\\b'), []);
    });

    test('every include names an existing repository entry', () => {
        const text = JSON.stringify(grammar);
        for (const [, name] of text.matchAll(/"include":\s*"#([^"]+)"/g)) {
            assert.ok(grammar.repository[name], `#${name} is not in the repository`);
        }
    });
});

describe('TextMate grammar: Langium keywords', () => {
    const keywords = langiumKeywords();

    test('the keyword list is read from dsl/nas.langium', () => {
        for (const expected of ['space', 'ops', 'cell', 'edges', 'choice', 'loguniform', 'when', 'not', 'retries', '->', '<=', '!=', 'true']) {
            assert.ok(keywords.includes(expected), `'${expected}' not found among ${keywords.join(' ')}`);
        }
        assert.ok(keywords.length > 80, `only ${keywords.length} keywords`);
    });

    test('every word keyword gets a keyword, function or constant scope on its own', () => {
        for (const keyword of keywords.filter((k) => /^[a-z_]+$/.test(k))) {
            const scopes = scope(keyword, keyword);
            assert.ok(
                scopes.some((s) => /^(keyword|support\.function|constant\.language)\./.test(s)),
                `'${keyword}' got only ${scopes.join(' ')}`,
            );
        }
    });

    test('every symbol gets an operator or punctuation scope', () => {
        for (const symbol of keywords.filter((k) => !/^[a-z_]+$/.test(k))) {
            const scopes = scope(symbol, symbol);
            assert.ok(scopes.some((s) => /^(keyword\.operator|punctuation)\./.test(s)), `'${symbol}' got only ${scopes.join(' ')}`);
        }
    });
});

describe('TextMate grammar: lines of examples/tour.nas', () => {
    test('comments: line and block, across lines', () => {
        assertScope('// Reusable op sets', 'Reusable op sets', 'comment.line.double-slash');
        assertScope('  nodes 4   // node 0 = input', 'node 0 = input', 'comment.line.double-slash');
        const lines = tokenizer.tokenize('/* a block\n still comment space X\n end */ space Y {');
        assert.ok(scopesOf(lines[1], 'still comment space X')?.includes('comment.block.nas'));
        assert.ok(scopesOf(lines[2], 'end')?.includes('comment.block.nas'));
        assert.ok(scopesOf(lines[2], 'Y')?.includes('entity.name.type.space.nas'));
        assert.ok(!scopesOf(lines[2], '{')?.includes('comment.block.nas'), 'the comment ends at */');
    });

    test('strings with escapes and placeholders', () => {
        assertScope('evaluator c10 = table("../data/nb201/nb201.csv") {', '../data/nb201/nb201.csv', 'string.quoted.double');
        assertScope(`optimizer choice ['sgd', "adam"]`, 'sgd', 'string.quoted.single');
        assertScope('x choice ["a\\"b"]', '\\"', 'constant.character.escape');
        assertScope('evaluator mine = command("python3 train.py --arch {arch}")', '{arch}', 'variable.other.placeholder');
        // An unterminated string stops at the end of its line.
        const lines = tokenizer.tokenize('x choice ["open\nspace S {');
        assert.ok(scopesOf(lines[1], 'S')?.includes('entity.name.type.space.nas'));
    });

    test('numbers, quantities with units, exponents', () => {
        assertScope('  constraint flops <= 100M', '100', 'constant.numeric.quantity');
        assertScope('  constraint flops <= 100M', 'M', 'keyword.other.unit');
        assertScope('  constraint params <= 1.0M', '1.0', 'constant.numeric.quantity');
        assertScope('policy Random = random_shrink(NB201) { keep 5%; seed 42 }', '%', 'keyword.other.unit');
        assertScope('policy Random = random_shrink(NB201) { keep 5%; seed 42 }', '42', 'constant.numeric');
        assertScope('{ parallel 2; timeout 30m }', 'm', 'keyword.other.unit');
        assertScope('  lr        loguniform(1e-4, 1e-1)', '1e-4', 'constant.numeric');
        assertScope('  width choice [0.75, 1.0, 1.25]', '0.75', 'constant.numeric');
        assertScope('x choice [-3, 2.5e+3]', '-3', 'constant.numeric');
        assertScope('x choice [-3, 2.5e+3]', '2.5e+3', 'constant.numeric');
        // A unit letter glued to more letters is not a unit: `10ms` is, `10mx` is not a quantity.
        assertScope('timeout 10ms', 'ms', 'keyword.other.unit');
        assert.ok(!scope('c10 x', 'c10').some((s) => s.startsWith('constant.numeric')), 'digits inside a name are not a number');
    });

    test('keywords by category', () => {
        assertScope('space NB201 {', 'space', 'keyword.declaration');
        assertScope('import "common.nas"', 'import', 'keyword.declaration');
        assertScope('  cell {', 'cell', 'keyword.other.structure');
        assertScope('    edges all', 'edges', 'keyword.other.structure');
        assertScope('    edges all', 'all', 'keyword.other.structure');
        assertScope('  layers 20 {', 'layers', 'keyword.other.structure');
        assertScope('    kernel choice [3, 5, 7]', 'choice', 'support.function.distribution');
        assertScope('  epochs    randint(10, 200, step: 10)', 'randint', 'support.function.distribution');
        assertScope('  momentum  uniform(0.8, 0.99) when optimizer == "sgd"', 'when', 'keyword.control.conditional');
        assertScope('  a choice [1] when b not in [1, 2] and c == 1 or d != 2', 'not', 'keyword.operator.logical');
        assertScope('  a choice [1] when b not in [1, 2] and c == 1 or d != 2', 'in', 'keyword.operator.logical');
        assertScope('  a choice [1] when b not in [1, 2] and c == 1 or d != 2', 'and', 'keyword.operator.logical');
        assertScope('  a choice [1] when b not in [1, 2] and c == 1 or d != 2', '!=', 'keyword.operator.comparison');
        assertScope('  sample    100', 'sample', 'keyword.other.setting');
        assertScope('  evaluate  c10', 'evaluate', 'keyword.other.setting.reference');
        assertScope('  se     choice [false, true]', 'true', 'constant.language.boolean');
        assertScope('  se     choice [false, true]', 'false', 'constant.language.boolean');
    });

    test('declaration names, kinds after =, dimensions, calls', () => {
        assertScope('space NB201 {', 'NB201', 'entity.name.type.space');
        assertScope('ops NB201Ops {', 'NB201Ops', 'entity.name.type.ops');
        assertScope('evaluator zc   = proxy(synflow) { batch 64 }', 'zc', 'entity.name.function.declaration');
        assertScope('evaluator zc   = proxy(synflow) { batch 64 }', 'proxy', 'support.function.kind');
        assertScope('policy Lissnas = lissnas(NB201) {', 'Lissnas', 'entity.name.function.declaration');
        assertScope('policy Lissnas = lissnas(NB201) {', 'lissnas', 'support.function.kind');
        assertScope('search REA      = evolution(Lissnas) { evaluate c10; population 20 }', 'REA', 'entity.name.function.declaration');
        assertScope('search REA      = evolution(Lissnas) { evaluate c10; population 20 }', 'evolution', 'support.function.kind');
        assertScope('  skip_connect = identity', 'identity', 'support.function.kind');
        assertScope('  cell normal {', 'normal', 'entity.name.section.cell');
        assertScope('  cell reduce = normal', 'reduce', 'entity.name.section.cell');
        assertScope('  cell reduce = normal', 'normal', 'variable.other.cell');
        assertScope('  lr        loguniform(1e-4, 1e-1)', 'lr', 'variable.parameter.dimension');
        assertScope('  batch     choice [64, 128, 256]', 'batch', 'variable.parameter.dimension');
        assertScope('  stop      plateau(patience: 1, delta: 0.05)', 'plateau', 'entity.name.function.call');
        assertScope('  stop      plateau(patience: 1, delta: 0.05)', 'patience', 'variable.parameter.argument');
        // `==` and `<=` are comparisons, not an assignment followed by a kind.
        assertScope('  constraint flops <= 100M', '<=', 'keyword.operator.comparison');
        assertScope('  momentum uniform(0.8, 0.99) when optimizer == "sgd"', '==', 'keyword.operator.comparison');
    });

    test('keywords used as names and values keep the colour of what they name', () => {
        assertScope('space ops {', 'ops', 'entity.name.type.space');
        assertScope('evaluator space = proxy(synflow)', 'space', 'entity.name.function.declaration');
        assertScope('  key ops as digits', 'key', 'keyword.other.setting');
        assertScope('  key ops as digits', 'ops', 'variable.other.value');
        assertScope('  metric nodes', 'nodes', 'variable.other.value');
        assertScope('  cell choice [1, 2]', 'cell', 'variable.parameter.dimension');
        assertScope('  cell choice [1, 2]', 'choice', 'support.function.distribution');
        // Not values: a dimension named like a setting key keeps its domain's colour.
        assertScope('  lr        loguniform(1e-4, 1e-1)', 'loguniform', 'support.function.distribution');
        assertScope('  batch     choice [64, 128, 256]', 'choice', 'support.function.distribution');
    });

    test('edges', () => {
        const text = '    edges [0->1, 0 -> 2, 1->2]';
        assertScope(text, '->', 'keyword.operator.arrow');
        assertScope(text, '0', 'constant.numeric.integer.node');
        assertScope(text, '[', 'punctuation.section.brackets.begin');
    });

    test('the whole tour tokenizes, and only comments and strings hold unscoped prose', () => {
        const lines = tokenizer.tokenize(readFileSync('examples/tour.nas', 'utf8'));
        assert.ok(lines.length > 80);
        let checked = 0;
        for (const tokens of lines) {
            for (const token of tokens) {
                if (token.text.trim() === '') continue;
                checked++;
                assert.ok(token.scopes.length > 1, `'${token.text}' has no scope beyond source.nas`);
            }
        }
        assert.ok(checked > 400, `only ${checked} tokens`);
    });
});

describe('language-configuration.json', () => {
    const config = JSON.parse(readFileSync('grammars/language-configuration.json', 'utf8')) as {
        comments: { lineComment: string; blockComment: [string, string] };
        brackets: Array<[string, string]>;
        autoClosingPairs: Array<{ open: string; close: string }>;
        surroundingPairs: Array<[string, string]>;
        folding: { markers: { start: string; end: string } };
        indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
        onEnterRules: Array<{ beforeText: string; afterText?: string }>;
        wordPattern: string;
    };

    test('comments and brackets match the language', () => {
        assert.equal(config.comments.lineComment, '//');
        assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
        assert.deepEqual(config.brackets.map((b) => b.join('')).sort(), ['()', '[]', '{}']);
        const closing = config.autoClosingPairs.map((p) => p.open);
        for (const open of ['{', '[', '(', '"', "'"]) assert.ok(closing.includes(open), `auto-closes ${open}`);
        assert.deepEqual(config.surroundingPairs.map((p) => p[0]).sort(), ['"', "'", '(', '[', '{'].sort());
    });

    test('every regex compiles and behaves on .nas lines', () => {
        const increase = new RegExp(config.indentationRules.increaseIndentPattern);
        const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
        assert.ok(increase.test('space NB201 {'));
        assert.ok(increase.test('  ops [a, b,'));
        assert.ok(!increase.test('  cell { nodes 4 }'));
        assert.ok(!increase.test('// a comment {'));
        assert.ok(decrease.test('  }'));
        assert.ok(!decrease.test('  nodes 4'));
        assert.ok(new RegExp(config.folding.markers.start).test('// region spaces'));
        assert.ok(new RegExp(config.folding.markers.end).test('  // endregion'));
        for (const rule of config.onEnterRules) {
            new RegExp(rule.beforeText);
            if (rule.afterText) new RegExp(rule.afterText);
        }
        // A word is a name or a whole quantity, so double-click selects `100M` and `loguniform`.
        const word = new RegExp(config.wordPattern, 'g');
        assert.deepEqual('constraint flops <= 100M; lr loguniform(1e-4, 0.1)'.match(word), ['constraint', 'flops', '100M', 'lr', 'loguniform', '1e-4', '0.1']);
    });
});
