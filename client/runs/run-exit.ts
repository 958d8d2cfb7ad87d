/**
 * What a run's exit means (cli/exit-codes.ts is the CLI's side): 0 finished; 130 (SIGINT) and 143 (SIGTERM)
 * interrupted, the CLI having kept every finished evaluation; killed by a signal (SIGKILL after the grace period,
 * a crash of the machine's OOM killer) also interrupted, since the journal is written line by line and `resume`
 * continues it; 1, 2, 3 and anything else failed.
 */
import type { RunState } from './run-feed.js';

export const INTERRUPTED_CODES: readonly number[] = [130, 143];

export function stateOfExit(code: number | null, signal: string | null): Extract<RunState, 'finished' | 'interrupted' | 'failed'> {
    if (code === 0) return 'finished';
    if (code !== null && INTERRUPTED_CODES.includes(code)) return 'interrupted';
    if (code === null && signal !== null) return 'interrupted';
    return 'failed';
}

/**
 * Why a run failed, for the notification and the Runs view: the last `error` event (the CLI's own sentence), else
 * the last line it wrote to stderr, else the exit code.
 */
export function failureMessage(errorEvent: string | undefined, lastStderrLine: string | undefined, code: number | null, signal: string | null): string {
    if (errorEvent) return errorEvent;
    if (lastStderrLine) return lastStderrLine.replace(/^lissnas( \w+)?: /, '');
    return signal ? `killed by ${signal}` : `exited with code ${code}`;
}
