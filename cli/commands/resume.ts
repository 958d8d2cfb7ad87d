import { resumeRun } from '../../engine/run/execute.js';
import { JSON_FLAG, type Command } from '../command.js';
import { interruptible } from '../interrupt.js';
import { printOutcome, reporterFor } from '../runOutput.js';

export const resumeCommand: Command = {
    name: 'resume',
    summary: 'continue an interrupted run from its journal (or redo a finished one for free)',
    usage: 'lissnas resume <dir> [--json]',
    description:
        'Re-executes the run of DIR from its run.json snapshot (not the .nas file, which may have changed), with\n' +
        'every evaluation in journal.jsonl answered from the journal: the evaluator is only called for the rest,\n' +
        'and the result is exactly the one an uninterrupted run gives (docs/runs.md). A run another live process\n' +
        'is running is refused (run.lock names its pid); Ctrl-C / SIGTERM keeps what finished, exits 130 / 143.',
    flags: [JSON_FLAG],
    positionals: [1, 1],
    examples: ['lissnas resume runs/lissnas'],
    async run(args, io) {
        const json = Boolean(args.flags.json);
        const dir = args.positionals[0];
        const outcome = await interruptible(dir, io, (signal) => resumeRun(dir, reporterFor(json, io), { evaluationEvents: json, signal }));
        if (typeof outcome === 'number') return outcome;
        if (!json) printOutcome(outcome, io);
        return 0;
    },
};
