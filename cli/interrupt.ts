import type { CliIo } from './io.js';

/**
 * Ctrl-C (SIGINT) and SIGTERM during a resumable command: what is finished is already on disk (journals are
 * written line by line as things finish), so say how to continue and exit 130 / 143 (128 + signal number, as a
 * shell reports a killed process). Returns the function that removes the handlers once the command is done.
 */
export function exitOnInterrupt(dir: string, io: CliIo): () => void {
    const handler = (signal: NodeJS.Signals): void => {
        io.stderr.write(`\ninterrupted; continue with: lissnas resume ${dir}\n`);
        process.exit(signal === 'SIGTERM' ? 143 : 130);
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
        process.removeListener('SIGINT', handler);
        process.removeListener('SIGTERM', handler);
    };
}
