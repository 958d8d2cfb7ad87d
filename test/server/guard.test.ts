import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OperationCancelled } from 'langium';
import { ResponseError } from 'vscode-languageserver';
import { parseHelper } from 'langium/test';
import { guard, guarded, setGuardLogger } from '../../server/features/guard.js';
import { Nas } from './services.js';

function captureLog(): { lines: string[]; restore: () => void } {
    const lines: string[] = [];
    const previous = setGuardLogger((line) => lines.push(line));
    return { lines, restore: () => setGuardLogger(previous) };
}

class ThrowingProvider {
    calls = 0;
    getThings(): string[] {
        this.calls++;
        throw new Error('boom');
    }
    async getLater(): Promise<string[]> {
        this.calls++;
        throw new TypeError('async boom');
    }
    ok(): number {
        return this.helper() + 1;
    }
    private helper(): number {
        return 41;
    }
}

describe('guard', () => {
    test('a throwing provider returns its empty result and logs the error', async () => {
        const log = captureLog();
        try {
            const provider = guarded('things', new ThrowingProvider(), { getThings: () => [], getLater: () => ['fallback'] });
            assert.deepEqual(provider.getThings(), []);
            assert.deepEqual(await provider.getLater(), ['fallback']);
            assert.equal(provider.ok(), 42);
            assert.equal(provider.calls, 2);
            assert.equal(log.lines.length, 2);
            assert.match(log.lines[0], /things\.getThings failed: Error: boom/);
            assert.match(log.lines[1], /things\.getLater failed: TypeError: async boom/);
        } finally {
            log.restore();
        }
    });

    test('without a fallback the result is undefined', () => {
        const log = captureLog();
        try {
            assert.equal(guard('x', () => { throw new Error('no'); }, () => undefined), undefined);
            assert.equal(log.lines.length, 1);
        } finally {
            log.restore();
        }
    });

    test('cancellation and ResponseError pass through', async () => {
        assert.throws(() => guard('c', () => { throw OperationCancelled; }, () => undefined), (e) => e === OperationCancelled);
        const rejected = guard<Promise<undefined>>('r', async () => { throw new ResponseError(1, 'bad name'); }, () => undefined);
        await assert.rejects(rejected, /bad name/);
    });

    test('the registered providers survive a bug: a hover that throws answers undefined', async () => {
        const log = captureLog();
        const hover = Nas.lsp.HoverProvider!;
        try {
            const document = await parseHelper(Nas)('space S { x choice [1, 2] }');
            // Corrupt the AST the way a half-finished edit or a bug could: the provider must not take the server down.
            Object.defineProperty(document.parseResult.value, '$cstNode', { get() { throw new Error('corrupt CST'); } });
            const result = await hover.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: { line: 0, character: 7 } });
            assert.equal(result, undefined);
            assert.ok(log.lines.some((line) => line.includes('hover.getHoverContent failed')), log.lines.join('\n'));
        } finally {
            log.restore();
        }
    });
});
