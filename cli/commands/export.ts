import { exportArchitecturesCsv, exportArchitecturesJson } from '../../engine/export/architectures.js';
import { flattenSpace, type FlatSpace } from '../../engine/export/decisions.js';
import { exportSpace, FORMATS, isSpaceFormat, SPACE_FORMATS, TABLE_FORMATS } from '../../engine/export/index.js';
import { evaluatorForSpace, flattenShrunk, objectiveOf, type ExportInput } from '../../engine/export/input.js';
import type { SpaceSpec } from '../../engine/spec.js';
import { UsageError } from '../args.js';
import type { Command } from '../command.js';
import { readRunExport, runSpaceInput, runTable } from '../export-run.js';
import { loadSpecOrExit } from '../load.js';
import { writeNewFile } from '../new-file.js';

const formatLines = [
    ...Object.entries(SPACE_FORMATS).map(([name, f]) => `  ${name.padEnd(7)} ${f.what}`),
    ...Object.entries(TABLE_FORMATS).map(([name, what]) => `  ${name.padEnd(7)} ${what} (--run only)`),
].join('\n');

export const exportCommand: Command = {
    name: 'export',
    summary: 'export a space, a policy\'s space or a run\'s shrunk space to NNI, Optuna, Ray Tune, W&B, Katib, JSON or CSV',
    usage: 'lissnas export [<file>] (--space S | --policy P | --run DIR) --to FORMAT [--out FILE]',
    description:
        'Writes the search space for another HPO tool (docs/interop.md). --space S: a space of the file.\n' +
        "--policy P: the space policy P shrinks, with P's evaluator as the objective. --run DIR: the shrunk\n" +
        'space a shrink (or a search inside a policy) left, as one categorical over its architecture strings\n' +
        '(run.json holds the spec: no <file>). Architecture components become one categorical per edge/node;\n' +
        'what a format cannot express (conditionals in W&B/Katib, constraints, graph validity, isomorphism)\n' +
        'is named in a warning on stderr and, in YAML and Python, a comment in the file. Formats:\n' +
        formatLines +
        '\n' +
        'The text goes to stdout, or to --out FILE, which must not exist (lissnas never overwrites a file).',
    flags: [
        { name: 'space', type: 'string', valueName: 'S', description: 'export space S of <file>' },
        { name: 'policy', type: 'string', valueName: 'P', description: 'export the space policy P shrinks (objective: its evaluator)' },
        { name: 'run', type: 'string', valueName: 'DIR', description: 'export the shrunk space (or, with json/csv, the architectures) of a run directory' },
        { name: 'to', type: 'string', valueName: 'FORMAT', description: `${FORMATS.join(', ')} (required)` },
        { name: 'out', type: 'string', valueName: 'FILE', description: 'write to FILE (a new file) instead of stdout' },
    ],
    positionals: [0, 1],
    examples: [
        'lissnas export examples/tour.nas --space Training --to optuna --out training_space.py',
        'lissnas export examples/tour.nas --policy Lissnas --to katib > experiment.yaml',
        'lissnas shrink examples/nb201.nas --policy Lissnas --out runs/l && lissnas export --run runs/l --to ray',
        'lissnas export --run runs/l --to csv --out pockets.csv',
    ],
    async run(args, io) {
        const to = args.flags.to as string | undefined;
        if (!to) throw new UsageError(`missing --to FORMAT (${FORMATS.join(', ')})`, 'export');
        if (!(FORMATS as string[]).includes(to)) throw new UsageError(`unknown format '${to}' (formats: ${FORMATS.join(', ')})`, 'export');
        const picks = (['space', 'policy', 'run'] as const).filter((k) => args.flags[k] !== undefined);
        if (picks.length !== 1) throw new UsageError(picks.length === 0 ? 'say what to export: --space S, --policy P or --run DIR' : `give one of --space, --policy, --run (got ${picks.map((p) => `--${p}`).join(', ')})`, 'export');
        const file = args.positionals[0];
        let text: string;
        let warnings: string[] = [];
        if (picks[0] === 'run') {
            if (file !== undefined) throw new UsageError('--run reads the spec from the run directory: give no <file>', 'export');
            const dir = args.flags.run as string;
            const run = readRunExport(dir);
            if (isSpaceFormat(to)) {
                const out = exportSpace(to, runSpaceInput(dir, run));
                text = out.text;
                warnings = out.warnings.map((w) => w.message);
            } else {
                const table = runTable(dir, run);
                text = to === 'json' ? exportArchitecturesJson(table) : exportArchitecturesCsv(table);
                if (!run.finished) warnings.push(`${dir}: the run has not finished (no result.json): no members or pockets, only what it evaluated`);
            }
        } else {
            if (file === undefined) throw new UsageError(`missing <file> (usage: ${exportCommand.usage})`, 'export');
            if (!isSpaceFormat(to)) throw new UsageError(`--to ${to} exports the architectures of a run: use --run DIR`, 'export');
            const doc = await loadSpecOrExit(file, io, true);
            let input: ExportInput;
            if (picks[0] === 'space') {
                const name = args.flags.space as string;
                const space = doc.spaces.find((s) => s.name === name);
                if (!space) throw new UsageError(`--space: no space named '${name}' in the file (spaces: ${doc.spaces.map((s) => s.name).join(', ') || 'none'})`, 'export');
                const objective = objectiveOf(doc, evaluatorForSpace(doc, space));
                input = { flat: flatOf(space), source: `space ${name} of ${file}`, ...(objective ? { objective } : {}) };
            } else {
                const name = args.flags.policy as string;
                const policy = doc.policies.find((p) => p.name === name);
                if (!policy) throw new UsageError(`--policy: no policy named '${name}' in the file (policies: ${doc.policies.map((p) => p.name).join(', ') || 'none'})`, 'export');
                const objective = objectiveOf(doc, policy.evaluator);
                input = { flat: flatOf(policy.space), source: `space ${policy.space.name} of policy ${name} in ${file}`, ...(objective ? { objective } : {}) };
            }
            const out = exportSpace(to, input);
            text = out.text;
            warnings = out.warnings.map((w) => w.message);
        }
        for (const w of warnings) io.stderr.write(`lissnas export: warning: ${w}\n`);
        const outPath = args.flags.out as string | undefined;
        if (outPath === undefined) io.stdout.write(text);
        else {
            writeNewFile(outPath, text, 'out');
            io.stderr.write(`lissnas export: wrote ${outPath} (${to})\n`);
        }
        return 0;
    },
};

/** A space of the file as decisions; a saved space (`shrunk(B, "...")`) as its members, like `--run` of its shrink run. */
function flatOf(spec: SpaceSpec): FlatSpace {
    const saved = spec.saved;
    if (!saved?.space) return flattenSpace(spec);
    return flattenShrunk({ ...saved.space, name: spec.name }, { name: saved.base, components: spec.components, network: spec.network, constraints: spec.constraints });
}
