/**
 * Langium's build loops (linking, local symbols, reference descriptions, validation) await
 * `interruptAndCheck` once per AST node when the build can be cancelled, which it always can in the
 * language server: tens of thousands of awaited promises per keystroke on a 5,000-line file, although
 * `interruptAndCheck` yields to the event loop only every 10 ms. `interrupter(token)` gives the same
 * behaviour without a promise per node: it throws Langium's cancellation as soon as the token is
 * cancelled, and returns a promise to await (which yields) only when 10 ms have passed since the last yield.
 */
import { Cancellation, interruptAndCheck, OperationCancelled } from 'langium';

const PERIOD_MS = 10;

export type Interrupt = () => Promise<void> | undefined;

export function interrupter(token: Cancellation.CancellationToken): Interrupt {
    if (token === Cancellation.CancellationToken.None) return () => undefined;
    let last = performance.now();
    return () => {
        if (token.isCancellationRequested) throw OperationCancelled;
        const now = performance.now();
        if (now - last < PERIOD_MS) return undefined;
        last = now;
        return interruptAndCheck(token).then(() => void (last = performance.now()));
    };
}
