import { UsageError } from '../args.js';
import { JSON_FLAG, type Command } from '../command.js';
import { BACKEND_FLAG, DATASET_FLAG, OUT_FLAG, runOne, SEED_FLAG } from './shrink.js';

export const searchCommand: Command = {
    name: 'search',
    summary: 'run a search (random, evolution, local) in a full or shrunk space',
    usage: 'lissnas search <file> --search NAME [--budget N] [--start ARCH] [--out DIR] [--seed N] [--dataset D] [--backend B] [--json]',
    description:
        'Runs `search NAME` of the file. When its target is a policy, the policy runs first and its queries count\n' +
        'against the same total budget (a search inside a shrunk space gets what the shrinkage left), so searches\n' +
        'in full and shrunk spaces compare at equal cost. --budget overrides the `budget` setting. A total the\n' +
        'policy may overrun (its bound, e.g. max_iterations x sample) is refused before anything runs. The summary\n' +
        'and result.json say why each part stopped (budget spent, space exhausted, plateau, ...).\n' +
        '--start ARCH (written as the space formats it, e.g. an NB201 cell `|op~0|+|op~0|op~1|+|...|`) is evaluated\n' +
        'first: local search climbs from it, evolution puts it in its initial population, random search evaluates it\n' +
        'before its first sample. It must be a member of the searched space (of the shrunk space for a search inside a\n' +
        'policy, checked once the policy has run); run.json and result.json record it, so resume starts there too.',
    flags: [
        { name: 'search', type: 'string', valueName: 'NAME', description: 'the search to run (required)' },
        { name: 'budget', type: 'count', valueName: 'N', description: 'total query budget, shrinkage included (a count like the `budget` setting: >= 1, K/M/G allowed)' },
        { name: 'start', type: 'string', valueName: 'ARCH', description: 'evaluate this architecture first (local search climbs from it); a member of the searched space' },
        OUT_FLAG,
        SEED_FLAG,
        DATASET_FLAG,
        BACKEND_FLAG,
        JSON_FLAG,
    ],
    positionals: [1, 1],
    examples: [
        'lissnas search examples/nb201.nas --search REA --budget 300 --out runs/rea',
        'lissnas search examples/nb201.nas --search RS --json',
        "lissnas search examples/nb201.nas --search REA_full --start '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'",
    ],
    async run(args, io) {
        const search = args.flags.search as string | undefined;
        if (!search) throw new UsageError('missing --search NAME', 'search');
        return runOne('search', search, args, io, ['search', ...process.argv.slice(3)]);
    },
};
