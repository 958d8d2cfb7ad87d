import { sizeOfSpace } from '../../engine/size/index.js';
import type { SpaceSize } from '../../engine/size/types.js';
import { UsageError } from '../args.js';
import { JSON_FLAG, type Command } from '../command.js';
import { loadSpecOrExit } from '../load.js';
import { textTable } from '../text-table.js';

/** JSON form of a size: counts as exact digit strings (they overflow doubles), log10 as numbers. */
export interface SizeJson {
    space: string;
    raw: string;
    unique: string;
    log10Raw: number | null;
    log10Unique: number | null;
    /** The unique count is an exact count; never true for a continuous space (it has no count). */
    exact: boolean;
    /** A real-valued parameter is not quantized: the space is uncountable. */
    continuous?: true;
    interval?: [number, number];
    note?: string;
}

export function sizeJson(space: string, size: SpaceSize): SizeJson {
    const out: SizeJson = {
        space,
        raw: String(size.raw),
        unique: String(size.unique),
        log10Raw: Number.isFinite(size.log10Raw) ? size.log10Raw : null,
        log10Unique: Number.isFinite(size.log10Unique) ? size.log10Unique : null,
        exact: size.exact && size.raw !== 'continuous' && size.unique !== 'continuous',
    };
    if (size.raw === 'continuous' || size.unique === 'continuous') out.continuous = true;
    if (size.interval) out.interval = size.interval;
    if (size.note) out.note = size.note;
    return out;
}

export const sizeCommand: Command = {
    name: 'size',
    summary: 'count the architectures of every space: raw and unique (modulo isomorphism), exact or estimated',
    usage: 'lissnas size <file> [--space NAME] [--json]',
    description:
        'Prints, per space, the raw number of genotypes and the number of distinct networks (isomorphic cells\n' +
        'merged) as exact integers, their log10, and whether the unique count is exact or a sampling estimate\n' +
        '(with its 95% interval); a space with a continuous parameter is `continuous`, its size `uncountable`\n' +
        '(never "exact"). With --json: {"spaces": [{"space", "raw", "unique", "log10Raw", "log10Unique", "exact",\n' +
        '"continuous"?, "interval"?, "note"?}]}, counts as digit strings ("continuous" for a continuous space).',
    flags: [{ name: 'space', type: 'string', valueName: 'NAME', description: 'only this space' }, JSON_FLAG],
    positionals: [1, 1],
    examples: ['lissnas size examples/nb201.nas', 'lissnas size examples/tour.nas --space DARTS --json'],
    async run(args, io) {
        const doc = await loadSpecOrExit(args.positionals[0], io, Boolean(args.flags.json));
        const only = args.flags.space as string | undefined;
        const spaces = only === undefined ? doc.spaces : doc.spaces.filter((s) => s.name === only);
        if (only !== undefined && spaces.length === 0) {
            throw new UsageError(`no space named '${only}' (spaces: ${doc.spaces.map((s) => s.name).join(', ') || 'none'})`, 'size');
        }
        const sizes = spaces.map((s) => sizeJson(s.name, sizeOfSpace(s)));
        if (args.flags.json) {
            io.stdout.write(JSON.stringify({ spaces: sizes }) + '\n');
            return 0;
        }
        const log = (x: number | null): string => (x === null ? 'continuous' : x.toFixed(2));
        io.stdout.write(
            textTable(
                ['space', 'raw', 'unique', 'log10 raw', 'log10 unique', 'unique is'],
                sizes.map((s) => [
                    s.space,
                    s.raw,
                    s.unique,
                    log(s.log10Raw),
                    log(s.log10Unique),
                    s.continuous ? 'uncountable' : s.exact ? 'exact' : s.interval ? `estimate (95%: ${s.interval.map((x) => x.toPrecision(4)).join('..')})` : 'estimate',
                ]),
            ) + '\n',
        );
        for (const s of sizes) if (s.note) io.stdout.write(`  ${s.space}: ${s.note}\n`);
        return 0;
    },
};
