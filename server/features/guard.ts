/**
 * Keeps the language server alive on bad input: every provider this server registers is wrapped so that an
 * exception (a bug, an unexpected half-parsed AST) is logged and an empty result goes back to the editor,
 * instead of an error response or, worse, a crashed process. Two kinds of throw pass through on purpose:
 * cancellation (Langium uses it to abandon stale requests; swallowing it would show outdated results) and
 * `ResponseError`, which a provider throws to tell the user something (rename: "not a valid name").
 */
import { isOperationCancelled } from 'langium';
import { ResponseError } from 'vscode-languageserver';

function intentional(error: unknown): boolean {
    return isOperationCancelled(error) || error instanceof ResponseError;
}

export type GuardLogger = (message: string) => void;

let logger: GuardLogger = (message) => console.error(message);

/** Replaces the logger (the server main routes it to the connection's console; tests capture it). */
export function setGuardLogger(next: GuardLogger): GuardLogger {
    const previous = logger;
    logger = next;
    return previous;
}

function report(label: string, error: unknown): void {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try {
        logger(`[nas] ${label} failed: ${detail}`);
    } catch {
        // A broken logger must not take the server down either.
    }
}

/** Runs `fn`; on a thrown error or a rejected promise logs it and returns `fallback()` instead. */
export function guard<T>(label: string, fn: () => T, fallback: () => Awaited<T>): T {
    try {
        const result = fn();
        if (result instanceof Promise) {
            return result.catch((error: unknown) => {
                if (intentional(error)) throw error;
                report(label, error);
                return fallback();
            }) as T;
        }
        return result;
    } catch (error) {
        if (intentional(error)) throw error;
        report(label, error);
        return fallback() as T;
    }
}

/**
 * Wraps every method of `provider` in `guard`. `fallbacks` gives the empty result per method name
 * (default: undefined, which every LSP request accepts as "nothing here"). Methods run with the real
 * object as `this`, so internal calls are not double-wrapped; non-function properties pass through.
 */
export function guarded<T extends object>(
    label: string,
    provider: T,
    fallbacks: Partial<Record<string, () => unknown>> = {},
): T {
    return new Proxy(provider, {
        get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
            const fallback = fallbacks[property] ?? (() => undefined);
            return (...args: unknown[]) =>
                guard(`${label}.${property}`, () => (value as (...a: unknown[]) => unknown).apply(target, args), fallback as () => never);
        },
    });
}
