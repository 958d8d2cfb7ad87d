/**
 * Process-level safety net of the language server. A throw that escapes every provider (a bug in a timer,
 * an unawaited promise in a listener) would otherwise kill the process, and the editor would lose every
 * feature until a restart. Here it is logged to the client's output channel and the server keeps serving.
 */
import type { Connection } from 'vscode-languageserver';
import { ServerStatusNotification } from '../protocol/lsp.js';

/** The part of the connection the guards use (tests pass a fake). */
export type GuardConnection = Pick<Connection, 'console' | 'sendNotification'>;

function describe(error: unknown): string {
    return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

/** Logs through the connection; falls back to stderr when the connection itself is what broke. */
export function makeLogger(connection: GuardConnection): (message: string) => void {
    return (message) => {
        try {
            connection.console.error(message);
        } catch {
            try {
                process.stderr.write(`${message}\n`);
            } catch {
                // Nowhere left to write: drop the message rather than throw from an error handler.
            }
        }
    };
}

/** The handler for an exception nobody caught: log it, tell the client, never throw. */
export function crashReporter(connection: GuardConnection): (kind: string, error: unknown) => void {
    const log = makeLogger(connection);
    return (kind, error) => {
        log(`[lissnas] ${kind} (server keeps running): ${describe(error)}`);
        try {
            const message = `${kind}: ${error instanceof Error ? error.message : String(error)}`;
            void Promise.resolve(connection.sendNotification(ServerStatusNotification, { health: 'error', message })).catch(() => undefined);
        } catch {
            // The notification is a courtesy; the log line above is what matters.
        }
    };
}

/**
 * Installs `uncaughtException`/`unhandledRejection` handlers that log and keep the process alive
 * (a listener on either event replaces Node's default of exiting). Returns a function removing them.
 */
export function installCrashGuards(connection: GuardConnection): () => void {
    const report = crashReporter(connection);
    const onException = (error: Error) => report('uncaught exception', error);
    const onRejection = (reason: unknown) => report('unhandled rejection', reason);
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
    return () => {
        process.off('uncaughtException', onException);
        process.off('unhandledRejection', onRejection);
    };
}
