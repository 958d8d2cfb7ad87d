import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultOutputDir } from '../../engine/run/output-dir.js';
import { packageRoot } from '../../engine/run/run-dir.js';
import { runStudy } from '../../engine/run/study.js';
import { JSON_FLAG, type Command } from '../command.js';
import { FileSystemError } from '../exit-codes.js';
import { loadSpecOrExit } from '../load.js';
import { reporterFor, shortPath } from '../run-output.js';
import { exitOnInterrupt } from '../interrupt.js';
import { printStudy } from '../study-output.js';

export const DEMO_POLICIES = ['Lissnas', 'ABS', 'Random'];
export const DEMO_SEARCHES = ['REA', 'RS'];
export const DEMO_HEADER = 'LISSNAS on NAS-Bench-201 (CIFAR-10): search on validation accuracy, report test accuracy.\n\n';

export const demoCommand: Command = {
    name: 'demo',
    summary: 'LISSNAS vs baselines on the real NAS-Bench-201 table, in seconds (no GPU, no network)',
    usage: 'lissnas demo [--seeds N] [--out DIR] [--json]',
    description:
        'Runs examples/nb201.nas: LISSNAS, op pruning (ABS) and a random shrink of the same size on NB201\n' +
        '(CIFAR-10 table), then REA and random search in the full space and inside each shrunk space at the\n' +
        'same total budget. Prints the comparison tables (mean ± std over seeds) and writes an HTML report.\n' +
        'The same as: lissnas study examples/nb201.nas --policies Lissnas,ABS,Random --searches REA,RS --seeds 3\n' +
        '(so an interrupted demo continues with `lissnas resume DIR`, like a study).',
    flags: [
        { name: 'seeds', type: 'count', valueName: 'N', description: 'number of seeds (default 3)' },
        { name: 'out', type: 'string', valueName: 'DIR', description: 'output directory, new or empty (default runs/demo-<time>, fresh each time)' },
        JSON_FLAG,
    ],
    positionals: [0, 0],
    examples: ['lissnas demo', 'lissnas demo --seeds 10 --out /tmp/demo'],
    async run(args, io) {
        const root = packageRoot();
        const file = root ? join(root.dir, 'examples', 'nb201.nas') : '';
        if (!root || !existsSync(file)) throw new FileSystemError(`cannot find examples/nb201.nas next to the lissnas installation${root ? ` (${root.dir})` : ''}; reinstall lissnas or run it from its clone`);
        const json = Boolean(args.flags.json);
        const doc = await loadSpecOrExit(file, io, json);
        const reporter = reporterFor(json, io);
        const started = Date.now();
        const out = (args.flags.out as string | undefined) ?? resolve(io.cwd, defaultOutputDir('demo', io.cwd));
        const stop = exitOnInterrupt(shortPath(out, io.cwd), io);
        const { result, files } = await runStudy({
            doc,
            file: shortPath(file, io.cwd),
            policies: DEMO_POLICIES,
            searches: DEMO_SEARCHES,
            seeds: (args.flags.seeds as number | undefined) ?? 3,
            datasets: [],
            budgets: [],
            out,
            reporter,
            command: 'demo',
        }).finally(stop);
        reporter.close();
        if (json) {
            reporter.emit({ event: 'done', files, evaluated: 0, reused: 0 });
            return 0;
        }
        io.stdout.write(DEMO_HEADER);
        printStudy(result, io);
        io.stdout.write(`\n${((Date.now() - started) / 1000).toFixed(1)} s; report: ${shortPath(files[2], io.cwd)}\n`);
        return 0;
    },
};
