/**
 * Starts the real language server as a child process speaking LSP over stdio, the way Neovim or Helix
 * would. Uses the bundle (`bin/lissnas-language-server.cjs`) when it is at least as new as every source
 * file, so that a stale `out/` never hides a change; otherwise runs the TypeScript entry through tsx, so
 * the tests need no build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { ExitNotification, InitializedNotification, InitializeRequest, ShutdownRequest } from 'vscode-languageserver-protocol';

const BUNDLE = 'out/server/main.cjs';
const SOURCE_DIRS = ['server', 'dsl', 'engine', 'protocol'];

function newestSource(dir: string): number {
    let newest = 0;
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const stat = statSync(path);
        if (stat.isDirectory()) newest = Math.max(newest, newestSource(path));
        else if (name.endsWith('.ts')) newest = Math.max(newest, stat.mtimeMs);
    }
    return newest;
}

/** The command that starts the server, and why that one. */
export function serverCommand(): { args: string[]; kind: 'bundle' | 'tsx' } {
    const forced = process.env.LISSNAS_SERVER;
    const bundleFresh = existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= Math.max(...SOURCE_DIRS.filter(existsSync).map(newestSource));
    if (forced === 'bundle' || (forced !== 'tsx' && bundleFresh)) {
        return { args: ['bin/lissnas-language-server.cjs', '--stdio'], kind: 'bundle' };
    }
    return { args: ['--import', 'tsx', 'server/main.ts', '--stdio'], kind: 'tsx' };
}

export interface ServerProcess {
    child: ChildProcess;
    connection: MessageConnection;
    kind: 'bundle' | 'tsx';
    /** Everything the server wrote to stderr (it must not write LSP traffic there, but logs may land). */
    stderr: () => string;
    /** Resolves with the exit code once the process has exited. */
    exited: Promise<number | null>;
    /** Rejects (with the server's stderr) if the process exits: race it against a request to fail fast. */
    died: Promise<never>;
}

/** `env`: variables added to this process's environment (e.g. the size worker's bounds, LISSNAS_SIZE_*). */
export function startServer(env: Record<string, string> = {}): ServerProcess {
    const { args, kind } = serverCommand();
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const died = exited.then((code): never => {
        throw new Error(`the server (${kind}) exited with code ${code}; stderr:\n${stderr.slice(-4000)}`);
    });
    died.catch(() => undefined); // Only a failure for whoever races it.
    return { child, connection, kind, stderr: () => stderr, exited, died };
}

/** Rejects after `ms` so that a silent server fails the test instead of hanging it. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout>;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Hovers until the text no longer says the size is being computed (a hover waits at most 750 ms for a size job;
 * the job goes on and a later hover reads it), as a user hovering again would. Liveness, not timing: bounded by `ms`.
 */
export async function hoverUntilSized(ms: number, hover: () => Promise<string>): Promise<string> {
    const deadline = Date.now() + ms;
    let text = await hover();
    while (/size being computed/.test(text) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        text = await hover();
    }
    return text;
}

/** A server past `initialize` and `initialized`, with no workspace folder and no client capabilities. */
export async function startInitialized(timeoutMs: number, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = startServer(env);
    await within(timeoutMs, 'initialize', server.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null }));
    await server.connection.sendNotification(InitializedNotification.type, {});
    return server;
}

/** `shutdown` and `exit`, as an editor closes the server; killed when it has not exited 10 s later. */
export async function shutdownServer(server: ServerProcess): Promise<void> {
    await server.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await server.connection.sendNotification(ExitNotification.type);
    await within(10_000, 'exit', server.exited).catch(() => server.child.kill());
    server.connection.dispose();
}
