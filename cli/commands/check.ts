import { JSON_FLAG, type Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { formatDiagnostic, loadFiles } from '../load.js';
import { MAX_DIAGNOSTICS } from '../../dsl/validation/text-content.js';
import { requireInputFile } from '../paths.js';

export const checkCommand: Command = {
    name: 'check',
    summary: 'parse and validate .nas files; print diagnostics',
    usage: 'lissnas check <files...> [--json]',
    description:
        'Parses, links (imports included) and validates each file, and prints one line per diagnostic:\n' +
        '  file:line:col: severity: message\n' +
        `At most ${MAX_DIAGNOSTICS} per file, then one line \`file: ... and N more\`; a binary or non-UTF-8 file gets one error.\n` +
        'Exit code 1 when any file has an error, 0 otherwise (warnings do not fail); 3 when a path is missing or\n' +
        'not a file. With --json: one JSON object {"files": [...], "diagnostics": [...], "errors": N, "warnings": N}.',
    flags: [JSON_FLAG],
    positionals: [1, Infinity],
    examples: ['lissnas check examples/nb201.nas', 'lissnas check examples/*.nas --json'],
    async run(args, io) {
        const files = args.positionals;
        for (const f of files) requireInputFile(f);
        const loaded = await loadFiles(files);
        const diagnostics = loaded.flatMap((l) => l.diagnostics);
        // A file imported by several arguments reports its problems once.
        const unique = [...new Map(diagnostics.map((d) => [`${d.file}:${d.line}:${d.col}:${d.message}`, d])).values()];
        unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
        const errors = unique.filter((d) => d.severity === 'error').length;
        const warnings = unique.filter((d) => d.severity === 'warning').length;
        if (args.flags.json) {
            io.stdout.write(JSON.stringify({ files, diagnostics: unique, errors, warnings }) + '\n');
        } else {
            for (const d of unique) io.stdout.write(formatDiagnostic(d, io.cwd) + '\n');
            io.stderr.write(`${files.length} file(s): ${errors} error(s), ${warnings} warning(s)\n`);
        }
        return errors > 0 ? EXIT.failed : EXIT.ok;
    },
};
