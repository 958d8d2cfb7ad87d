import { readFileSync } from 'node:fs';
import { guessFormat, importSpace, IMPORT_FORMATS, nasText, spaceNameOf, type ImportFormat } from '../../engine/import/index.js';
import { UsageError } from '../args.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { ExitError } from '../io.js';
import { formatDiagnostic, loadFiles } from '../load.js';
import { writeNewFile } from '../new-file.js';
import { requireInputFile } from '../paths.js';

export const importCommand: Command = {
    name: 'import',
    summary: 'turn an NNI, W&B, Katib or Optuna search space into a .nas space',
    usage: 'lissnas import FILE [--from nni|wandb|katib|optuna-json] [--out X.nas] [--name NAME]',
    description:
        'Reads another tool\'s search space and writes one `space NAME { ... }` in .nas syntax (docs/interop.md):\n' +
        '  nni          NNI search-space JSON (nested choices become `when` conditions)\n' +
        '  wandb        W&B sweep YAML (parameters)\n' +
        '  katib        Katib Experiment YAML (spec.parameters)\n' +
        '  optuna-json  JSON object from parameter name to optuna.distributions.distribution_to_json(...)\n' +
        'Without --from the format is guessed from the file (YAML kind: Experiment is katib, other YAML wandb;\n' +
        'JSON with _type nni, with Optuna distribution names optuna-json). Every construct without a .nas\n' +
        'equivalent is reported on stderr with its location (line:col or JSON path) and as a comment in the\n' +
        'output; nothing is dropped silently. The text goes to stdout, or to --out (a new file, never\n' +
        'overwritten), which is then checked like `lissnas check`.',
    flags: [
        { name: 'from', type: 'string', valueName: 'FORMAT', description: `${IMPORT_FORMATS.join(', ')} (default: guessed)` },
        { name: 'out', type: 'string', valueName: 'FILE', description: 'write to FILE (a new .nas file) instead of stdout' },
        { name: 'name', type: 'string', valueName: 'NAME', description: "the space's name (default: the file's own name, else the file name)" },
    ],
    positionals: [1, 1],
    examples: ['lissnas import search_space.json --out space.nas', 'lissnas import sweep.yaml --from wandb', 'lissnas import experiment.yaml --from katib --name Tuned --out tuned.nas'],
    async run(args, io) {
        const file = args.positionals[0];
        requireInputFile(file);
        let text: string;
        try {
            text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
        } catch {
            throw new ExitError(EXIT.failed, `${file}: this is not a UTF-8 text file (a search space is JSON or YAML text)`);
        }
        const given = args.flags.from as string | undefined;
        if (given !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(given)) throw new UsageError(`unknown format '${given}' (formats: ${IMPORT_FORMATS.join(', ')})`, 'import');
        const format = (given as ImportFormat | undefined) ?? guessFormat(file, text);
        if (!format) throw new UsageError(`cannot tell the format of ${file}; give --from (${IMPORT_FORMATS.join(', ')})`, 'import');
        const space = importSpace(format, text, spaceNameOf(file));
        const name = args.flags.name as string | undefined;
        if (name !== undefined) {
            if (!/^[_a-zA-Z]\w*$/.test(name)) throw new UsageError(`--name ${name}: a space name is a letter or _ then letters, digits, _`, 'import');
            space.name = name;
        }
        for (const p of space.problems) io.stderr.write(`${file}:${p.location}: warning: ${p.message}\n`);
        if (space.params.length === 0) throw new ExitError(EXIT.failed, `${file}: no parameter could be imported (read as ${format})`);
        const nas = nasText(space, `${file} (${format})`);
        const out = args.flags.out as string | undefined;
        if (out === undefined) {
            io.stdout.write(nas);
            return 0;
        }
        writeNewFile(out, nas, 'out');
        // The promise is "checks clean": check what was written, like `lissnas check`.
        const [loaded] = await loadFiles([out]);
        for (const d of loaded.diagnostics) io.stderr.write(formatDiagnostic(d, io.cwd) + '\n');
        if (loaded.hasErrors) throw new ExitError(EXIT.failed, `${out} was written but does not check clean; please report this with ${file}`);
        io.stderr.write(`lissnas import: wrote ${out}: space ${space.name} with ${space.params.length} parameters (${format})\n`);
        return 0;
    },
};
