import { commandHelp, type Command } from './command.js';
import { parseArgs, UsageError } from './args.js';
import { ExitError, type CliIo } from './io.js';
import { checkCommand } from './commands/check.js';
import { sizeCommand } from './commands/size.js';
import { shrinkCommand } from './commands/shrink.js';
import { searchCommand } from './commands/search.js';
import { resumeCommand } from './commands/resume.js';
import { reportCommand } from './commands/report.js';
import { studyCommand } from './commands/study.js';
import { demoCommand } from './commands/demo.js';
import { mapCommand } from './commands/map.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { engineVersion } from '../engine/run/run-dir.js';
import { OutputDirError } from '../engine/run/output-dir.js';
import { EXIT, EXIT_TABLE, fileSystemMessage } from './exit-codes.js';

export const COMMANDS: Command[] = [checkCommand, sizeCommand, shrinkCommand, searchCommand, resumeCommand, reportCommand, mapCommand, exportCommand, importCommand, studyCommand, demoCommand];

export function mainHelp(): string {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    return [
        'usage: lissnas <command> [arguments] [options]',
        '',
        'Search-space shrinkage for neural architecture search (LISSNAS and baselines) on .nas files.',
        '',
        'commands:',
        ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
        '',
        "`lissnas <command> --help` describes a command; `lissnas demo` shows everything in a few seconds.",
        'exit codes (every command; docs/cli.md):',
        ...EXIT_TABLE.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`),
        '',
    ].join('\n');
}

/**
 * Runs the CLI on `argv` (without node and the script) and returns the exit code; never calls process.exit,
 * so tests can run it in-process.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        (name === undefined ? io.stderr : io.stdout).write(mainHelp());
        return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
        io.stdout.write(`${engineVersion()}\n`);
        return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
        io.stderr.write(`lissnas: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')}; lissnas --help)\n`);
        return EXIT.usage;
    }
    const json = rest.includes('--json');
    try {
        const args = parseArgs(rest, command.flags, command.name);
        if (args.help) {
            io.stdout.write(commandHelp(command));
            return 0;
        }
        const [min, max] = command.positionals;
        if (args.positionals.length < min) throw new UsageError(`missing argument (usage: ${command.usage})`, command.name);
        if (args.positionals.length > max) throw new UsageError(`too many arguments: ${args.positionals.slice(max).join(' ')} (usage: ${command.usage})`, command.name);
        return await command.run(args, io);
    } catch (error) {
        if (error instanceof UsageError) {
            if (json) io.stdout.write(JSON.stringify({ event: 'error', message: error.message }) + '\n');
            io.stderr.write(`lissnas ${error.command ?? name}: ${error.message}\n`);
            return EXIT.usage;
        }
        // A file-system fault is exit 3 wherever it comes from, named with its path and the next step.
        const fsMessage = error instanceof Error && !(error instanceof ExitError) ? fileSystemMessage(error as NodeJS.ErrnoException) : undefined;
        const message = fsMessage ?? (error instanceof Error ? error.message : String(error));
        const code = error instanceof ExitError ? error.code : error instanceof OutputDirError || fsMessage !== undefined ? EXIT.fileSystem : EXIT.failed;
        if (json) io.stdout.write(JSON.stringify({ event: 'error', message }) + '\n');
        if (message) io.stderr.write(`lissnas ${name}: ${message}\n`);
        if (process.env.LISSNAS_DEBUG && error instanceof Error && error.stack) io.stderr.write(error.stack + '\n');
        return code;
    }
}
