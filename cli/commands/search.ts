import { UsageError } from '../args.js';
import { JSON_FLAG, type Command } from '../command.js';
import { BACKEND_FLAG, DATASET_FLAG, OUT_FLAG, runOne, SEED_FLAG } from './shrink.js';

export const searchCommand: Command = {
    name: 'search',
    summary: 'run a search (random, evolution, local) in a full or shrunk space',
    usage: 'lissnas search <file> --search NAME [--budget N] [--out DIR] [--seed N] [--dataset D] [--backend B] [--json]',
    description:
        'Runs `search NAME` of the file. When its target is a policy, the policy runs first and its queries count\n' +
        'against the same total budget (a search inside a shrunk space gets what the shrinkage left), so searches\n' +
        'in full and shrunk spaces compare at equal cost. --budget overrides the `budget` setting. A total the\n' +
        'policy may overrun (its bound, e.g. max_iterations x sample) is refused before anything runs. The summary\n' +
        'and result.json say why each part stopped (budget spent, space exhausted, plateau, ...).',
    flags: [
        { name: 'search', type: 'string', valueName: 'NAME', description: 'the search to run (required)' },
        { name: 'budget', type: 'count', valueName: 'N', description: 'total query budget, shrinkage included (a count like the `budget` setting: >= 1, K/M/G allowed)' },
        OUT_FLAG,
        SEED_FLAG,
        DATASET_FLAG,
        BACKEND_FLAG,
        JSON_FLAG,
    ],
    positionals: [1, 1],
    examples: ['lissnas search examples/nb201.nas --search REA --budget 300 --out runs/rea', 'lissnas search examples/nb201.nas --search RS --json'],
    async run(args, io) {
        const search = args.flags.search as string | undefined;
        if (!search) throw new UsageError('missing --search NAME', 'search');
        return runOne('search', search, args, io, ['search', ...process.argv.slice(3)]);
    },
};
