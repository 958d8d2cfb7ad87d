import { resolve } from 'node:path';
import { isDataset, DATASET_PREFIXES } from '../../engine/run/datasets.js';
import { runStudy, transferProblem } from '../../engine/run/study.js';
import { UsageError } from '../args.js';
import { JSON_FLAG, type Command } from '../command.js';
import { loadSpecOrExit } from '../load.js';
import { reporterFor, shortPath } from '../run-output.js';
import { exitOnInterrupt } from '../interrupt.js';
import { printStudy } from '../study-output.js';
import { requireNames } from '../names.js';
import { defaultOutputDir } from '../../engine/run/output-dir.js';
import { BACKEND_FLAG, backendOf } from './shrink.js';

export const studyCommand: Command = {
    name: 'study',
    summary: 'policies x seeds x datasets, then searches at equal total budgets; mean ± std tables',
    usage: 'lissnas study <file> --policies A,B,C [--searches X,Y] [--seeds N] [--datasets c10,c100,in16] [--budgets 100,200,500] [--transfer-from c10] [--out DIR] [--backend B] [--json]',
    description:
        'Runs every listed policy with seeds 0..N-1 on every dataset, measures each shrunk space against the full\n' +
        'benchmark, then runs every listed search in the full space and inside each shrunk space at the same TOTAL\n' +
        'budgets (the shrinkage queries count; a search inside a shrunk space reuses them for free). Aggregates\n' +
        'mean ± sample std over seeds; writes DIR/study.json, DIR/study.md and DIR/report.html. DIR must be new or\n' +
        'empty (never a run directory); the default is a fresh runs/study-<YYYYMMDD-HHMMSS>.\n' +
        '--datasets switches the table evaluators columns: c10_val_naslib -> c100_val_naslib, c10_test -> c100_test.\n' +
        'Without --budgets, each search uses its own `budget` setting.\n' +
        '--transfer-from D measures transfer: the policies shrink on dataset D only, then every search runs on each\n' +
        'of --datasets in the full space and inside each space shrunk on D (space `<policy>@D`) with the WHOLE budget:\n' +
        'the shrinkage is free on the target (its evaluations were on D and are not reused there).\n' +
        'Budgets are total COST: each evaluator costs its `query_cost` per query (default 1, so a budget is a number of\n' +
        'queries; proxy(params)/proxy(flops) default to 0.001). A search inside a shrunk space gets\n' +
        'floor((budget - shrinkage cost) / its cost) queries (docs/cheap-shrinking.md).\n' +
        'Every finished cell (a policy for one seed and dataset, a search at one budget) is journaled in\n' +
        'DIR/cells.jsonl at once: after Ctrl-C or a kill, `lissnas resume DIR` reuses them and computes the rest.',
    flags: [
        { name: 'policies', type: 'list', valueName: 'A,B', description: 'policies to compare (required)' },
        { name: 'searches', type: 'list', valueName: 'X,Y', description: 'searches to run in every space (default: none)' },
        { name: 'seeds', type: 'count', valueName: 'N', description: 'number of seeds, 0..N-1 (default 5)' },
        { name: 'datasets', type: 'list', valueName: 'D,..', description: `dataset prefixes (${DATASET_PREFIXES.join(', ')}; default: the file as written)` },
        { name: 'budgets', type: 'countList', valueName: 'B,..', description: 'total cost budgets (query_cost per query; 1 by default: queries), counts like `budget` (default: each search\'s `budget`)' },
        { name: 'transfer-from', type: 'string', valueName: 'D', description: 'shrink on dataset D only, search on --datasets inside those spaces with the whole budget' },
        { name: 'out', type: 'string', valueName: 'DIR', description: 'output directory, new or empty (default runs/study-<time>)' },
        BACKEND_FLAG,
        JSON_FLAG,
    ],
    positionals: [1, 1],
    examples: [
        'lissnas study examples/nb201.nas --policies Lissnas,ABS,Random --searches REA,RS --seeds 5 --out runs/study',
        'lissnas study examples/nb201.nas --policies Lissnas,Random --seeds 30 --datasets c10,c100,in16 --searches RS --budgets 100,200,500',
        'lissnas study examples/study-nb201.nas --policies Lissnas --searches REA,RS --seeds 30 --transfer-from c10 --datasets c100,in16 --budgets 100,200,500',
    ],
    async run(args, io) {
        const policies = args.flags.policies as string[] | undefined;
        if (!policies) throw new UsageError('missing --policies A,B,C', 'study');
        const datasets = (args.flags.datasets as string[] | undefined) ?? [];
        for (const d of datasets) if (!isDataset(d)) throw new UsageError(`unknown dataset '${d}' (known: ${DATASET_PREFIXES.join(', ')})`, 'study');
        const transferFrom = args.flags['transfer-from'] as string | undefined;
        const transfer = transferProblem(transferFrom, datasets, (args.flags.searches as string[] | undefined) ?? []);
        if (transfer) throw new UsageError(transfer, 'study');
        const seeds = (args.flags.seeds as number | undefined) ?? 5;
        const budgets = (args.flags.budgets as number[] | undefined) ?? [];
        const json = Boolean(args.flags.json);
        const file = args.positionals[0];
        const doc = await loadSpecOrExit(file, io, json);
        const searches = (args.flags.searches as string[] | undefined) ?? [];
        requireNames(doc, 'policy', policies, 'study');
        requireNames(doc, 'search', searches, 'study');
        const out = (args.flags.out as string | undefined) ?? resolve(io.cwd, defaultOutputDir('study', io.cwd));
        const reporter = reporterFor(json, io);
        const stop = exitOnInterrupt(shortPath(out, io.cwd), io);
        const { result, files } = await runStudy({
            doc,
            file,
            policies,
            searches,
            seeds,
            datasets,
            budgets,
            transferFrom,
            out,
            reporter,
            backend: backendOf(args, 'study'),
        }).finally(stop);
        reporter.close();
        if (json) reporter.emit({ event: 'done', files, evaluated: 0, reused: 0 });
        else {
            printStudy(result, io);
            io.stdout.write(`\nwrote ${files.map((f) => shortPath(f, io.cwd)).join(', ')}\n`);
        }
        return 0;
    },
};
