import type { FlagDef, ParsedArgs } from './args.js';
import type { CliIo } from './io.js';

export interface Command {
    name: string;
    /** One line for `lissnas --help`. */
    summary: string;
    /** `lissnas shrink <file> --policy NAME [--out DIR] [--json]` */
    usage: string;
    /** Paragraphs of help text after the usage line. */
    description: string;
    flags: FlagDef[];
    /** [min, max] positional arguments (max Infinity for lists). */
    positionals: [number, number];
    examples: string[];
    /** Returns the exit code. */
    run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export const JSON_FLAG: FlagDef = { name: 'json', type: 'boolean', description: 'machine-readable output: one JSON object per line on stdout' };

export function commandHelp(c: Command): string {
    const lines = [`usage: ${c.usage}`, '', c.description, ''];
    if (c.flags.length > 0) {
        lines.push('options:');
        const width = Math.max(...c.flags.map((f) => flagLabel(f).length), 10);
        for (const f of c.flags) lines.push(`  ${flagLabel(f).padEnd(width)}  ${f.description}`);
        lines.push(`  ${'--help'.padEnd(width)}  show this help`);
        lines.push('');
    }
    if (c.examples.length > 0) {
        lines.push('examples:');
        for (const e of c.examples) lines.push(`  ${e}`);
        lines.push('');
    }
    return lines.join('\n');
}

function flagLabel(f: FlagDef): string {
    return f.type === 'boolean' ? `--${f.name}` : `--${f.name} ${f.valueName ?? 'VALUE'}`;
}
