/**
 * A small, strict argument parser (no dependency): `--name value`, `--name=value`, boolean `--name`,
 * `--` ends flags. Unknown flags, missing values and malformed numbers are usage errors (exit code 2).
 */

import { parseCount } from '../engine/count.js';

/**
 * `int`: a whole number >= 0 (seeds); `count` / `countList`: counts as the language defines them (engine/count.ts:
 * whole, >= 1, K/M/G allowed), so `--budget 0` is refused like `budget 0` in a file.
 */
export type FlagType = 'boolean' | 'string' | 'int' | 'count' | 'list' | 'intList' | 'countList';

export interface FlagDef {
    name: string;
    type: FlagType;
    description: string;
    /** Shown in help: `--budget N`. */
    valueName?: string;
}

export interface ParsedArgs {
    positionals: string[];
    flags: Record<string, boolean | string | number | string[] | number[] | undefined>;
    help: boolean;
}

export class UsageError extends Error {
    constructor(message: string, readonly command?: string) {
        super(message);
        this.name = 'UsageError';
    }
}

export function parseArgs(argv: readonly string[], flags: readonly FlagDef[], command?: string): ParsedArgs {
    const byName = new Map(flags.map((f) => [f.name, f]));
    const out: ParsedArgs = { positionals: [], flags: {}, help: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === '--') {
            out.positionals.push(...argv.slice(i + 1));
            break;
        }
        if (arg === '-h' || arg === '--help') {
            out.help = true;
            continue;
        }
        if (!arg.startsWith('-') || arg === '-') {
            out.positionals.push(arg);
            continue;
        }
        if (!arg.startsWith('--')) throw new UsageError(`unknown option '${arg}' (options are spelled --name)`, command);
        const eq = arg.indexOf('=');
        const name = arg.slice(2, eq < 0 ? undefined : eq);
        const def = byName.get(name);
        if (!def) {
            const known = flags.map((f) => `--${f.name}`).join(', ');
            throw new UsageError(`unknown option '--${name}'${known ? ` (known: ${known}, --help)` : ' (this command takes no options but --help)'}`, command);
        }
        if (out.flags[name] !== undefined) throw new UsageError(`option '--${name}' given twice`, command);
        if (def.type === 'boolean') {
            if (eq >= 0) {
                const v = arg.slice(eq + 1);
                if (v !== 'true' && v !== 'false') throw new UsageError(`option '--${name}' takes no value (or =true/=false), got '${v}'`, command);
                out.flags[name] = v === 'true';
            } else {
                out.flags[name] = true;
            }
            continue;
        }
        let value: string;
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
            const next = argv[i + 1];
            if (next === undefined || (next.startsWith('--') && next.length > 2)) {
                throw new UsageError(`option '--${name}' needs a value (${def.valueName ?? def.type})`, command);
            }
            value = next;
            i++;
        }
        out.flags[name] = convert(name, def, value, command);
    }
    return out;
}

function convert(name: string, def: FlagDef, value: string, command?: string): string | number | string[] | number[] {
    switch (def.type) {
        case 'string':
            if (value === '') throw new UsageError(`option '--${name}' needs a non-empty value`, command);
            return value;
        case 'int':
            return toInt(name, value, command);
        case 'count':
            return toCount(name, value, command);
        case 'list':
        case 'intList':
        case 'countList': {
            const items = value.split(',').map((s) => s.trim());
            if (items.some((s) => s === '')) throw new UsageError(`option '--${name}' needs a comma-separated list without empty items, got '${value}'`, command);
            if (def.type === 'list') return items;
            return items.map((s) => (def.type === 'intList' ? toInt(name, s, command) : toCount(name, s, command)));
        }
        default:
            throw new Error(`unreachable flag type ${def.type}`);
    }
}

function toCount(name: string, value: string, command?: string): number {
    const n = parseCount(value, `--${name}`);
    if (typeof n === 'string') throw new UsageError(`option ${n}`, command);
    return n;
}

function toInt(name: string, value: string, command?: string): number {
    if (!/^\d+$/.test(value)) throw new UsageError(`option '--${name}' needs a non-negative integer, got '${value}'`, command);
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new UsageError(`option '--${name}' is too large: ${value}`, command);
    return n;
}
