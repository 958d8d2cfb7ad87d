import type { CliIo } from './io.js';

/**
 * Ctrl-C (SIGINT) and `kill` (SIGTERM) for the commands that write one run directory (shrink, search, resume).
 *
 * The first signal aborts the run through `signal`: evaluations in flight are stopped (a command evaluator sends
 * its processes SIGTERM, then SIGKILL after a grace period, and waits for them, so no process is left behind),
 * every evaluation that finished is already in the journal, the run lock is released, and the command prints
 * `interrupted; continue with: lissnas resume DIR` and exits 130 (SIGINT) or 143 (SIGTERM), the shell's codes
 * for those signals. A second signal while the run is stopping exits at once with the same message: nothing
 * finished is lost (the journal is written line by line), but evaluator processes may be left to finish alone.
 */

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** An AbortError whose message names the signal (what `throwIfAborted` rethrows). */
function interruptError(signal: HandledSignal): Error {
    const error = new Error(`interrupted by ${signal}`);
    error.name = 'AbortError';
    return error;
}

/**
 * Runs `body` with an AbortSignal that SIGINT/SIGTERM abort. Returns what `body` returns, or, when a signal
 * interrupted it, prints how to continue and returns the exit code (130 or 143).
 */
export async function interruptible<T>(dir: string, io: CliIo, body: (signal: AbortSignal) => Promise<T>): Promise<T | number> {
    const controller = new AbortController();
    let received: HandledSignal | undefined;
    const message = (): string => `\ninterrupted; continue with: lissnas resume ${dir}\n`;
    const handlers = (Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]).map((name) => {
        const handler = (): void => {
            if (received !== undefined) {
                io.stderr.write(message());
                process.exit(SIGNAL_EXIT_CODES[name]);
            }
            received = name;
            controller.abort(interruptError(name));
        };
        process.on(name, handler);
        return { name, handler };
    });
    try {
        return await body(controller.signal);
    } catch (error) {
        if (received === undefined) throw error;
        io.stderr.write(message());
        return SIGNAL_EXIT_CODES[received];
    } finally {
        for (const { name, handler } of handlers) process.removeListener(name, handler);
    }
}

/**
 * For studies and the demo: every finished cell is already in cells.jsonl (written at once), and a cell's work is
 * in-process (table evaluators), so SIGINT/SIGTERM say how to continue and exit 130 / 143 at once. Returns the
 * function that removes the handlers once the command is done.
 */
export function exitOnInterrupt(dir: string, io: CliIo): () => void {
    const handler = (signal: NodeJS.Signals): void => {
        io.stderr.write(`\ninterrupted; continue with: lissnas resume ${dir}\n`);
        process.exit(SIGNAL_EXIT_CODES[signal as HandledSignal] ?? 130);
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
        process.removeListener('SIGINT', handler);
        process.removeListener('SIGTERM', handler);
    };
}
