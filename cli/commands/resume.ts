import { resumeRun } from '../../engine/run/execute.js';
import { JSON_FLAG, type Command } from '../command.js';
import { printOutcome, reporterFor } from '../runOutput.js';
import { requireRunOrStudyDir } from '../paths.js';

export const resumeCommand: Command = {
    name: 'resume',
    summary: 'continue an interrupted run from its journal (or redo a finished one for free)',
    usage: 'lissnas resume <dir> [--json]',
    description:
        'Re-executes the run of DIR from its run.json snapshot (not the .nas file, which may have changed), with\n' +
        'every evaluation in journal.jsonl answered from the journal: the evaluator is only called for the rest,\n' +
        'and the result is exactly the one an uninterrupted run gives (docs/runs.md).',
    flags: [JSON_FLAG],
    positionals: [1, 1],
    examples: ['lissnas resume runs/lissnas'],
    async run(args, io) {
        const json = Boolean(args.flags.json);
        const dir = args.positionals[0];
        requireRunOrStudyDir(dir, 'resume');
        const onInterrupt = (): void => {
            io.stderr.write(`\ninterrupted; continue with: lissnas resume ${dir}\n`);
            process.exit(130);
        };
        process.once('SIGINT', onInterrupt);
        const outcome = await resumeRun(dir, reporterFor(json, io), { evaluationEvents: json }).finally(() => process.removeListener('SIGINT', onInterrupt));
        if (!json) printOutcome(outcome, io);
        return 0;
    },
};
