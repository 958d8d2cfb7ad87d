/**
 * The runtime validators of the custom LSP messages (protocol/lsp.ts): each accepts what the other side really
 * sends (the stdio test checks the live server's answers against them) and rejects, with a located problem,
 * what a peer of another version or a broken client could send. Problems never echo the value itself.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeclarationsResult, ServerStatusParams, SpaceSizeAtParams, SpaceSizeAtResult, SpaceSizeInfo, SpaceSizesParams, SpaceSizesResult } from '../../protocol/lsp.js';

const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } };
const size = { name: 'NB201', range, nameRange: range, exact: '15625', log10: 4.19, label: '15,625' };

describe('LSP message validators', () => {
    test('well-formed messages pass, optional fields may be absent, extra fields are tolerated', () => {
        assert.ok(SpaceSizeInfo.is(size));
        assert.ok(SpaceSizeInfo.is({ ...size, exact: undefined, log10: null, label: '∞ (continuous)', estimated: true, note: 'n', futureField: 1 }));
        assert.ok(SpaceSizesResult.is({ spaces: [size, size] }));
        assert.ok(SpaceSizesResult.is({ spaces: [] }));
        assert.ok(SpaceSizeAtResult.is(null));
        assert.ok(SpaceSizeAtResult.is(size));
        assert.ok(SpaceSizesParams.is({ textDocument: { uri: 'file:///a.nas' } }));
        assert.ok(SpaceSizeAtParams.is({ textDocument: { uri: 'file:///a.nas' }, position: { line: 3, character: 0 } }));
        assert.ok(ServerStatusParams.is({ health: 'ok' }));
        assert.ok(ServerStatusParams.is({ health: 'error', message: 'caught' }));
    });

    test('malformed messages are rejected with the path of the first bad field', () => {
        const cases: Array<[{ is(v: unknown): boolean; problem(v: unknown): string | undefined }, unknown, string]> = [
            [SpaceSizesParams, undefined, 'params: expected an object, got nothing'],
            [SpaceSizesParams, { textDocument: { uri: 7 } }, 'params.textDocument.uri: expected a string, got an integer'],
            [SpaceSizeAtParams, { textDocument: { uri: 'u' } }, 'params.position: expected an object, got nothing'],
            [SpaceSizeAtParams, { textDocument: { uri: 'u' }, position: { line: 1.5, character: 0 } }, 'params.position.line: expected a non-negative integer, got a number'],
            [SpaceSizeAtParams, { textDocument: { uri: 'u' }, position: { line: 0, character: -1 } }, 'params.position.character: expected a non-negative integer, got an integer'],
            [SpaceSizesResult, { spaces: [size, { ...size, label: undefined }] }, 'result.spaces[1].label: expected a string, got nothing'],
            [SpaceSizesResult, { spaces: {} }, 'result.spaces: expected an array, got an object'],
            [SpaceSizeAtResult, { ...size, log10: 'big' }, 'result.log10: expected a number, got a string'],
            [SpaceSizeAtResult, { ...size, nameRange: { start: { line: 0, character: 0 } } }, 'result.nameRange.end: expected an object, got nothing'],
            [SpaceSizeInfo, { ...size, estimated: 'yes' }, 'result.estimated: expected true or false, got a string'],
            [ServerStatusParams, { health: 'degraded' }, 'params.health: expected one of ok, error, got a string'],
            [ServerStatusParams, { health: 'error', message: 42 }, 'params.message: expected a string, got an integer'],
        ];
        for (const [validator, value, problem] of cases) {
            assert.equal(validator.problem(value), problem, JSON.stringify(value));
            assert.equal(validator.is(value), false);
        }
    });

    test('a problem never echoes the offending value', () => {
        const huge = 'x'.repeat(100_000);
        const problem = SpaceSizeAtParams.problem({ textDocument: { uri: 'u' }, position: { line: huge, character: 0 } });
        assert.equal(problem, 'params.position.line: expected a non-negative integer, got a string');
    });
});

describe('lissnas/declarations validator', () => {
    const search = { kind: 'search', name: 'Climb', range, nameRange: range, detail: 'local(NB201)', commandEvaluators: [] };
    test('algorithm and target are optional strings (an older server sends neither)', () => {
        assert.ok(DeclarationsResult.is({ declarations: [search, { ...search, algorithm: 'local', target: 'NB201' }] }));
        assert.equal(DeclarationsResult.problem({ declarations: [search, { ...search, algorithm: 7 }] }), 'result.declarations[1].algorithm: expected a string, got an integer');
        assert.equal(DeclarationsResult.problem({ declarations: [{ ...search, target: ['NB201'] }] }), 'result.declarations[0].target: expected a string, got an array');
    });
});
