import { maximize, minimize, queryCost, seed, timeout } from '../common.js';
import { count, name, word } from '../shapes.js';
import { executor } from '../executor-shape.js';
import { declareKind, setting } from '../types.js';

export const COMMAND_OUTPUTS = ['json', 'last_number'] as const;

export const commandKind = declareKind({
    category: 'evaluator',
    kind: 'command',
    doc:
        'Runs your trial program once per architecture, without a shell: `{arch}`, `{key}`, `{trial_id}`, `{params_json}`, `{result_file}`, `{run_dir}`, `{seed}` are replaced in the command line ' +
        '(and given as LISSNAS_ARCH, LISSNAS_KEY, ... variables). Its answer is a JSON object written to `{result_file}`, or the last JSON line of its stdout (docs/scale-out.md). ' +
        'Logs go to trials/<id>/stdout and stderr in the run folder; a failed trial is recorded with the tail of its stderr.',
    args: [{ syntax: '"command {arch}"', shape: 'string', noun: 'command', doc: 'the command template' }],
    implemented: true,
    settings: {
        parallel: setting('parallel', count(), 'How many trials run at once.', { default: 1 }),
        timeout,
        retries: setting('retries', count({ min: 0 }), 'Extra attempts after a failed trial (non-zero exit, timeout, no answer); every attempt is journaled.', { default: 0 }),
        metric: setting('metric', name('<field>'), 'The field of the answer object that is the metric (default `metric`).', { default: 'metric' }),
        report: setting('report', name('<field>'), 'The field of the answer object that reports show (default: the metric).'),
        answer: setting('answer', word(COMMAND_OUTPUTS), '`json` (the trial protocol) or `last_number`: the last number printed on stdout is the metric (the old protocol, for scripts that print one number).', { default: 'json' as const }),
        seed,
        executor: setting('executor', executor(), 'Where trials run: `local` (child processes, the default) or `slurm(partition: gpu, gres: "gpu:1", time: 30m, cpus: 4, mem: 16G, array_limit: 50)`: each trial an element of a Slurm array job, tracked with squeue, cancelled with scancel, re-attached by `lissnas resume` (docs/scale-out.md).', { default: { kind: 'local' } as const }),
        minimize,
        maximize,
        query_cost: queryCost,
    },
});
