import { relative } from 'node:path';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rewriteReport } from '../../engine/run/execute.js';
import { rewriteStudyReport } from '../../engine/run/study.js';
import type { Command } from '../command.js';
import { requireRunOrStudyDir } from '../paths.js';

export const reportCommand: Command = {
    name: 'report',
    summary: 'rewrite report.html of a run or study directory from its result files',
    usage: 'lissnas report <dir>',
    description:
        'Rebuilds DIR/report.html from run.json + result.json (a run) or study.json (a study). The page is\n' +
        'self-contained: inline CSS and SVG, no scripts, no network. It writes only report.html, a file lissnas\n' +
        'created, into a directory lissnas created (exit 3 on any other directory).',
    flags: [],
    positionals: [1, 1],
    examples: ['lissnas report runs/lissnas'],
    async run(args, io) {
        const dir = args.positionals[0];
        requireRunOrStudyDir(dir, 'report');
        const file = existsSync(join(dir, 'study.json')) ? rewriteStudyReport(dir) : rewriteReport(dir);
        io.stdout.write(`${relative(io.cwd, file) || file}\n`);
        return 0;
    },
};
