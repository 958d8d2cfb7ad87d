/**
 * The validation registry runs synchronous checks without promises (dsl/validation/sync-registry.ts). What
 * Langium's own wrapper guaranteed must still hold: a check that throws, or whose promise rejects, becomes
 * one located error on its node and the other checks still run; an async check is awaited (its diagnostic
 * arrives); a cancelled validation stops with Langium's cancellation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cancellation, EmptyFileSystem, isOperationCancelled, type ValidationAcceptor } from 'langium';
import { parseHelper } from 'langium/test';
import { createNasServices } from '../../dsl/nas-module.js';
import type * as ast from '../../dsl/generated/ast.js';

test('throwing, rejecting and async checks: located errors, awaited results, the other checks run', async () => {
    const { Nas } = createNasServices(EmptyFileSystem);
    const registry = Nas.validation.ValidationRegistry;
    const original = console.error;
    console.error = () => undefined; // Langium's wrapper logs the exception; so does ours.
    try {
        const seen: string[] = [];
        registry.register({
            Space: [
                (space: ast.Space) => {
                    if (space.name === 'Boom') throw new Error('sync boom');
                },
                async (space: ast.Space) => {
                    await new Promise((done) => setTimeout(done, 5));
                    if (space.name === 'Later') throw new Error('async boom');
                },
                async (space: ast.Space, accept: ValidationAcceptor) => {
                    await new Promise((done) => setTimeout(done, 5));
                    accept('warning', `late check of ${space.name}`, { node: space, property: 'name' });
                },
                (space: ast.Space) => void seen.push(space.name),
            ],
        } as never);
        const document = await parseHelper<ast.Model>(Nas)('space Boom { x choice [1] }\nspace Later { y choice [2] }\n', { validation: true });
        const messages = document.diagnostics!.map((d) => `${d.range.start.line}: ${d.message}`);
        assert.ok(messages.includes('0: An error occurred during validation: sync boom'), messages.join('\n'));
        assert.ok(messages.includes('1: An error occurred during validation: async boom'), messages.join('\n'));
        assert.ok(messages.includes('0: late check of Boom') && messages.includes('1: late check of Later'), messages.join('\n'));
        assert.deepEqual(seen, ['Boom', 'Later']);
    } finally {
        console.error = original;
    }
});

test('a cancelled validation ends with the cancellation, not a diagnostic', async () => {
    const { Nas } = createNasServices(EmptyFileSystem);
    const document = await parseHelper<ast.Model>(Nas)('space A { x choice [1] }\n');
    const source = new Cancellation.CancellationTokenSource();
    source.cancel();
    await assert.rejects(Nas.validation.DocumentValidator.validateDocument(document, {}, source.token), (error: unknown) => isOperationCancelled(error));
});
