/**
 * Starts the bundled CLI (`out/cli/main.cjs`) in a child process with VS Code's own runtime: `fork` runs
 * `process.execPath` as Node (also inside Electron), so users need no Node installation, and no shell is
 * involved (arguments are passed as an array, never parsed by a shell). Every run, and every helper command
 * such as `lissnas map`, goes through here.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface CliOptions {
    /** Absolute path of out/cli/main.cjs (`extension.asAbsolutePath('out/cli/main.cjs')`). */
    cliPath: string;
    cwd: string;
    /** Added to the extension host's environment. */
    env?: Record<string, string>;
    /** Node flags for the child (e.g. `--enable-source-maps`). */
    execArgv?: string[];
}

/** Spawns `lissnas <args>` with stdout and stderr piped (stdin ignored) and an IPC channel fork requires. */
export function spawnCli(args: readonly string[], options: CliOptions): ChildProcess {
    return fork(options.cliPath, [...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        execArgv: options.execArgv ?? [],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
}

/** Runs a short CLI command to its end and returns its exit code, stdout and stderr (for `map`, `check`). */
export function runCli(args: readonly string[], options: CliOptions & { signal?: AbortSignal }): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const child = spawnCli(args, options);
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
        const abort = () => child.kill('SIGTERM');
        options.signal?.addEventListener('abort', abort, { once: true });
        child.once('error', reject);
        child.once('close', (code) => {
            options.signal?.removeEventListener('abort', abort);
            resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
        });
    });
}
