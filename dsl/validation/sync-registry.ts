/**
 * Langium's validation registry, with checks that stay synchronous when they are. The stock registry wraps
 * every check in two async functions (to turn an exception into a diagnostic), so each of the ~100,000
 * (node, check) calls of a 5,000-line document allocated promises and took a microtask turn: a large
 * share of validation time and garbage per keystroke. Here a check that returns no promise is run and
 * caught synchronously, with the same diagnostic for an exception as Langium's; a check that returns a
 * promise is awaited and caught the same way. Cancellation passes through, as in Langium.
 */
import { isOperationCancelled, ValidationRegistry, type AstNode, type ValidationAcceptor, type ValidationCheck } from 'langium';

const CONTEXT = 'An error occurred during validation';

function reportError(err: unknown, accept: ValidationAcceptor, node: AstNode): void {
    if (isOperationCancelled(err)) throw err;
    console.error(`${CONTEXT}:`, err);
    if (err instanceof Error && err.stack) console.error(err.stack);
    const details = err instanceof Error ? err.message : String(err);
    accept('error', `${CONTEXT}: ${details}`, { node });
}

export class NasValidationRegistry extends ValidationRegistry {
    // The base class declares the wrapper as returning a promise; ours returns one only for async checks.
    protected override wrapValidationException(check: ValidationCheck, thisObj: unknown): ValidationCheck {
        return ((node, accept, cancelToken) => {
            let result: unknown;
            try {
                result = check.call(thisObj, node, accept, cancelToken);
            } catch (err) {
                reportError(err, accept, node);
                return undefined;
            }
            if (result instanceof Promise) return result.catch((err: unknown) => reportError(err, accept, node));
            return undefined;
        }) as ValidationCheck;
    }
}
