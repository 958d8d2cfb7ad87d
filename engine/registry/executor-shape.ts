// The `executor` setting of command evaluators: where trials run. `local` (the default: child processes of
// lissnas) or `slurm(...)`: each trial an element of a Slurm array job (engine/evaluate/slurm/).
import type { SettingValue } from '../spec.js';
import { didYouMean } from './closest-name.js';
import { durationValue, formatSettingValue, wholeCount, wordOf, type Shape, type ShapeResult } from './shapes.js';

export interface SlurmOptions {
    partition?: string;
    account?: string;
    qos?: string;
    /** Generic resources as Slurm writes them (`gpu:1`). */
    gres?: string;
    /** Job time limit in seconds (`time: 30m`); Slurm gets whole minutes, rounded up. */
    timeSeconds?: number;
    cpus?: number;
    /** Memory per node as Slurm reads it (`16G`, `500M`; a plain number is megabytes). */
    mem?: string;
    /** Array elements running at once (`--array=...%N`). */
    arrayLimit?: number;
}

export type Executor = { kind: 'local' } | ({ kind: 'slurm' } & SlurmOptions);

const PARAMETERS = ['partition', 'account', 'qos', 'gres', 'time', 'cpus', 'mem', 'array_limit'] as const;
export const EXECUTOR_SYNTAX = 'local|slurm(partition: <name>, gres: "gpu:1", time: 30m, cpus: <count>, mem: 16G, array_limit: <count>, account: <name>, qos: <name>)';

const ok = <T>(value: T): ShapeResult<T> => ({ ok: true, value });
const fail = <T>(message: string): ShapeResult<T> => ({ ok: false, message, index: 0 });

function slurmArgument(options: SlurmOptions, parameter: string, v: SettingValue): string | undefined {
    switch (parameter) {
        case 'partition':
        case 'account':
        case 'qos':
        case 'gres': {
            const w = wordOf(v);
            if (w === undefined || !/^[\w.:,=+-]+$/.test(w)) return `slurm: ${parameter} needs a name or a string, not ${formatSettingValue(v)}`;
            options[parameter] = w;
            return undefined;
        }
        case 'time': {
            const s = durationValue(v, 'time');
            if (typeof s === 'string') return `slurm: ${s}`;
            if (!(s > 0)) return 'slurm: time must be positive';
            options.timeSeconds = s;
            return undefined;
        }
        case 'cpus':
        case 'array_limit': {
            const n = wholeCount(v, parameter, 1);
            if (typeof n === 'string') return `slurm: ${n}`;
            if (parameter === 'cpus') options.cpus = n;
            else options.arrayLimit = n;
            return undefined;
        }
        case 'mem': {
            if (v.kind === 'number' && Number.isInteger(v.value) && v.value > 0) options.mem = String(v.value);
            else if (v.kind === 'quantity' && ['K', 'M', 'G'].includes(v.unit) && v.value > 0 && Number.isInteger(v.value)) options.mem = `${v.value}${v.unit}`;
            else return `slurm: mem needs a size such as 16G or 500M (a plain number is megabytes), not ${formatSettingValue(v)}`;
            return undefined;
        }
    }
    return `slurm takes ${PARAMETERS.join(', ')}, not '${parameter}'${didYouMean(parameter, PARAMETERS)}`;
}

/** `local` or `slurm(...)`, arguments by name. */
export function executor(): Shape<Executor> {
    return {
        name: 'executor',
        syntax: EXECUTOR_SYNTAX,
        words: ['local', 'slurm'],
        read: (values, key) => {
            if (values.length !== 1) return values.length === 0 ? fail(`${key} needs a value: \`${key} local\` or \`${key} slurm(...)\``) : { ok: false, message: `${key} takes one value`, index: 1 };
            const v = values[0];
            if (wordOf(v) === 'local') return ok({ kind: 'local' });
            if (wordOf(v) === 'slurm') return ok({ kind: 'slurm' });
            if (v.kind !== 'call' || v.name !== 'slurm') {
                const called = v.kind === 'call' ? v.name : wordOf(v);
                return fail(`${key} expects local or slurm(...), not ${formatSettingValue(v)}${called ? didYouMean(called, ['local', 'slurm']) : ''}`);
            }
            const options: SlurmOptions = {};
            const seen = new Set<string>();
            for (const arg of v.args) {
                if (arg.name === undefined) return fail(`slurm: name each argument (${PARAMETERS.join(', ')}), e.g. slurm(partition: gpu)`);
                if (seen.has(arg.name)) return fail(`slurm: ${arg.name} is given twice`);
                seen.add(arg.name);
                const problem = slurmArgument(options, arg.name, arg.value);
                if (problem) return fail(problem);
            }
            return ok({ kind: 'slurm', ...options });
        },
        samples: {
            valid: ['local', 'slurm', 'slurm(partition: gpu, gres: "gpu:1", time: 30m, cpus: 4, mem: 16G, array_limit: 50)', 'slurm(mem: 4000)'],
            invalid: ['kubernetes', 'slurm(partition: 3)', 'slurm(time: 5%)', 'slurm(cpus: 0)', 'slurm(mem: 16m)', 'slurm(nodes: 2)', 'slurm(gpu)', ''],
        },
    };
}
