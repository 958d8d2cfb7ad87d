/**
 * The server's process-level guards: an exception or rejection nobody catches is logged to the client
 * and reported with `lissnas/serverStatus`, and the process keeps running.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { crashReporter, type GuardConnection } from '../../server/crash-guard.js';

function fakeConnection(options: { brokenConsole?: boolean } = {}) {
    const logged: string[] = [];
    const notified: Array<{ method: string; params: unknown }> = [];
    const connection = {
        console: {
            error: (message: string) => {
                if (options.brokenConsole) throw new Error('connection closed');
                logged.push(message);
            },
        },
        sendNotification: (type: { method: string }, params: unknown) => {
            notified.push({ method: type.method, params });
            return Promise.resolve();
        },
    } as unknown as GuardConnection;
    return { connection, logged, notified };
}

test('an uncaught error is logged with its stack and reported to the client', () => {
    const { connection, logged, notified } = fakeConnection();
    crashReporter(connection)('uncaught exception', new TypeError('boom'));
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^\[lissnas\] uncaught exception \(server keeps running\): TypeError: boom\n\s+at /);
    assert.deepEqual(notified, [{ method: 'lissnas/serverStatus', params: { health: 'error', message: 'uncaught exception: boom' } }]);
});

test('a rejection with a non-Error reason is reported too', () => {
    const { connection, logged, notified } = fakeConnection();
    crashReporter(connection)('unhandled rejection', 'just a string');
    assert.deepEqual(logged, ['[lissnas] unhandled rejection (server keeps running): just a string']);
    assert.equal((notified[0].params as { message: string }).message, 'unhandled rejection: just a string');
});

test('a broken connection does not make the handler throw; the message falls back to stderr', () => {
    const { connection } = fakeConnection({ brokenConsole: true });
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
        assert.doesNotThrow(() => crashReporter(connection)('uncaught exception', new Error('x')));
    } finally {
        process.stderr.write = original;
    }
    assert.equal(written.length, 1);
    assert.match(written[0], /^\[lissnas\] uncaught exception \(server keeps running\): Error: x/);
});

test('with the guards installed, a process survives a throw in a timer and a rejected promise', () => {
    // A separate process: the test runner has its own uncaughtException handling.
    const script = `
        import { installCrashGuards } from './server/crash-guard.ts';
        const logged = [];
        installCrashGuards({ console: { error: (m) => logged.push(m) }, sendNotification: () => Promise.resolve() });
        setTimeout(() => { throw new Error('timer bug'); }, 0);
        Promise.reject(new Error('listener bug'));
        setTimeout(() => { console.log(JSON.stringify(logged.map((l) => l.split('\\n')[0]))); }, 50);
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout.trim()).sort(), [
        '[lissnas] uncaught exception (server keeps running): Error: timer bug',
        '[lissnas] unhandled rejection (server keeps running): Error: listener bug',
    ]);
});
