import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectSemanticToken, highlightHelper } from 'langium/test';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';

const T = SemanticTokenTypes;
import { Nas } from './services.js';

const highlight = highlightHelper(Nas);

describe('semantic tokens', () => {
    test('declarations, references by kind, ops, numbers with units, setting keys, keywords', async () => {
        const tokens = await highlight([
            '<|ops|> <|Ops|> { <|a|> = <|relu_conv_bn|>(<|kernel|>: <|3|>) }',
            'space <|S|> {',
            '  <|cell|> <|normal|> { nodes 4; ops <|Ops|> }',
            '  <|batch|> <|choice|> [64, 128]',
            '  lr <|loguniform|>(1e-4, 1e-1) <|when|> <|batch|> == 64',
            '  constraint flops <= <|100M|>',
            '}',
            'evaluator <|e|> = <|table|>(<|"x.csv"|>) { <|metric|> acc }',
            'policy <|P|> = lissnas(<|S|>) { evaluate <|e|> }',
            'search R = random(<|P|>) { budget 10 }',
        ].join('\n'));
        const expected: SemanticTokenTypes[] = [
            T.keyword, T.enum, T.enumMember, T.function, T.parameter, T.number,
            T.type,
            T.keyword, T.class, T.enum,
            T.variable, T.keyword,
            T.function, T.keyword, T.variable,
            T.number,
            T.function, T.function, T.string, T.property,
            T.event, T.type, T.function,
            T.event,
        ];
        assert.equal(tokens.ranges.length, expected.length);
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
    });

    test('keywords used as names are coloured as the names they are, the real keywords next to them as keywords', async () => {
        const tokens = await highlight([
            '<|space|> <|ops|> {',
            '  <|cell|> <|choice|> [1, 2]',
            '  <|nodes|> <|uniform|>(0, 1) <|when|> <|cell|> == 1',
            '}',
            'evaluator <|space|> = <|table|>(<|"t.csv"|>) { <|key|> <|ops|> as digits }',
            'policy <|search|> = lissnas(<|ops|>) { evaluate <|space|> }',
        ].join('\n'));
        const expected: SemanticTokenTypes[] = [
            T.keyword, T.type,
            T.variable, T.keyword,
            T.variable, T.function, T.keyword, T.variable,
            T.function, T.function, T.string, T.property, T.enumMember,
            T.event, T.type, T.function,
        ];
        assert.equal(tokens.ranges.length, expected.length);
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
    });

    test('declarations carry the declaration modifier, references do not', async () => {
        const tokens = await highlight('space <|S|> { x choice [1] }\nsearch R = random(<|S|>) { budget 1 }');
        const [declaration, reference] = tokens.ranges.map(([start]) => tokens.tokens.find((t) => t.offset === start)!);
        const declarationBit = Nas.lsp.SemanticTokenProvider!.tokenModifiers[SemanticTokenModifiers.declaration];
        assert.equal(declaration.tokenType, T.type);
        assert.equal(declaration.tokenModifiers & declarationBit, declarationBit);
        assert.equal(reference.tokenType, T.type);
        assert.equal(reference.tokenModifiers & declarationBit, 0);
    });
});
