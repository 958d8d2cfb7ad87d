// The CLI run in this process (`runCli`), with its output captured: what each CLI test calls `run`.
import { runCli } from '../../cli/cli.js';
import type { CliIo } from '../../cli/io.js';

export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, cwd: process.cwd() };
    const code = await runCli(argv, io);
    return { code, out, err };
}
