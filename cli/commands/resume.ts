import { resumeRun } from '../../engine/run/execute.js';
import { isStudyDir, resumeStudy } from '../../engine/run/study.js';
import { JSON_FLAG, type Command } from '../command.js';
import type { CliIo } from '../io.js';
import { exitOnInterrupt, interruptible } from '../interrupt.js';
import { requireRunOrStudyDir } from '../paths.js';
import { printOutcome, reporterFor, shortPath } from '../run-output.js';
import { printStudy } from '../study-output.js';
import { DEMO_HEADER } from './demo.js';

export const resumeCommand: Command = {
    name: 'resume',
    summary: 'continue an interrupted run or study from its journal (or redo a finished one for free)',
    usage: 'lissnas resume <dir> [--json]',
    description:
        'A run directory (run.json): re-executes the run from its run.json snapshot (not the .nas file, which may\n' +
        'have changed), with every evaluation in journal.jsonl answered from the journal: the evaluator is only\n' +
        'called for the rest, and the result is exactly the one an uninterrupted run gives (docs/runs.md).\n' +
        'A study or demo directory (study-run.json): every cell in cells.jsonl is reused, the others are computed;\n' +
        'study.json is the one an uninterrupted study writes.\n' +
        'A run another live process is running is refused (run.lock names its pid); Ctrl-C / SIGTERM keeps what\n' +
        'finished and exits 130 / 143.',
    flags: [JSON_FLAG],
    positionals: [1, 1],
    examples: ['lissnas resume runs/lissnas', 'lissnas resume runs/study'],
    async run(args, io) {
        const json = Boolean(args.flags.json);
        const dir = args.positionals[0];
        requireRunOrStudyDir(dir, 'resume');
        if (isStudyDir(dir)) return resumeStudyDir(dir, json, io);
        const outcome = await interruptible(dir, io, (signal) => resumeRun(dir, reporterFor(json, io), { evaluationEvents: json, signal }));
        if (typeof outcome === 'number') return outcome;
        if (!json) printOutcome(outcome, io);
        return 0;
    },
};

async function resumeStudyDir(dir: string, json: boolean, io: CliIo): Promise<number> {
    const reporter = reporterFor(json, io);
    const stop = exitOnInterrupt(dir, io);
    const outcome = await resumeStudy(dir, reporter).finally(stop);
    reporter.close();
    if (json) {
        reporter.emit({ event: 'done', runDir: outcome.dir, files: outcome.files, evaluated: 0, reused: 0 });
        return 0;
    }
    if (outcome.manifest.command === 'demo') io.stdout.write(DEMO_HEADER);
    printStudy(outcome.result, io);
    io.stdout.write(`\nwrote ${outcome.files.map((f) => shortPath(f, io.cwd)).join(', ')}\n`);
    return 0;
}
