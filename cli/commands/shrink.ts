import { startRun } from '../../engine/run/execute.js';
import { isDataset, DATASET_PREFIXES } from '../../engine/run/datasets.js';
import { defaultRunDir } from '../../engine/run/run-dir.js';
import { normalizeStart } from '../../engine/search/start.js';
import type { DocumentSpec } from '../../engine/spec.js';
import { UsageError, type FlagDef, type ParsedArgs } from '../args.js';
import { JSON_FLAG, type Command } from '../command.js';
import type { CliIo } from '../io.js';
import { interruptible } from '../interrupt.js';
import { loadSpecOrExit } from '../load.js';
import { printOutcome, reporterFor } from '../run-output.js';
import { requireNames } from '../names.js';
import { BACKEND_NAMES, isBackendName, type BackendName } from '../../engine/evaluate/neural/backend.js';

export const OUT_FLAG: FlagDef = { name: 'out', type: 'string', valueName: 'DIR', description: 'run directory (default runs/<name>-<time>)' };
export const SEED_FLAG: FlagDef = { name: 'seed', type: 'int', valueName: 'N', description: "override the declaration's `seed` setting" };
export const DATASET_FLAG: FlagDef = {
    name: 'dataset',
    type: 'string',
    valueName: 'D',
    description: `switch table columns to dataset D (${DATASET_PREFIXES.join(', ')}): c10_val_naslib -> D_val_naslib, c10_test -> D_test`,
};

export const BACKEND_FLAG: FlagDef = {
    name: 'backend',
    type: 'string',
    valueName: 'B',
    description: `neural back-end for proxy/train evaluators: ${BACKEND_NAMES.join('|')} (default auto = torch when python3 can import it, else tensorflow or webgpu on a GPU, else wasm; docs/proxies.md)`,
};

/** `--backend`: a known name, or a usage error (one that cannot run here is refused, saying why, when a run needs it). */
export function backendOf(args: ParsedArgs, command: string): BackendName | undefined {
    const b = args.flags.backend as string | undefined;
    if (b === undefined) return undefined;
    if (!isBackendName(b)) throw new UsageError(`unknown back-end '${b}' (known: ${BACKEND_NAMES.join(', ')})`, command);
    return b;
}

export function datasetOf(args: ParsedArgs, command: string): string | undefined {
    const d = args.flags.dataset as string | undefined;
    if (d !== undefined && !isDataset(d)) throw new UsageError(`unknown dataset '${d}' (known: ${DATASET_PREFIXES.join(', ')})`, command);
    return d;
}

/** `--start ARCH` of a search, read with its space's parser; a malformed or foreign architecture is a usage error. */
function startOf(args: ParsedArgs, doc: DocumentSpec, name: string, command: string): string | undefined {
    const text = args.flags.start as string | undefined;
    if (text === undefined) return undefined;
    try {
        return normalizeStart(doc, name, text);
    } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error), command);
    }
}

export async function runOne(kind: 'shrink' | 'search', name: string, args: ParsedArgs, io: CliIo, argv: string[]): Promise<number> {
    const file = args.positionals[0];
    const doc = await loadSpecOrExit(file, io, Boolean(args.flags.json));
    requireNames(doc, kind === 'shrink' ? 'policy' : 'search', [name], kind);
    const start = startOf(args, doc, name, kind);
    const json = Boolean(args.flags.json);
    const dir = (args.flags.out as string | undefined) ?? defaultRunDir(name);
    // Ctrl-C / kill: evaluations in flight stop, everything finished is journaled; say how to continue (interrupt.ts).
    const outcome = await interruptible(dir, io, (signal) =>
        startRun(
            {
                command: kind,
                name,
                doc,
                dir,
                seed: args.flags.seed as number | undefined,
                budget: args.flags.budget as number | undefined,
                ...(start !== undefined ? { start } : {}),
                dataset: datasetOf(args, kind),
                backend: backendOf(args, kind),
                argv,
                source: file,
            },
            reporterFor(json, io),
            { evaluationEvents: json, signal },
        ),
    );
    if (typeof outcome === 'number') return outcome;
    if (!json) printOutcome(outcome, io);
    return 0;
}

export const shrinkCommand: Command = {
    name: 'shrink',
    summary: 'run a shrinkage policy (lissnas, op_pruning, random_shrink) in a resumable run directory',
    usage: 'lissnas shrink <file> --policy NAME [--out DIR] [--seed N] [--dataset D] [--backend B] [--json]',
    description:
        'Runs `policy NAME` of the file. The run directory gets run.json, journal.jsonl (every evaluation, as it\n' +
        'happens), result.json and report.html. A killed run continues with `lissnas resume DIR`.\n' +
        'Ctrl-C / SIGTERM stops the evaluator processes, keeps every finished evaluation, exits 130 / 143.\n' +
        'Progress goes to stderr; with --json, one event per line on stdout (docs/runs.md).\n' +
        'proxy(...) and train(...) evaluators run on a neural back-end (--backend; docs/proxies.md): the run says which.',
    flags: [{ name: 'policy', type: 'string', valueName: 'NAME', description: 'the policy to run (required)' }, OUT_FLAG, SEED_FLAG, DATASET_FLAG, BACKEND_FLAG, JSON_FLAG],
    positionals: [1, 1],
    examples: ['lissnas shrink examples/nb201.nas --policy Lissnas --out runs/lissnas', 'lissnas shrink examples/nb201.nas --policy ABS --dataset c100 --json'],
    async run(args, io) {
        const policy = args.flags.policy as string | undefined;
        if (!policy) throw new UsageError('missing --policy NAME', 'shrink');
        return runOne('shrink', policy, args, io, ['shrink', ...process.argv.slice(3)]);
    },
};
